//! `workspace("name").T`: a table restricted to the files one Log Analytics workspace exported.
//!
//! Only workspace data exports say which workspace their rows came from: the
//! `WorkspaceResourceId=/subscriptions/…/workspaces/<ws>` folders of their paths
//! (`azure-exports.md` §3.1). Diagnostic-settings exports name the resource that emitted the rows
//! (an AML workspace is not a Log Analytics workspace), never the workspace they were also sent
//! to, so their files belong to no workspace here. [`ExportCatalog::workspace_table`] resolves a
//! workspace by name (case-insensitive) or full resource id and builds a provider over only that
//! workspace's files: the files of other workspaces are never opened.

use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use crate::json::provider::{JsonExportProvider, JsonTable};
use crate::layout::workspace_export::workspace_name;
use crate::mixed::MixedProvider;
use crate::parquet_table::{parquet_table, untimed};
use crate::{ExportCatalog, ExportError, ExportTable, ScanOptions};

/// Why `workspace(…).T` names no export table.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    /// No workspace export of this name or resource id.
    #[error("unknown workspace '{workspace}'")]
    Unknown {
        /// The workspace as written.
        workspace: String,
        /// The names of the workspaces found (sorted); empty when there is no workspace export.
        found: Vec<String>,
    },
    /// Several workspaces (in different resource groups or subscriptions) have this name.
    #[error("workspace name '{workspace}' is ambiguous")]
    Ambiguous {
        /// The name as written.
        workspace: String,
        /// The resource ids it matches.
        resource_ids: Vec<String>,
    },
    /// The workspace exported no files of the table.
    #[error("workspace '{workspace}' exported no table '{table}'")]
    NoTable {
        /// The workspace's name.
        workspace: String,
        /// The table.
        table: String,
        /// The tables it exported (sorted).
        tables: Vec<String>,
    },
    /// Its files could not be read.
    #[error(transparent)]
    Export(#[from] ExportError),
}

impl ExportCatalog {
    /// The resource ids of the workspaces whose data exports were found, sorted.
    pub fn workspaces(&self) -> Vec<String> {
        let ids: BTreeSet<&String> = self
            .workspace_files
            .values()
            .flatten()
            .map(|(_, id)| id)
            .collect();
        ids.into_iter().cloned().collect()
    }

    /// Table `table` (exact name) restricted to the files of workspace `workspace`: its name
    /// (case-insensitive) or its full resource id (case-insensitive, as Azure resource ids are).
    pub fn workspace_table(
        &self,
        workspace: &str,
        table: &str,
    ) -> Result<ExportTable, WorkspaceError> {
        // 1. Resolve the workspace.
        let ids = self.workspaces();
        let wanted = workspace.trim_end_matches('/');
        let by_id: Vec<&String> = ids
            .iter()
            .filter(|id| id.eq_ignore_ascii_case(wanted))
            .collect();
        let matches = if by_id.is_empty() {
            ids.iter()
                .filter(|id| workspace_name(id).eq_ignore_ascii_case(wanted))
                .collect()
        } else {
            by_id
        };
        let id = match matches.as_slice() {
            [one] => (*one).clone(),
            [] => {
                let found: BTreeSet<&str> = ids.iter().map(|id| workspace_name(id)).collect();
                return Err(WorkspaceError::Unknown {
                    workspace: workspace.to_owned(),
                    found: found.into_iter().map(str::to_owned).collect(),
                });
            }
            many => {
                return Err(WorkspaceError::Ambiguous {
                    workspace: workspace.to_owned(),
                    resource_ids: many.iter().map(|id| (*id).clone()).collect(),
                });
            }
        };
        // 2. Its files of the table.
        let paths: Vec<PathBuf> = self
            .workspace_files
            .get(table)
            .into_iter()
            .flatten()
            .filter(|(_, w)| *w == id)
            .map(|(p, _)| p.clone())
            .collect();
        let (Some(whole), false) = (self.tables.get(table), paths.is_empty()) else {
            let tables = self
                .workspace_files
                .iter()
                .filter(|(_, files)| files.iter().any(|(_, w)| *w == id))
                .map(|(t, _)| t.clone())
                .collect();
            return Err(WorkspaceError::NoTable {
                workspace: workspace_name(&id).to_owned(),
                table: table.to_owned(),
                tables,
            });
        };
        // 3. A provider over those files only.
        let bytes = paths
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .sum();
        // A table also read from Parquet: its JSON part (Parquet files name no workspace).
        if let Some(json) = whole.json_provider() {
            let keep: HashSet<&PathBuf> = paths.iter().collect();
            let t = &json.table;
            let files: Vec<_> = t
                .files
                .iter()
                .filter(|f| keep.contains(&f.path))
                .cloned()
                .collect();
            let restricted = JsonTable {
                name: t.name.clone(),
                columns: t.columns.clone(),
                schema: Arc::clone(&t.schema),
                files,
                strict: t.strict,
                no_pruning: t.no_pruning,
                no_pushdown: t.no_pushdown,
                // A mixed table's JSON part leaves duplicates to the mixed scan; alone, it counts
                // them itself.
                duplicates: whole
                    .provider
                    .downcast_ref::<MixedProvider>()
                    .map_or(t.duplicates, |m| m.duplicates),
                report: Arc::clone(&t.report),
            };
            return Ok(ExportTable {
                name: whole.name.clone(),
                columns: whole.columns.clone(),
                provider: Arc::new(JsonExportProvider {
                    table: Arc::new(restricted),
                }),
                files: paths.len(),
                bytes,
            });
        }
        // Parquet: a listing table over the workspace's files (their own schema).
        let (table, _) = parquet_table(table, &untimed(&paths), ScanOptions::default())?
            .into_export_table(&whole.name, paths.len(), bytes);
        Ok(table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ScanOptions;
    use crate::test_util::TempDir;

    #[test]
    fn a_name_two_resource_groups_share_is_ambiguous() {
        let dir = TempDir::new();
        let row = r#"{"TimeGenerated":"2024-05-01T13:05:00Z","Type":"AmlComputeJobEvent"}"#;
        for rg in ["rg-a", "rg-b"] {
            dir.write(
                &format!(
                    "am-amlcomputejobevent/WorkspaceResourceId=/subscriptions/s/resourcegroups/\
                     {rg}/providers/microsoft.operationalinsights/workspaces/law/y=2024/m=05/\
                     d=01/h=13/m=05/PT05M.json"
                ),
                format!("{row}\n"),
            );
        }
        let catalog = ExportCatalog::discover(&[dir.path().to_path_buf()], ScanOptions::default())
            .expect("discovers");
        let err = catalog
            .workspace_table("LAW", "AmlComputeJobEvent")
            .expect_err("ambiguous");
        assert!(
            matches!(&err, WorkspaceError::Ambiguous { resource_ids, .. } if resource_ids.len() == 2),
            "{err:?}"
        );
        let id = "/subscriptions/s/resourceGroups/rg-b/providers/Microsoft.OperationalInsights/\
                  workspaces/law";
        let table = catalog
            .workspace_table(id, "AmlComputeJobEvent")
            .expect("by resource id");
        assert_eq!(table.files, 1);
    }
}
