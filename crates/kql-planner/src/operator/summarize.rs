//! `summarize [Name =] Aggregate(…), … [by [Name =] Expr, …]`: group and aggregate.
//!
//! Output: the `by` columns first, in order, then the aggregates in order. Without `by`,
//! exactly one row, even over no input (`count()` 0, `sum()` 0, others null).

use crate::catalog::PlanCatalog;
use crate::expr::function_error;
use crate::naming::{Implied, first_column_argument, output_names};
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::Column;
use datafusion::common::Column as DfColumn;
use datafusion::logical_expr::{Expr, LogicalPlan, SortExpr};
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
        // 1. Names (naming.rs): by-keys first, then aggregates, as Kusto orders the output.
        let items: Vec<_> = summarize
            .by
            .iter()
            .map(|i| (i, Implied::Scalar))
            .chain(summarize.aggregates.iter().map(|i| (i, Implied::Aggregate)))
            .collect();
        let names = output_names(&items, std::iter::empty(), self.functions)?;
        // Every name the items take, for the extra columns of multi-column aggregates.
        let taken: Vec<String> = names.clone();
        let mut extra: Vec<String> = Vec::new();
        let mut names = names.into_iter();
        let mut columns = Vec::new();
        // 2. Group keys: named, a column, or computed (`bin(ts, 1h)` is named `ts`).
        let mut group = Vec::with_capacity(summarize.by.len());
        // `zip` stops at the last key without taking a name: the rest are the aggregates'.
        for (item, name) in summarize.by.iter().zip(names.by_ref()) {
            let value = self.expr_to_df(&item.expr, &input.columns)?;
            if value.kql_type == KqlType::Dynamic {
                return Err(Diagnostic::semantic(
                    "a summarize key cannot be dynamic",
                    item.expr.span,
                )
                .with_help("convert it first, e.g. by tostring(x)"));
            }
            group.push(value.expr.alias(name.clone()));
            columns.push(Column::new(name, value.kql_type));
        }
        // 3. Aggregates: each item must be a call of an aggregation function. Those that
        //    depend on the input order (`make_list`) get the order of sorted input.
        let order = input_order(&input.plan);
        let mut aggregates = Vec::with_capacity(summarize.aggregates.len());
        let mut finishes = Vec::with_capacity(summarize.aggregates.len());
        for (item, column_name) in summarize.aggregates.iter().zip(names) {
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
                .plan_aggregate_in_order(typed, &order)
                .map_err(|e| function_error(e, name, args))?;
            // One column, or several read from one aggregate (`percentiles(x, 50, 95)`): the
            // first takes the item's name, the others their implied names, made unique.
            let implied =
                function.aggregate_column_names(&name.name, first_column_argument(args), args);
            let mut names = vec![column_name];
            for i in 1..plan.columns {
                let base = implied
                    .get(i)
                    .cloned()
                    .flatten()
                    .unwrap_or_else(|| name.name.clone());
                let unique = unique_name(&base, |n| {
                    taken.iter().chain(&names).chain(&extra).any(|m| m == n)
                });
                names.push(unique);
            }
            let value_name = match (plan.columns, plan.finish) {
                (1, None) => names[0].clone(),
                (_, Some(_)) => format!("__kql_aggregate_{}", aggregates.len()),
                _ => {
                    return Err(internal(format!(
                        "'{}' yields columns it cannot finish",
                        name.name
                    )));
                }
            };
            aggregates.push(plan.aggregate.alias(value_name.clone()));
            for (i, column_name) in names.into_iter().enumerate() {
                if i > 0 {
                    extra.push(column_name.clone());
                }
                finishes.push((column_name.clone(), value_name.clone(), i, plan.finish));
                columns.push(Column::new(column_name, plan.kql_type));
            }
        }
        let mut builder = input
            .builder()
            .aggregate(group, aggregates)
            .map_err(internal)?;
        // 4. Finish aggregates whose empty value differs from SQL's (sum of nothing is 0) and
        //    read the columns of multi-column aggregates.
        if finishes.iter().any(|(_, _, _, f)| f.is_some()) {
            let exprs =
                columns
                    .iter()
                    .map(|c| match finishes.iter().find(|(n, ..)| *n == c.name) {
                        Some((_, value, i, Some(finish))) => {
                            let value = Expr::Column(DfColumn::from_name(value.clone()));
                            finish(value, *i).alias(c.name.clone())
                        }
                        _ => c.reference(),
                    });
            builder = builder.project(exprs).map_err(internal)?;
        }
        let plan = builder.build().map_err(internal)?;
        Ok(Relation { plan, columns })
    }
}

/// `base`, or `base1`, `base2`, … — the first that `taken` refuses (Kusto's clash rule).
fn unique_name(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (1..)
        .map(|n| format!("{base}{n}"))
        .find(|candidate| !taken(candidate))
        .unwrap_or_else(|| base.to_owned())
}

/// The order `plan`'s rows arrive in, when a `sort` produced them and only row-preserving
/// operators (`where`, `take`, projections keeping the sort columns) followed; empty
/// otherwise. Kusto keeps this order in `make_list` (make-list-aggregation-function.md).
fn input_order(plan: &LogicalPlan) -> Vec<SortExpr> {
    match plan {
        LogicalPlan::Sort(sort) => sort.expr.clone(),
        LogicalPlan::Filter(filter) => input_order(&filter.input),
        LogicalPlan::Limit(limit) => input_order(&limit.input),
        LogicalPlan::Projection(projection) => {
            let order = input_order(&projection.input);
            let kept = |column: &DfColumn| {
                projection.expr.iter().any(|e| match e {
                    Expr::Column(c) => c.name == column.name,
                    Expr::Alias(alias) => {
                        alias.name == column.name
                            && matches!(&*alias.expr, Expr::Column(c) if c.name == column.name)
                    }
                    _ => false,
                })
            };
            let all_kept = order
                .iter()
                .all(|o| o.expr.column_refs().into_iter().all(kept));
            if all_kept { order } else { Vec::new() }
        }
        _ => Vec::new(),
    }
}
