//! `project a, b = expr, expr`: exactly these columns, in this order.

use crate::catalog::PlanCatalog;
use crate::naming::{Implied, output_names};
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::Column;
use kql_syntax::Diagnostic;
use kql_syntax::ast::Project;

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `project`.
    pub(crate) fn project_to_plan(
        &self,
        project: &Project,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        // 1. Names: given, implied by the expression, or `ColumnN` (naming.rs).
        let items: Vec<_> = project.items.iter().map(|i| (i, Implied::Scalar)).collect();
        let names = output_names(&items, std::iter::empty(), self.functions)?;
        // 2. Each item is planned against the input's columns.
        let mut exprs = Vec::with_capacity(names.len());
        let mut columns = Vec::with_capacity(names.len());
        for (item, name) in project.items.iter().zip(names) {
            let value = self.expr_to_df(&item.expr, &input.columns)?;
            exprs.push(value.expr.alias(name.clone()));
            columns.push(Column::new(name, value.kql_type));
        }
        let plan = input
            .builder()
            .project(exprs)
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation { plan, columns })
    }
}
