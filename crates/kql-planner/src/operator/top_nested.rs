//! `top-nested [N] of Expr [with others = V] by Aggregation [asc|desc], …`: hierarchical top
//! values.
//!
//! Level 1 groups the input by its `of` value, ranks the groups by the aggregation (largest
//! first unless `asc`) and keeps the first N (all without N); each later level does the same
//! within each group kept by the level before. Output: two columns per level, the value
//! (named like a `project` item) and the aggregation (`aggregated_<value>` unless named), one
//! row per kept path; each aggregation is over all rows of its group at that level. Rows in
//! no particular order.
//!
//! `with others = V` follows top-nested-operator.md's example (its 2023 revision with output):
//! the rows of a kept group that are not kept at level j form an "others" bucket. A bucket
//! gives one row if some level j or deeper has `with others`: the levels before j hold the
//! group's values and aggregations; each level from j on holds its `with others` value and its
//! aggregation over the bucket's rows, or null (an empty string) and null where it has none.
//! An empty bucket gives no row.
//!
//! Plan: a hidden key column per level over the input; per level an Aggregate by the keys so
//! far, joined to the kept groups of the level before (nulls match nulls) and ranked with
//! `row_number()` per parent group; buckets are the input joined to a level's kept parents
//! and anti-joined to its kept groups, aggregated per parent; everything is a `UNION ALL`.

use crate::aggregate::{Aggregation, PlannedAggregate};
use crate::catalog::PlanCatalog;
use crate::expr::literal_to_df;
use crate::naming::{NameRequest, item_request, resolve_names};
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::{Column, column_ref};
use datafusion::common::{Column as DfColumn, JoinType, NullEquality, ScalarValue};
use datafusion::functions_aggregate::expr_fn::count;
use datafusion::functions_window::expr_fn::row_number;
use datafusion::logical_expr::{
    Expr, ExprFunctionExt, LogicalPlan, LogicalPlanBuilder, SortExpr, lit,
};
use kql_functions::TypedExpr;
use kql_functions::types::kql_to_arrow;
use kql_syntax::ast::{ExprKind, Literal, SortDirection, TopNested, TopNestedClause};
use kql_syntax::{Diagnostic, KqlType};
use std::collections::HashSet;

/// The hidden name of level `i`'s key (`kql#key0`) or aggregation (`kql#agg_value0`).
fn key(i: usize) -> String {
    format!("kql#key{i}")
}
fn value(i: usize) -> String {
    format!("kql#level_value{i}")
}
/// The same, renamed on the right side of a join so both sides' names stay unique.
fn parent_key(i: usize) -> String {
    format!("kql#parent_key{i}")
}

fn df_columns(names: impl Iterator<Item = String>) -> Vec<DfColumn> {
    names.map(DfColumn::new_unqualified).collect()
}

/// One level, checked and typed.
struct Level<'a> {
    clause: &'a TopNestedClause,
    count: Option<usize>,
    key_type: KqlType,
    value_type: KqlType,
    /// `with others = V`, cast to the key's type.
    others: Option<Expr>,
}

