//! The tables a query can name: the exports under `--data`, then the documented Log Analytics
//! tables (`kql-schemas`) as empty schema-only tables; and `externaldata`'s local files, read
//! by `kql-exports`.
//!
//! Log Analytics answers a query over a table that exists but holds no rows with an empty
//! result in the table's columns; kqlake does the same for a documented table that has no
//! exports, and the engine warns about it ([`documented_only_tables`]). The same catalog lets
//! `kql check` plan queries with no data at all.

use datafusion::arrow::datatypes::{Field, Schema};
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::datasource::empty::EmptyTable;
use datafusion::datasource::provider_as_source;
use datafusion::logical_expr::LogicalPlan;
use kql_exports::ExportCatalog;
use kql_exports::WorkspaceError;
use kql_functions::types::kql_to_arrow;
use kql_planner::{
    CatalogTable, ExternalDataError, ExternalDataRequest, PlanCatalog, WorkspaceLookupError,
};
use kql_schemas::DocumentedTable;
use kql_syntax::KqlType;
use std::collections::BTreeSet;
use std::sync::Arc;

/// The exports (if any) and the documented tables, as the planner sees them. An export table
/// shadows the documented table of the same name.
pub(crate) struct QueryTables<'a>(pub(crate) Option<&'a ExportCatalog>);

impl QueryTables<'_> {
    fn exported(&self, name: &str) -> bool {
        self.0.is_some_and(|e| e.table(name).is_some())
    }
}

impl PlanCatalog for QueryTables<'_> {
    fn table(&self, name: &str) -> Option<CatalogTable> {
        if let Some(table) = self.0.and_then(|e| e.table(name)) {
            return Some(CatalogTable {
                columns: table
                    .columns
                    .iter()
                    .map(|c| (c.name.clone(), c.kql_type))
                    .collect(),
                source: provider_as_source(Arc::clone(&table.provider)),
            });
        }
        kql_schemas::table(name).map(empty_table)
    }

    fn table_names(&self) -> Vec<String> {
        let mut names: BTreeSet<String> = self
            .0
            .map(ExportCatalog::table_names)
            .unwrap_or_default()
            .into_iter()
            .collect();
        names.extend(kql_schemas::table_names().map(str::to_owned));
        names.into_iter().collect()
    }

    fn tables_with_rows(&self) -> Vec<String> {
        self.0.map(ExportCatalog::table_names).unwrap_or_default()
    }

    fn workspace_table(
        &self,
        workspace: &str,
        table: &str,
    ) -> Result<CatalogTable, WorkspaceLookupError> {
        let Some(exports) = self.0 else {
            return Err(WorkspaceLookupError {
                message: format!("unknown workspace '{workspace}'"),
                on_table: false,
                note: Some(
                    "no exports were given: pass a workspace data export with --data".into(),
                ),
            });
        };
        let found = exports.workspace_table(workspace, table).map_err(|e| {
            let message = e.to_string();
            let (on_table, note) = match e {
                WorkspaceError::Unknown { found, .. } if found.is_empty() => (
                    false,
                    "no workspace data exports were found; workspace() selects the files of \
                     a workspace data export (am-<table>/WorkspaceResourceId=/…/workspaces/\
                     <name>/…), and diagnostic-settings exports do not say which workspace \
                     they were sent to"
                        .to_owned(),
                ),
                WorkspaceError::Unknown { found, .. } => {
                    (false, format!("workspaces: {}", found.join(", ")))
                }
                WorkspaceError::Ambiguous { resource_ids, .. } => (
                    false,
                    format!(
                        "name the workspace by resource id: {}",
                        resource_ids.join(", ")
                    ),
                ),
                WorkspaceError::NoTable { tables, .. } => {
                    (true, format!("its tables: {}", tables.join(", ")))
                }
                WorkspaceError::Export(_) => (false, String::new()),
            };
            WorkspaceLookupError {
                message,
                on_table,
                note: (!note.is_empty()).then_some(note),
            }
        })?;
        Ok(CatalogTable {
            columns: found
                .columns
                .iter()
                .map(|c| (c.name.clone(), c.kql_type))
                .collect(),
            source: provider_as_source(found.provider),
        })
    }

    fn external_data(
        &self,
        request: &ExternalDataRequest<'_>,
    ) -> Result<CatalogTable, ExternalDataError> {
        let table = kql_exports::external_table(kql_exports::ExternalSpec {
            columns: request.columns.to_vec(),
            paths: request.paths.to_vec(),
            format: request.format,
            ignore_first_record: request.ignore_first_record,
        })
        .map_err(|e| ExternalDataError {
            path: e.path,
            message: format!("externaldata: {}", e.error),
        })?;
        Ok(CatalogTable {
            columns: table
                .columns
                .iter()
                .map(|c| (c.name.clone(), c.kql_type))
                .collect(),
            source: provider_as_source(table.provider),
        })
    }
}

/// A documented table as a table without rows, in its documented columns and their canonical
/// Arrow types (strings not nullable, as the JSON export tables have them).
fn empty_table(table: &DocumentedTable) -> CatalogTable {
    let fields: Vec<Field> = table
        .columns
        .iter()
        .map(|c| {
            Field::new(
                c.name,
                kql_to_arrow(c.kql_type),
                !matches!(c.kql_type, KqlType::String),
            )
        })
        .collect();
    let schema = Arc::new(Schema::new(fields));
    CatalogTable {
        columns: table
            .columns
            .iter()
            .map(|c| (c.name.to_owned(), c.kql_type))
            .collect(),
        source: provider_as_source(Arc::new(EmptyTable::new(schema))),
    }
}

/// The tables a plan scans that have no exports and were answered from the documentation
/// (empty), sorted and without repeats.
pub(crate) fn documented_only_tables(tables: &QueryTables<'_>, plan: &LogicalPlan) -> Vec<String> {
    let mut found = BTreeSet::new();
    // The closure never fails; `apply_with_subqueries` only reports DataFusion's own errors.
    let _ = plan.apply_with_subqueries(|node| {
        if let LogicalPlan::TableScan(scan) = node {
            let name = scan.table_name.table();
            if !tables.exported(name) && kql_schemas::table(name).is_some() {
                found.insert(name.to_owned());
            }
        }
        Ok(TreeNodeRecursion::Continue)
    });
    found.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_tables_are_empty_schema_only_tables() {
        let tables = QueryTables(None);
        let t = tables.table("Syslog").expect("documented");
        assert_eq!(
            t.columns.len(),
            kql_schemas::table("Syslog").unwrap().columns.len()
        );
        assert!(t.columns.contains(&("ProcessID".to_owned(), KqlType::Int)));
        assert_eq!(t.source.schema().fields().len(), t.columns.len());
        assert!(tables.table("NoSuchTable").is_none());
        assert!(tables.table_names().iter().any(|n| n == "SigninLogs"));
    }
}
