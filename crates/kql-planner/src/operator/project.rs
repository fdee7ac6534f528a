//! `project a, b = expr, expr, (c, d) = series_fit_line(y)`: exactly these columns, in this order.

use super::extend::{name_first_keep_rest, not_several_columns};
use crate::catalog::PlanCatalog;
use crate::naming::{check_input_only, output_names};
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::Column;
use kql_syntax::Diagnostic;
use kql_syntax::ast::{Ident, Project};

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
        let tuple_names: Vec<&Ident> = project.tuples.iter().flatten().collect();
        check_input_only(
            "project",
            &items,
            &tuple_names,
            &input.columns,
            &self.scope,
            self.functions,
        )?;
        // 2. Each item is planned against the input's columns.
        let ((exprs, columns), plan, _) =
            self.with_windows(&input, self.input_serialized.get(), || {
                let mut exprs = Vec::with_capacity(names.len());
                let mut columns = Vec::with_capacity(names.len());
                for (i, (item, name)) in project.items.iter().zip(names).enumerate() {
                    let tuple = project.tuples.get(i).filter(|t| !t.is_empty());
                    let values = match (self.multi_column_item(item, &input.columns)?, tuple) {
                        (Some(several), None) => several,
                        // series-fit-2lines-function.md: `project (rs, si, v) = …` names the
                        // first columns and keeps the rest under their default names, where
                        // `extend` keeps only the named ones.
                        (Some(several), Some(names)) => name_first_keep_rest(several, names)?,
                        (None, Some(names)) => return Err(not_several_columns(names)),
                        (None, None) => {
                            vec![(name, self.expr_to_df(&item.expr, &input.columns)?)]
                        }
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
