//! A table as the source of a pipeline: scan it and normalise its columns to the KQL layout.
//!
//! `workspace("name").T` is table `T` restricted to the rows one Log Analytics workspace
//! exported: the catalog resolves the workspace and gives a source over its files only.

use crate::catalog::{CatalogTable, PlanCatalog};
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::{Column, suggest};
use datafusion::common::{Column as DfColumn, TableReference};
use datafusion::functions::core::expr_fn::coalesce;
use datafusion::logical_expr::{Expr, LogicalPlanBuilder, lit};
use kql_functions::types::kql_to_arrow;
use kql_syntax::ast::{Ident, WorkspaceTable};
use kql_syntax::{Diagnostic, KqlType};

/// The most table names an unknown-table error lists when nothing is close to the name.
const MAX_LISTED_TABLES: usize = 12;

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Scans table `name`, then projects every column to its canonical Arrow type (Parquet
    /// timestamps in microseconds become nanoseconds in UTC) and turns null strings into `""`
    /// (KQL strings are never null).
    pub(crate) fn table_to_plan(&self, name: &Ident) -> Result<Relation, Diagnostic> {
        // 1. Resolve the name exactly; suggest a near miss.
        let Some(table) = self.catalog.table(&name.name) else {
            let names = self.catalog.table_names();
            let mut d = Diagnostic::semantic(format!("unknown table '{}'", name.name), name.span)
                .with_label("no table of this name");
            match suggest(&name.name, names.iter().map(String::as_str)) {
                Some(s) => d = d.with_help(format!("did you mean '{s}'?")),
                None if names.is_empty() => {
                    d = d.with_help("no tables were found: pass exports with --data PATH")
                }
                // A catalog of documented tables has hundreds: only a short list helps.
                None if names.len() <= MAX_LISTED_TABLES => {
                    d = d.with_note(format!("tables: {}", names.join(", ")))
                }
                None => d = d.with_help("`kql tables` lists the tables queries can name"),
            }
            return Err(d);
        };
        self.catalog_table_to_plan(&name.name, table)
    }

    /// Scans `workspace("name").T`: the catalog's table `T` of that workspace, normalised as
    /// [`Self::table_to_plan`] does.
    pub(crate) fn workspace_table_to_plan(
        &self,
        source: &WorkspaceTable,
    ) -> Result<Relation, Diagnostic> {
        let table = self
            .catalog
            .workspace_table(&source.workspace, &source.table.name)
            .map_err(|e| {
                let span = if e.on_table {
                    source.table.span
                } else {
                    source.workspace_span
                };
                let mut d = Diagnostic::semantic(e.message, span);
                if let Some(note) = e.note {
                    d = d.with_note(note);
                }
                d
            })?;
        self.catalog_table_to_plan(&source.table.name, table)
    }

    /// Scans `table` under `name` and normalises its columns.
    fn catalog_table_to_plan(
        &self,
        name: &str,
        table: CatalogTable,
    ) -> Result<Relation, Diagnostic> {
        // 2. Scan under a bare reference (a `&str` would be parsed and lower-cased).
        let reference = TableReference::bare(name.to_owned());
        let schema = table.source.schema();
        let builder =
            LogicalPlanBuilder::scan(reference.clone(), table.source, None).map_err(internal)?;
        // 3. Normalise each column and drop the table qualifier.
        let mut exprs = Vec::with_capacity(table.columns.len());
        let mut columns = Vec::with_capacity(table.columns.len());
        for (column, kql_type) in &table.columns {
            let field = schema.field_with_name(column).map_err(internal)?;
            let mut e = Expr::Column(DfColumn::new(Some(reference.clone()), column.clone()));
            let canonical = kql_to_arrow(*kql_type);
            if field.data_type() != &canonical {
                e = e.cast_to_canonical(canonical);
            }
            if matches!(kql_type, KqlType::String | KqlType::Guid) && field.is_nullable() {
                e = coalesce(vec![e, lit("")]);
            }
            exprs.push(e.alias(column.clone()));
            columns.push(Column::new(column.clone(), *kql_type));
        }
        let plan = builder
            .project(exprs)
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation { plan, columns })
    }
}

trait CastToCanonical {
    fn cast_to_canonical(self, to: datafusion::arrow::datatypes::DataType) -> Expr;
}

impl CastToCanonical for Expr {
    fn cast_to_canonical(self, to: datafusion::arrow::datatypes::DataType) -> Expr {
        Expr::Cast(datafusion::logical_expr::Cast::new(Box::new(self), to))
    }
}
