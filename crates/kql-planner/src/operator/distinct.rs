//! `distinct a, b = tolower(c)` / `distinct *`: the unique combinations of the values.

use crate::aggregate::check_groupable;
use crate::catalog::PlanCatalog;
use crate::naming::{check_input_only, output_names};
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::Column;
use datafusion::logical_expr::Expr;
use kql_syntax::Diagnostic;
use kql_syntax::ast::{Distinct, DistinctColumns};

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `distinct`: items are named and computed as `project` computes them, then made
    /// unique. Hints change nothing.
    pub(crate) fn distinct_to_plan(
        &self,
        distinct: &Distinct,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        self.check_hints(&distinct.hints, &input.columns)?;
        let (builder, columns) = match &distinct.columns {
            DistinctColumns::All(star) => {
                for c in &input.columns {
                    check_groupable(c.kql_type, *star, &format!("distinct column '{}'", c.name))?;
                }
                (input.builder(), input.columns.clone())
            }
            DistinctColumns::Items(items) => {
                let names = output_names(items, std::iter::empty(), self.functions)?;
                let all: Vec<_> = items.iter().collect();
                check_input_only(
                    "distinct",
                    &all,
                    &[],
                    &input.columns,
                    &self.scope,
                    self.functions,
                )?;
                let mut exprs = Vec::with_capacity(items.len());
                let mut columns = Vec::with_capacity(items.len());
                for (item, name) in items.iter().zip(names) {
                    let value = self.expr_to_df(&item.expr, &input.columns)?;
                    check_groupable(value.kql_type, item.expr.span, "a distinct column")?;
                    // A plain column keeps its reference (no `x AS x` in the plan).
                    let expr = match value.expr {
                        Expr::Column(c) if c.name == name => Expr::Column(c),
                        other => other.alias(name.clone()),
                    };
                    exprs.push(expr);
                    columns.push(Column::new(name, value.kql_type));
                }
                let builder = input.builder().project(exprs).map_err(internal)?;
                (builder, columns)
            }
        };
        let plan = builder
            .distinct()
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation { plan, columns })
    }
}
