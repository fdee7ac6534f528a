//! The planner's view of the discovered exports: table columns and DataFusion sources.

use datafusion::datasource::provider_as_source;
use kql_exports::ExportCatalog;
use kql_planner::{CatalogTable, PlanCatalog};
use std::sync::Arc;

/// Adapts an [`ExportCatalog`] (or nothing, for queries without `--data`) to [`PlanCatalog`].
pub(crate) struct ExportTables<'a>(pub(crate) Option<&'a ExportCatalog>);

impl PlanCatalog for ExportTables<'_> {
    fn table(&self, name: &str) -> Option<CatalogTable> {
        let table = self.0?.table(name)?;
        Some(CatalogTable {
            columns: table
                .columns
                .iter()
                .map(|c| (c.name.clone(), c.kql_type))
                .collect(),
            source: provider_as_source(Arc::clone(&table.provider)),
        })
    }

    fn table_names(&self) -> Vec<String> {
        self.0.map(ExportCatalog::table_names).unwrap_or_default()
    }
}
