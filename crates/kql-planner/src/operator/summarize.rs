//! `summarize [Name =] Aggregate(…), … [by [Name =] Expr, …]`: group and aggregate.
//!
//! Output: the `by` columns first, in order, then the aggregates in order. Without `by`,
//! exactly one row, even over no input (`count()` 0, `sum()` 0, others null).

use crate::catalog::PlanCatalog;
use crate::expr::function_error;
use crate::naming::{Namer, aggregate_name, natural_name};
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::Column;
use kql_functions::FunctionKind;
use kql_syntax::ast::{ExprKind, Summarize};
use kql_syntax::{Diagnostic, KqlType};

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `summarize`.
    pub(crate) fn summarize_to_plan(
        &self,
        summarize: &Summarize,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        let mut namer = Namer::default();
        let mut columns = Vec::new();
        // 1. Group keys: named, a column, or computed (`bin(ts, 1h)` is named `ts`).
        let mut group = Vec::with_capacity(summarize.by.len());
        for item in &summarize.by {
            let value = self.expr_to_df(&item.expr, &input.columns)?;
            if value.kql_type == KqlType::Dynamic {
                return Err(Diagnostic::semantic(
                    "a summarize key cannot be dynamic",
                    item.expr.span,
                )
                .with_help("convert it first, e.g. by tostring(x)"));
            }
            let name = match item
                .name
                .as_ref()
                .map(|n| n.name.clone())
                .or_else(|| natural_name(&item.expr, self.functions))
            {
                Some(n) => namer.unique(n.as_str()),
                None => namer.column(),
            };
            group.push(value.expr.alias(name.clone()));
            columns.push(Column::new(name, value.kql_type));
        }
        // 2. Aggregates: each item must be a call of an aggregation function.
        let mut aggregates = Vec::with_capacity(summarize.aggregates.len());
        let mut finishes = Vec::with_capacity(summarize.aggregates.len());
        for item in &summarize.aggregates {
            let mut expr = &item.expr;
            while let ExprKind::Paren(inner) = &expr.kind {
                expr = inner;
            }
            let ExprKind::Call { name, args } = &expr.kind else {
                return Err(Diagnostic::unsupported(
                    "a summarize expression that is not a single aggregation call",
                    item.expr.span,
                )
                .with_help("compute it with extend after summarize"));
            };
            let function = self.function(name)?;
            if function.kind() != FunctionKind::Aggregate {
                return Err(Diagnostic::unsupported(
                    format!(
                        "a scalar function ('{}') around or instead of an aggregation in summarize",
                        name.name
                    ),
                    item.expr.span,
                )
                .with_help("summarize aggregates, then use extend for scalar functions"));
            }
            let typed = args
                .iter()
                .map(|a| self.expr_to_df(a, &input.columns))
                .collect::<Result<Vec<_>, _>>()?;
            let plan = function
                .plan_aggregate(typed)
                .map_err(|e| function_error(e, name, args))?;
            let column_name = match &item.name {
                Some(n) => namer.unique(&n.name),
                None => namer.unique(&aggregate_name(
                    function.column_prefix().unwrap_or(&name.name),
                    args,
                )),
            };
            aggregates.push(plan.aggregate.alias(column_name.clone()));
            finishes.push((column_name.clone(), plan.finish));
            columns.push(Column::new(column_name, plan.kql_type));
        }
        let mut builder = input
            .builder()
            .aggregate(group, aggregates)
            .map_err(internal)?;
        // 3. Finish aggregates whose empty value differs from SQL's (sum of nothing is 0).
        if finishes.iter().any(|(_, f)| f.is_some()) {
            let exprs = columns.iter().map(|c| {
                match finishes
                    .iter()
                    .find(|(n, _)| *n == c.name)
                    .and_then(|(_, f)| *f)
                {
                    Some(finish) => finish(c.reference()).alias(c.name.clone()),
                    None => c.reference(),
                }
            });
            builder = builder.project(exprs).map_err(internal)?;
        }
        let plan = builder.build().map_err(internal)?;
        Ok(Relation { plan, columns })
    }
}