/// The null a column of `ty` shows: `""` for a string (never null in KQL).
fn empty_value(ty: KqlType) -> Result<Expr, Diagnostic> {
    if ty == KqlType::String {
        return Ok(lit(""));
    }
    let null = ScalarValue::try_from(&kql_to_arrow(ty)).map_err(internal)?;
    Ok(lit(null))
}

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `top-nested`.
    pub(crate) fn top_nested_to_plan(
        &self,
        top: &TopNested,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        let clauses = &top.clauses;
        // 1. Each level's key over the input, as a hidden column next to the input's.
        let mut keyed = input.builder();
        let mut key_exprs = input
            .columns
            .iter()
            .map(Column::reference)
            .collect::<Vec<_>>();
        let mut key_types = Vec::with_capacity(clauses.len());
        for (i, clause) in clauses.iter().enumerate() {
            let value = self.expr_to_df(&clause.of.expr, &input.columns)?;
            crate::aggregate::check_groupable(
                value.kql_type,
                clause.of.expr.span,
                "a top-nested value",
            )?;
            key_types.push(value.kql_type);
            key_exprs.push(value.expr.alias(key(i)));
        }
        keyed = keyed.project(key_exprs).map_err(internal)?;
        let keyed = keyed.build().map_err(internal)?;
        // 2. Each level: its count, its aggregation's type, its `with others` value.
        let mut levels = Vec::with_capacity(clauses.len());
        for (i, clause) in clauses.iter().enumerate() {
            let count = clause
                .count
                .as_ref()
                .map(|c| self.row_count(c, "top-nested", &input.columns))
                .transpose()?;
            let value_type = self.level_value_type(clause, &input.columns)?;
            let others = match &clause.others {
                None => None,
                Some(v) => Some(self.others_value(v, key_types[i], clause)?),
            };
            levels.push(Level {
                clause,
                count,
                key_type: key_types[i],
                value_type,
                others,
            });
        }
        // 3. Names: the value's own name, then `aggregated_<value>` unless named.
        let mut requests = Vec::with_capacity(levels.len() * 2);
        for level in &levels {
            let of = &level.clause.of;
            let of_request = item_request(of, self.functions);
            let of_name = match &of_request {
                NameRequest::Given(name) => name.name.clone(),
                NameRequest::Implied(name) => name.clone(),
                NameRequest::Generated => {
                    return Err(
                        Diagnostic::semantic("name this top-nested value", of.expr.span)
                            .with_help("write Name = expression after 'of'"),
                    );
                }
            };
            let by = &level.clause.by;
            let by_request = match &by.name {
                Some(name) => NameRequest::Implied(name.name.clone()),
                None => NameRequest::Implied(format!("aggregated_{of_name}")),
            };
            requests.push((NameRequest::Implied(of_name), of.span));
            requests.push((by_request, by.span));
        }
        let names = resolve_names(&requests, std::iter::empty())?;
        // 4. The kept groups of each level, with every level's aggregation so far.
        let mut kept: Vec<LogicalPlan> = Vec::with_capacity(levels.len());
        for (i, level) in levels.iter().enumerate() {
            let plan = self.kept_groups(i, level, &keyed, kept.last(), &input.columns)?;
            kept.push(plan);
        }
        // 5. The output: kept paths, then one row per non-empty bucket that shows.
        let leaves: Vec<Expr> = (0..levels.len())
            .flat_map(|j| {
                [
                    column_ref(&key(j)).alias(names[2 * j].clone()),
                    column_ref(&value(j)).alias(names[2 * j + 1].clone()),
                ]
            })
            .collect();
        let last = kept.last().expect("top-nested has a clause").clone();
        let mut union = LogicalPlanBuilder::from(last)
            .project(leaves)
            .map_err(internal)?;
        for j in 0..levels.len() {
            if levels[j..].iter().all(|l| l.others.is_none()) {
                continue;
            }
            let bucket = self.others_bucket(j, &levels, &keyed, &kept, &input.columns, &names)?;
            union = union.union(bucket).map_err(internal)?;
        }
        let plan = union.build().map_err(internal)?;
        let columns = levels
            .iter()
            .enumerate()
            .flat_map(|(j, l)| {
                [
                    Column::new(names[2 * j].clone(), l.key_type),
                    Column::new(names[2 * j + 1].clone(), l.value_type),
                ]
            })
            .collect();
        Ok(Relation { plan, columns })
    }

    /// The type of a level's aggregation (one value, not a dynamic one).
    fn level_value_type(
        &self,
        clause: &TopNestedClause,
        input: &[Column],
    ) -> Result<KqlType, Diagnostic> {
        let mut aggregation = Aggregation::default();
        let value = self.level_value(clause, input, &mut aggregation)?;
        Ok(value.kql_type)
    }

    /// A level's aggregation over `input`, added to `aggregation`.
    fn level_value(
        &self,
        clause: &TopNestedClause,
        input: &[Column],
        aggregation: &mut Aggregation,
    ) -> Result<TypedExpr, Diagnostic> {
        let planned =
            self.aggregate_item_to_df(&clause.by.expr, input, &HashSet::new(), aggregation)?;
        let PlannedAggregate::Value(value) = planned else {
            return Err(Diagnostic::unsupported(
                "a top-nested aggregation that yields several columns",
                clause.by.expr.span,
            ));
        };
        crate::aggregate::check_groupable(
            value.kql_type,
            clause.by.expr.span,
            "a top-nested aggregation",
        )?;
        Ok(value)
    }

    /// The aggregations of `levels` (by index) over `rows`, grouped by the `group` columns:
    /// the group columns, `kql#level_value{i}` for each level, and `kql#rows`, the group's row
    /// count.
    fn level_values(
        &self,
        levels: &[(usize, &TopNestedClause)],
        rows: LogicalPlan,
        group: &[String],
        input: &[Column],
    ) -> Result<LogicalPlanBuilder, Diagnostic> {
        let mut aggregation = Aggregation::default();
        let mut values = Vec::with_capacity(levels.len());
        for (i, clause) in levels {
            let v = self.level_value(clause, input, &mut aggregation)?;
            values.push(v.expr.alias(value(*i)));
        }
        let group_exprs: Vec<Expr> = group.iter().map(|g| column_ref(g)).collect();
        let mut aggregates = aggregation.aggregate_exprs();
        aggregates.push(count(lit(1i64)).alias("kql#rows"));
        let mut items = group_exprs.clone();
        for v in values {
            items.push(aggregation.over_aggregates(v)?);
        }
        items.push(column_ref("kql#rows"));
        LogicalPlanBuilder::from(rows)
            .aggregate(group_exprs, aggregates)
            .and_then(|b| b.project(items))
            .map_err(internal)
    }

    /// Level `i`'s kept groups: `kql#key0..=i` and `kql#level_value0..=i`.
    fn kept_groups(
        &self,
        i: usize,
        level: &Level<'_>,
        keyed: &LogicalPlan,
        parents: Option<&LogicalPlan>,
        input: &[Column],
    ) -> Result<LogicalPlan, Diagnostic> {
        // 1. The aggregation of every group of keys 0..=i.
        let group: Vec<String> = (0..=i).map(key).collect();
        let groups = self.level_values(&[(i, level.clause)], keyed.clone(), &group, input)?;
        // 2. Only the groups whose parent was kept, carrying the parents' aggregations.
        let mut columns: Vec<Expr> = (0..=i).map(|j| column_ref(&key(j))).collect();
        columns.extend((0..i).map(|j| column_ref(&value(j))));
        columns.push(column_ref(&value(i)));
        let groups = match parents {
            None => groups.project(columns.clone()).map_err(internal)?,
            Some(parents) => {
                let renamed = LogicalPlanBuilder::from(parents.clone())
                    .project(
                        (0..i)
                            .map(|j| column_ref(&key(j)).alias(parent_key(j)))
                            .chain((0..i).map(|j| column_ref(&value(j)))),
                    )
                    .and_then(|b| b.build())
                    .map_err(internal)?;
                groups
                    .join_detailed(
                        renamed,
                        JoinType::Inner,
                        (
                            df_columns((0..i).map(key)),
                            df_columns((0..i).map(parent_key)),
                        ),
                        None,
                        NullEquality::NullEqualsNull,
                    )
                    .and_then(|b| b.project(columns.clone()))
                    .map_err(internal)?
            }
        };
        // 3. The first N of each parent group by the aggregation.
        let Some(n) = level.count else {
            return groups.build().map_err(internal);
        };
        let asc = level.clause.direction == Some(SortDirection::Asc);
        let rank = row_number()
            .partition_by((0..i).map(|j| column_ref(&key(j))).collect())
            .order_by(vec![SortExpr::new(column_ref(&value(i)), asc, asc)])
            .build()
            .map_err(internal)?
            .alias("kql#rank");
        groups
            .window(vec![rank])
            .and_then(|b| b.filter(column_ref("kql#rank").lt_eq(lit(n as u64))))
            .and_then(|b| b.project(columns))
            .and_then(|b| b.build())
            .map_err(internal)
    }

    /// The rows of level `j`'s others buckets, in the output's columns.
    fn others_bucket(
        &self,
        j: usize,
        levels: &[Level<'_>],
        keyed: &LogicalPlan,
        kept: &[LogicalPlan],
        input: &[Column],
        names: &[String],
    ) -> Result<LogicalPlan, Diagnostic> {
        // 1. The rows whose parent group was kept (with its aggregations) but whose own group
        //    was not.
        let mut rows = LogicalPlanBuilder::from(keyed.clone());
        if j > 0 {
            let parents = LogicalPlanBuilder::from(kept[j - 1].clone())
                .project(
                    (0..j)
                        .map(|l| column_ref(&key(l)).alias(parent_key(l)))
                        .chain((0..j).map(|l| column_ref(&value(l)))),
                )
                .and_then(|b| b.build())
                .map_err(internal)?;
            rows = rows
                .join_detailed(
                    parents,
                    JoinType::Inner,
                    (
                        df_columns((0..j).map(key)),
                        df_columns((0..j).map(parent_key)),
                    ),
                    None,
                    NullEquality::NullEqualsNull,
                )
                .map_err(internal)?;
        }
        let own = LogicalPlanBuilder::from(kept[j].clone())
            .project((0..=j).map(|l| column_ref(&key(l)).alias(parent_key(l))))
            .and_then(|b| b.build())
            .map_err(internal)?;
        let rows = rows
            .join_detailed(
                own,
                JoinType::LeftAnti,
                (
                    df_columns((0..=j).map(key)),
                    df_columns((0..=j).map(parent_key)),
                ),
                None,
                NullEquality::NullEqualsNull,
            )
            .and_then(|b| b.build())
            .map_err(internal)?;
        // 2. Per parent group: each deeper level's aggregation over the bucket, for the levels
        //    with `with others`.
        let group: Vec<String> = (0..j).map(key).chain((0..j).map(value)).collect();
        let mut out: Vec<Expr> = (0..j)
            .flat_map(|l| {
                [
                    column_ref(&key(l)).alias(names[2 * l].clone()),
                    column_ref(&value(l)).alias(names[2 * l + 1].clone()),
                ]
            })
            .collect();
        let with_others: Vec<(usize, &TopNestedClause)> = levels
            .iter()
            .enumerate()
            .skip(j)
            .filter(|(_, l)| l.others.is_some())
            .map(|(m, l)| (m, l.clause))
            .collect();
        for (m, level) in levels.iter().enumerate().skip(j) {
            match &level.others {
                Some(others) => {
                    out.push(others.clone().alias(names[2 * m].clone()));
                    out.push(column_ref(&value(m)).alias(names[2 * m + 1].clone()));
                }
                None => {
                    out.push(empty_value(level.key_type)?.alias(names[2 * m].clone()));
                    out.push(empty_value(level.value_type)?.alias(names[2 * m + 1].clone()));
                }
            }
        }
        self.level_values(&with_others, rows, &group, input)?
            .filter(column_ref("kql#rows").gt(lit(0i64)))
            .and_then(|b| b.project(out))
            .and_then(|b| b.build())
            .map_err(internal)
    }

    /// `with others = V`: a constant of the level's value type.
    fn others_value(
        &self,
        value: &kql_syntax::ast::Expr,
        key_type: KqlType,
        clause: &TopNestedClause,
    ) -> Result<Expr, Diagnostic> {
        let planned = match &value.kind {
            ExprKind::Literal(Literal::Null(_)) => return empty_value(key_type),
            ExprKind::Literal(l) => literal_to_df(l, value.span)?,
            _ => self.expr_to_df(value, &[])?,
        };
        let compatible = planned.kql_type == key_type
            || (planned.kql_type.is_numeric() && key_type.is_numeric());
        if !compatible {
            return Err(Diagnostic::semantic(
                format!(
                    "the 'with others' value is a {}, but the values of '{}' are {}",
                    planned.kql_type, clause.of.expr, key_type
                ),
                value.span,
            ));
        }
        Ok(planned.cast_to(key_type).expr)
    }
}
