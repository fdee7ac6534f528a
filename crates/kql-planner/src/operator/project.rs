//! `project a, b = expr, expr`: exactly these columns, in this order.

use crate::catalog::PlanCatalog;
use crate::naming::{check_input_only, output_names};
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::Column;
use kql_syntax::Diagnostic;
use kql_syntax::ast::Project;

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `project`. Every item sees the input's columns only (as in `extend`).
    pub(crate) fn project_to_plan(
        &self,
        project: &Project,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        // 1. Names: given, implied by the expression, or `ColumnN` (naming.rs).
        let names = output_names(&project.items, std::iter::empty(), self.functions)?;
        let items: Vec<_> = project.items.iter().collect();
        check_input_only(
            "project",
            &items,
            &[],
            &input.columns,
            &self.scope,
            self.functions,
        )?;
        // 2. Each item is planned against the input's columns.
        let ((exprs, columns), plan, _) =
            self.with_windows(&input, self.input_serialized.get(), || {
                let mut exprs = Vec::with_capacity(names.len());
                let mut columns = Vec::with_capacity(names.len());
                for (item, name) in project.items.iter().zip(names) {
                    let values = match self.multi_column_item(item, &input.columns)? {
                        Some(several) => several,
                        None => vec![(name, self.expr_to_df(&item.expr, &input.columns)?)],
                    };
                    for (name, value) in values {
                        exprs.push(value.expr.alias(name.clone()));
                        columns.push(Column::new(name, value.kql_type));
                    }
                }
                Ok((exprs, columns))
            })?;
        let plan = datafusion::logical_expr::LogicalPlanBuilder::from(plan)
            .project(exprs)
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation { plan, columns })
    }
}
