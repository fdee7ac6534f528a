//! Workspace data-export layout: `am-<table>/…/PT05M.json` flat Log Analytics rows.
//!
//! §3.1 of `azure-exports.md`: container `am-<table>` (lower case), path
//! `WorkspaceResourceId=/subscriptions/…/y=/m=/d=/h=/m=<mm>/PT05M.json` with `m=<mm>` the
//! 5-minute `TimeGenerated` bucket, overflow `PT05M_<n>.json`, and the preview era's hourly
//! `…/m=00/PT1H.json`. Rows carry Log Analytics column names at the top level (§3.2). The table is
//! the catalogued or documented one (`kql-schemas`) whose name matches the container
//! (case-insensitively), else the rows' `Type`.
//! Parquet under an `am-` container (export jobs, §4.1) belongs to the same table.

use super::{
    Classified, ExportLayout, FilePath, NameField, ShapeHint, TableSource, file_format,
    last_folder, path_time,
};
use crate::catalog::{documented_name, table_by_name};

const PREFIX: &str = "am-";

/// The workspace data-export layout.
#[derive(Debug)]
pub(crate) struct WorkspaceExport;

impl ExportLayout for WorkspaceExport {
    fn name(&self) -> &'static str {
        "workspace data export (am-<table>/…/PT05M.json)"
    }

    fn classify(&self, file: &FilePath) -> Option<Classified> {
        let format = file_format(file.file_name())?;
        let idx = last_folder(file, is_container)?;
        let suffix = &file.folders()[idx][PREFIX.len()..];
        let table = match known_table(suffix) {
            Some(t) => TableSource::Known(t),
            None => TableSource::FromRecords {
                field: NameField::Type,
                fallback: suffix.to_owned(),
            },
        };
        Some(Classified {
            depth: idx + 1,
            table,
            shape: ShapeHint::Flat,
            time: path_time(file),
            format,
            workspace: workspace_resource_id(file),
        })
    }
}

/// True for a folder named like a workspace-export container (`am-<table>`, any case).
pub(crate) fn is_container(folder: &str) -> bool {
    folder.len() > PREFIX.len()
        && folder
            .get(..PREFIX.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(PREFIX))
}

/// The catalogued or documented table named `suffix` (any case).
fn known_table(suffix: &str) -> Option<&'static str> {
    table_by_name(suffix)
        .map(|t| t.name)
        .or_else(|| documented_name(suffix))
}

/// The table of container folder `folder` when its name says; `None` when the folder is not a
/// container or its table is named by its rows' `Type`.
pub(crate) fn container_table(folder: &str) -> Option<&'static str> {
    is_container(folder)
        .then(|| known_table(&folder[PREFIX.len()..]))
        .flatten()
}

/// The workspace's resource id from the `WorkspaceResourceId=` folder and those below it, up to
/// the time folders: `/subscriptions/<sub>/resourcegroups/<rg>/providers/
/// microsoft.operationalinsights/workspaces/<ws>` (as the export spells it, lower case).
fn workspace_resource_id(file: &FilePath) -> Option<String> {
    let folders = file.folders();
    let start = folders
        .iter()
        .position(|c| c.eq_ignore_ascii_case("WorkspaceResourceId="))?;
    let parts: Vec<&str> = folders[start + 1..]
        .iter()
        .map(String::as_str)
        .take_while(|c| !c.starts_with("y="))
        .collect();
    (!parts.is_empty()).then(|| format!("/{}", parts.join("/")))
}

/// The workspace name in a resource id: the segment after `workspaces`, else the last one.
pub(crate) fn workspace_name(resource_id: &str) -> &str {
    let parts: Vec<&str> = resource_id.split('/').filter(|p| !p.is_empty()).collect();
    parts
        .iter()
        .rposition(|p| p.eq_ignore_ascii_case("workspaces"))
        .and_then(|i| parts.get(i + 1))
        .or(parts.last())
        .copied()
        .unwrap_or(resource_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::prune::FileTime;
    use crate::layout::tests::fp;

    #[test]
    fn container_names_the_table() {
        let f = fp(
            "r/am-amlcomputejobevent/WorkspaceResourceId=/subscriptions/s/y=2024/m=05/d=01/h=13/m=05/PT05M.json",
            1,
            false,
        );
        let c = WorkspaceExport.classify(&f).unwrap();
        assert_eq!(c.table, TableSource::Known("AmlComputeJobEvent"));
        assert_eq!(c.shape, ShapeHint::Flat);
        assert!(matches!(c.time, FileTime::Bucket { .. }));
        assert_eq!(c.workspace.as_deref(), Some("/subscriptions/s"));
        let f = fp(
            "r/am-x/WorkspaceResourceId=/subscriptions/s/resourcegroups/rg/providers/microsoft.operationalinsights/workspaces/law-a/y=2024/m=05/d=01/h=13/m=05/PT05M.json",
            1,
            false,
        );
        let id = WorkspaceExport.classify(&f).unwrap().workspace.unwrap();
        assert_eq!(
            id,
            "/subscriptions/s/resourcegroups/rg/providers/microsoft.operationalinsights/workspaces/law-a"
        );
        assert_eq!(workspace_name(&id), "law-a");
        let f = fp(
            "am-securityevent/y=2024/m=05/d=01/h=13/m=00/PT1H.json",
            0,
            false,
        );
        let c = WorkspaceExport.classify(&f).unwrap();
        assert_eq!(c.table, TableSource::Known("SecurityEvent"));
        let f = fp(
            "am-MyCustom_CL/y=2024/m=05/d=01/h=13/m=00/PT1H.json",
            0,
            false,
        );
        let c = WorkspaceExport.classify(&f).unwrap();
        assert_eq!(
            c.table,
            TableSource::FromRecords {
                field: NameField::Type,
                fallback: "MyCustom_CL".into()
            }
        );
        assert!(matches!(c.time, FileTime::ArrivalHour(_)));
        assert!(
            WorkspaceExport
                .classify(&fp("am-/x.json", 0, false))
                .is_none()
        );
    }
}
