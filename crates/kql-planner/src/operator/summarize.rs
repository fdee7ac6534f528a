//! `summarize [hints] [Name =] Aggregation, … [by [Name =] Expr, …]`: group and aggregate.
//!
//! Output: the `by` columns first, in order, then each item's columns in order (several for
//! `arg_max(t, a, b)`, `take_any(*)`). Without `by`, exactly one row, even over no input
//! (`count()` 0, `sum()` 0, others null). Items may be expressions over aggregations
//! (`aggregate.rs`); every expression sees only the input's columns. Hints are accepted and
//! change nothing (a `hint.shufflekey` column must exist).

use crate::aggregate::{
    Aggregation, PlannedAggregate, check_groupable, group_key_columns, input_order,
};
use crate::catalog::PlanCatalog;
use crate::naming::{NameRequest, check_input_only, item_request, resolve_names};
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::{Column, lookup};
use kql_functions::TypedExpr;
use kql_syntax::Diagnostic;
use kql_syntax::ast::{OperatorParameter, Summarize};

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `summarize`.
    pub(crate) fn summarize_to_plan(
        &self,
        summarize: &Summarize,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        self.check_hints(&summarize.hints, &input.columns)?;
        // 1. Every expression sees only the input's columns, not this operator's outputs.
        let items: Vec<_> = summarize
            .by
            .iter()
            .chain(summarize.aggregates.iter().map(|a| &a.item))
            .collect();
        let tuple_names: Vec<_> = summarize.aggregates.iter().flat_map(|a| &a.tuple).collect();
        check_input_only(
            "summarize",
            &items,
            &tuple_names,
            &input.columns,
            &self.scope,
            self.functions,
        )?;
        // 2. Group keys: named, a column, or computed (`bin(ts, 1h)` is named `ts`).
        let mut requests = Vec::new();
        let mut keys: Vec<TypedExpr> = Vec::with_capacity(summarize.by.len());
        for item in &summarize.by {
            let value = self.expr_to_df(&item.expr, &input.columns)?;
            check_groupable(value.kql_type, item.expr.span, "a summarize key")?;
            keys.push(value);
            requests.push((item_request(item, self.functions), item.span));
        }
        // 3. Aggregates: each item gives one column, or several for arg_max and the like.
        let group_keys = group_key_columns(&summarize.by, &input.columns);
        let mut aggregation = Aggregation::in_order(input_order(&input.plan));
        let mut outputs: Vec<TypedExpr> = Vec::new();
        for aggregate in &summarize.aggregates {
            let item = &aggregate.item;
            let planned = self.aggregate_item_to_df(
                &item.expr,
                &input.columns,
                &group_keys,
                &mut aggregation,
            )?;
            match planned {
                PlannedAggregate::Value(value) => {
                    if aggregate.tuple.len() > 1 {
                        return Err(Diagnostic::semantic(
                            format!("{} names for one column", aggregate.tuple.len()),
                            aggregate.span,
                        )
                        .with_help("name it with Name = expression"));
                    }
                    let request = match aggregate.tuple.first() {
                        Some(name) => NameRequest::Given(name),
                        None => item_request(item, self.functions),
                    };
                    requests.push((request, item.span));
                    outputs.push(value);
                }
                PlannedAggregate::Columns(columns) => {
                    if aggregate.tuple.len() > columns.len() {
                        let extra = &aggregate.tuple[columns.len()];
                        return Err(Diagnostic::semantic(
                            format!(
                                "'{}' has no column to name: the aggregate yields {}",
                                extra.name,
                                columns.len()
                            ),
                            extra.span,
                        ));
                    }
                    for (i, (implied, value)) in columns.into_iter().enumerate() {
                        let request = match (aggregate.tuple.get(i), &item.name) {
                            (Some(name), _) => NameRequest::Given(name),
                            (None, Some(name)) if i == 0 => NameRequest::Given(name),
                            _ => NameRequest::Implied(implied),
                        };
                        requests.push((request, item.span));
                        outputs.push(value);
                    }
                }
            }
        }
        // 4. Names (naming.rs): by-keys first, then the aggregates' columns.
        let names = resolve_names(&requests, std::iter::empty())?;
        let (key_names, output_names) = names.split_at(keys.len());
        // 5. Aggregate, then compute the items from the finished aggregations.
        let group = keys
            .iter()
            .zip(key_names)
            .map(|(k, name)| (k.expr.clone(), name.clone()))
            .collect();
        let items = outputs
            .iter()
            .zip(output_names)
            .map(|(v, name)| (v.expr.clone(), name.clone()))
            .collect();
        let plan = aggregation
            .plan(input.builder(), group, items)?
            .build()
            .map_err(internal)?;
        let key_columns = keys
            .iter()
            .zip(key_names)
            .map(|(k, name)| Column::new(name.clone(), k.kql_type));
        let columns = key_columns
            .chain(
                outputs
                    .iter()
                    .zip(output_names)
                    .map(|(v, name)| Column::new(name.clone(), v.kql_type)),
            )
            .collect();
        Ok(Relation { plan, columns })
    }

    /// Checks the hints of `summarize` or `distinct`: they change nothing, but a
    /// `hint.shufflekey` must name a column of the input.
    pub(crate) fn check_hints(
        &self,
        hints: &[OperatorParameter],
        input: &[Column],
    ) -> Result<(), Diagnostic> {
        for hint in hints {
            if hint.name == "hint.shufflekey"
                && let Some(column) = hint.value.as_text()
            {
                lookup(input, column, hint.value_span)?;
            }
        }
        Ok(())
    }
}
