//! `project a, b = expr, expr`: exactly these columns, in this order.

use crate::catalog::PlanCatalog;
use crate::naming::{Namer, natural_name};
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
        let items = &project.items;
        // 1. Names given or implied by the expressions are taken before any `ColumnN`.
        let names: Vec<Option<String>> = items
            .iter()
            .map(|i| {
                i.name
                    .as_ref()
                    .map(|n| n.name.clone())
                    .or_else(|| natural_name(&i.expr, self.functions))
            })
            .collect();
        let mut namer = Namer::new(names.iter().flatten().map(String::as_str));
        let mut exprs = Vec::with_capacity(items.len());
        let mut columns: Vec<Column> = Vec::with_capacity(items.len());
        for (item, name) in items.iter().zip(names) {
            // 2. Each item is planned against the input's columns.
            let value = self.expr_to_df(&item.expr, &input.columns)?;
            let name = name.unwrap_or_else(|| namer.column());
            if columns.iter().any(|c| c.name == name) {
                return Err(Diagnostic::semantic(
                    format!("duplicate column name '{name}'"),
                    item.span,
                )
                .with_help("give the column another name with name = expression"));
            }
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
