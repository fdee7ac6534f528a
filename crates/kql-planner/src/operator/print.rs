//! `print a = 1, 2`: one row of computed columns; an unnamed column at position i is
//! `print_i` (positions count every column, named or not).

use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::Column;
use datafusion::logical_expr::LogicalPlanBuilder;
use kql_syntax::Diagnostic;
use kql_syntax::ast::Print;

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `print`.
    pub(crate) fn print_to_plan(&self, print: &Print) -> Result<Relation, Diagnostic> {
        let mut exprs = Vec::with_capacity(print.items.len());
        let mut columns: Vec<Column> = Vec::with_capacity(print.items.len());
        for (i, item) in print.items.iter().enumerate() {
            let value = self.expr_to_df(&item.expr, &[])?;
            let name = item
                .name
                .as_ref()
                .map_or_else(|| format!("print_{i}"), |n| n.name.clone());
            if columns.iter().any(|c| c.name == name) {
                return Err(Diagnostic::semantic(
                    format!("duplicate column name '{name}'"),
                    item.span,
                ));
            }
            exprs.push(value.expr.alias(name.clone()));
            columns.push(Column::new(name, value.kql_type));
        }
        let plan = LogicalPlanBuilder::empty(true)
            .project(exprs)
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation { plan, columns })
    }
}
