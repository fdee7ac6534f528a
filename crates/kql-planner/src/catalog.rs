//! What the planner needs to know about tables: their KQL columns and a DataFusion source.
//!
//! A trait rather than DataFusion's `SchemaProvider`, so that tests and the planning bench can
//! plan against schema-only tables without any data.

use datafusion::logical_expr::TableSource;
use kql_syntax::KqlType;
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
}
