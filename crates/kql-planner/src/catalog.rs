//! What the planner needs to know about tables: their KQL columns and a DataFusion source.
//!
//! A trait rather than DataFusion's `SchemaProvider`, so that tests and the planning bench can
//! plan against schema-only tables without any data. It also reads `externaldata`'s files
//! ([`PlanCatalog::external_data`]): the planner does no I/O itself.

use datafusion::arrow::record_batch::RecordBatch;
use datafusion::logical_expr::{LogicalPlan, TableSource};
use kql_syntax::ast::ExternalFormat;
use kql_syntax::{Diagnostic, KqlType};
use std::sync::Arc;

/// A table the planner can scan.
#[derive(Clone)]
pub struct CatalogTable {
    /// The KQL columns, in the table's order, with their KQL types.
    pub columns: Vec<(String, KqlType)>,
    /// The DataFusion source; its Arrow schema holds the same column names (its Arrow types may
    /// differ from the canonical layout, e.g. Parquet timestamps in microseconds: the planner
    /// casts).
    pub source: Arc<dyn TableSource>,
}

/// The tables a query can name.
pub trait PlanCatalog {
    /// The table called `name`, matched exactly (KQL names are case-sensitive).
    fn table(&self, name: &str) -> Option<CatalogTable>;

    /// Every table name, for "did you mean" suggestions.
    fn table_names(&self) -> Vec<String>;

    /// The tables that hold rows (exports), for a wildcard leg of `union` (`AmlCompute*`): it
    /// matches these, and all of [`PlanCatalog::table_names`] only when none of these match.
    /// By default every table.
    fn tables_with_rows(&self) -> Vec<String> {
        self.table_names()
    }

    /// A table over the local files of `externaldata`. Its columns are those the files
    /// provide: the request's columns for text and JSON formats, the files' own for Parquet
    /// (the planner matches them to the declared ones by name). By default no files can be
    /// read.
    fn external_data(
        &self,
        request: &ExternalDataRequest<'_>,
    ) -> Result<CatalogTable, ExternalDataError> {
        let _ = request;
        Err(ExternalDataError {
            path: None,
            message: "this catalog cannot read files".to_owned(),
        })
    }

    /// Table `table` of one Log Analytics workspace (`workspace("name").T`), named by its
    /// name or resource id. By default no workspace is known.
    fn workspace_table(
        &self,
        workspace: &str,
        table: &str,
    ) -> Result<CatalogTable, WorkspaceLookupError> {
        let _ = table;
        Err(WorkspaceLookupError {
            message: format!("unknown workspace '{workspace}'"),
            on_table: false,
            note: Some("no workspace data exports were found".to_owned()),
        })
    }

    /// Runs `plan` now, while planning, and returns its rows: for what Kusto evaluates once
    /// per query before the rest (`toscalar()` folds to a literal, `materialize()` becomes an
    /// in-memory table), and for operators whose output columns depend on the data
    /// (`evaluate bag_unpack()`, `evaluate pivot()`).
    ///
    /// `None` (the default): this catalog cannot run plans (schema-only planning, as in tests
    /// and the planning bench). Callers then keep Kusto's semantics without evaluating:
    /// `toscalar()` becomes a scalar subquery and `materialize()` stays inline; an operator
    /// that needs the data to know its columns reports that it cannot be planned without it.
    fn evaluate(&self, plan: &LogicalPlan) -> Option<Result<Vec<RecordBatch>, Diagnostic>> {
        let _ = plan;
        None
    }
}

/// What `externaldata` asks the catalog to read.
#[derive(Debug, Clone)]
pub struct ExternalDataRequest<'a> {
    /// The declared columns, in order.
    pub columns: &'a [(String, KqlType)],
    /// The local files, in order.
    pub paths: &'a [std::path::PathBuf],
    /// How to read them.
    pub format: ExternalFormat,
    /// Skip the first record of every file (a CSV header).
    pub ignore_first_record: bool,
}

/// Why the catalog could not read `externaldata`'s files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalDataError {
    /// The index of the path at fault in the request, if one is.
    pub path: Option<usize>,
    /// What went wrong, naming the file.
    pub message: String,
}

/// Why `workspace(…).T` names no table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceLookupError {
    /// What went wrong (`unknown workspace 'x'`).
    pub message: String,
    /// The fault is the table name (the workspace exported no such table), not the workspace.
    pub on_table: bool,
    /// What was found instead (the workspaces, or the workspace's tables).
    pub note: Option<String>,
}
