//! `join`: merge the rows of two tables on equal keys, in Kusto's nine kinds (join-operator.md,
//! `kql-semantics.md` §8).
//!
//! Kusto rules a plain SQL join gets wrong:
//! - The default kind, `innerunique`, is **not** `inner`: the left side first keeps one row per
//!   key (the whole row, not per-column picks), then inner-joins. It is planned as a window
//!   `row_number() over (partition by keys)` kept at 1; which row survives is arbitrary, as in
//!   Kusto (join-innerunique.md shows both outcomes as correct).
//! - The output has every left column, then every right column **including the right keys**;
//!   a right name that clashes gets the smallest free numeric suffix (`Key` → `Key1`). Semi
//!   and anti kinds return only their side's columns, under their own names.
//! - Key types must match: `on Key` needs the same type on both sides, `$left.a == $right.b`
//!   lets `int` meet `long`; dynamic keys are rejected (Kusto.Language's join checks).
//! - Unmatched cells of outer joins are null; for strings that is `""`.
//! - **Null keys match nothing**, not even another null: the docs define a condition as
//!   `$left.a == $right.b`, and `null == null` is not true (null-values.md). Strings are never
//!   null, so `""` keys do match each other.

use crate::catalog::PlanCatalog;
use crate::naming::unique_names;
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::{Column, column_ref, lookup, suggest};
use datafusion::common::JoinType;
use datafusion::functions::core::expr_fn::coalesce;
use datafusion::functions_window::expr_fn::row_number;
use datafusion::logical_expr::{Expr, ExprFunctionExt, LogicalPlanBuilder, lit};
use kql_functions::types::kql_to_arrow;
use kql_syntax::ast::{Join, JoinCondition, JoinKind};
use kql_syntax::{Diagnostic, KqlType, Span};

/// One equality of a join: a left column, a right column, and the type both are compared as.
#[derive(Debug, Clone)]
pub(crate) struct JoinKey {
    /// Index into the left columns.
    pub(crate) left: usize,
    /// Index into the right columns.
    pub(crate) right: usize,
    /// `long` when an `int` meets a `long`; otherwise the columns' common type.
    pub(crate) compare_as: KqlType,
}

/// Which input an output column comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// The `$left` input.
    Left,
    /// The `$right` input.
    Right,
}

/// One output column of an equi-join: its side, its index there, and its output name.
pub(crate) struct OutputColumn {
    pub(crate) side: Side,
    pub(crate) index: usize,
    pub(crate) name: String,
}

/// Resolves `on` conditions against both sides' columns.
pub(crate) fn join_keys(
    operator: &str,
    conditions: &[JoinCondition],
    left: &[Column],
    right: &[Column],
) -> Result<Vec<JoinKey>, Diagnostic> {
    conditions
        .iter()
        .map(|condition| match condition {
            JoinCondition::Column(name) => {
                let missing = |side: &str, columns: &[Column]| {
                    let mut d = Diagnostic::semantic(
                        format!(
                            "'{}' must be a column of both sides of the {operator}",
                            name.name
                        ),
                        name.span,
                    )
                    .with_label(format!("not a column of the {side} side"));
                    if let Some(s) = suggest(&name.name, columns.iter().map(|c| c.name.as_str())) {
                        d = d.with_help(format!("did you mean '{s}'?"));
                    } else if side == "right" {
                        d = d.with_help(format!(
                            "name columns that differ with $left.{} == $right.<column>",
                            name.name
                        ));
                    }
                    d
                };
                let l = left
                    .iter()
                    .position(|c| c.name == name.name)
                    .ok_or_else(|| missing("left", left))?;
                let r = right
                    .iter()
                    .position(|c| c.name == name.name)
                    .ok_or_else(|| missing("right", right))?;
                let (lt, rt) = (left[l].kql_type, right[r].kql_type);
                if lt != rt {
                    return Err(Diagnostic::semantic(
                        format!(
                            "join column '{}' is {lt} on the left and {rt} on the right",
                            name.name
                        ),
                        name.span,
                    )
                    .with_help(format!(
                        "convert one side first, e.g. extend {0} = to{lt}({0})",
                        name.name
                    )));
                }
                not_dynamic(lt, name.span)?;
                Ok(JoinKey {
                    left: l,
                    right: r,
                    compare_as: lt,
                })
            }
            JoinCondition::Equality {
                left: l_name,
                right: r_name,
                span,
            } => {
                let l_column = lookup(left, &l_name.name, l_name.span)
                    .map_err(|d| d.with_label("not a column of the left side"))?;
                let r_column = lookup(right, &r_name.name, r_name.span)
                    .map_err(|d| d.with_label("not a column of the right side"))?;
                let l = left.iter().position(|c| c.name == l_column.name);
                let r = right.iter().position(|c| c.name == r_column.name);
                let (Some(l), Some(r)) = (l, r) else {
                    return Err(Diagnostic::internal("a looked-up column has no position"));
                };
                let (lt, rt) = (left[l].kql_type, right[r].kql_type);
                not_dynamic(lt, l_name.span)?;
                not_dynamic(rt, r_name.span)?;
                let promote = |t| if t == KqlType::Int { KqlType::Long } else { t };
                if promote(lt) != promote(rt) {
                    return Err(Diagnostic::semantic(
                        format!("join keys of different types: {lt} and {rt}"),
                        *span,
                    )
                    .with_help("convert one side first, e.g. with tostring() or tolong()"));
                }
                Ok(JoinKey {
                    left: l,
                    right: r,
                    compare_as: promote(lt),
                })
            }
        })
        .collect()
}

/// Kusto rejects dynamic join keys.
fn not_dynamic(ty: KqlType, span: Span) -> Result<(), Diagnostic> {
    if ty == KqlType::Dynamic {
        return Err(Diagnostic::semantic("a join key cannot be dynamic", span)
            .with_help("convert it first, e.g. extend k = tostring(k)"));
    }
    Ok(())
}

/// The key column as compared: cast when an `int` meets a `long`.
fn key_expr(column: &str, ty: KqlType, compare_as: KqlType) -> Expr {
    let e = column_ref(column);
    if ty == compare_as {
        e
    } else {
        Expr::Cast(datafusion::logical_expr::Cast::new(
            Box::new(e),
            kql_to_arrow(compare_as),
        ))
    }
}

/// `left` with one row per combination of the key columns: a window `row_number()`
/// partitioned by the keys, kept at 1, so each kept row is one whole input row.
fn one_row_per_key(left: &Relation, keys: &[JoinKey]) -> Result<LogicalPlanBuilder, Diagnostic> {
    let taken: Vec<&str> = left.columns.iter().map(|c| c.name.as_str()).collect();
    let row = (0..)
        .map(|n| format!("__kqlake_row{n}"))
        .find(|name| !taken.contains(&name.as_str()))
        .expect("an unbounded range has a free name");
    let partition = keys
        .iter()
        .map(|k| column_ref(&left.columns[k.left].name))
        .collect();
    let numbered = row_number()
        .partition_by(partition)
        .build()
        .map_err(internal)?
        .alias(row.clone());
    left.builder()
        .window(vec![numbered])
        .and_then(|b| b.filter(column_ref(&row).eq(lit(1u64))))
        .and_then(|b| b.project(left.columns.iter().map(Column::reference)))
        .map_err(internal)
}

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `join`.
    pub(crate) fn join_to_plan(
        &self,
        join: &Join,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        // 1. The right side, planned like any pipeline.
        let right = self.operand_to_plan(&join.right)?;
        // 2. The keys, checked on both sides.
        let keys = join_keys("join", &join.conditions, &input.columns, &right.columns)?;
        // 3. The output: the left columns, then the right ones renamed on a clash; semi and
        //    anti kinds keep one side under its own names.
        let kind = join.kind.unwrap_or(JoinKind::InnerUnique);
        let renamed = unique_names(
            input
                .columns
                .iter()
                .chain(&right.columns)
                .map(|c| c.name.as_str()),
        );
        let side = |side: Side, columns: &[Column], offset: usize, own_names: bool| {
            columns
                .iter()
                .enumerate()
                .map(|(index, c)| OutputColumn {
                    side,
                    index,
                    name: if own_names {
                        c.name.clone()
                    } else {
                        renamed[offset + index].clone()
                    },
                })
                .collect::<Vec<_>>()
        };
        let left_columns = side(Side::Left, &input.columns, 0, true);
        let join_type = match kind {
            JoinKind::InnerUnique | JoinKind::Inner => JoinType::Inner,
            JoinKind::LeftOuter => JoinType::Left,
            JoinKind::RightOuter => JoinType::Right,
            JoinKind::FullOuter => JoinType::Full,
            JoinKind::LeftSemi => JoinType::LeftSemi,
            JoinKind::LeftAnti => JoinType::LeftAnti,
            JoinKind::RightSemi => JoinType::RightSemi,
            JoinKind::RightAnti => JoinType::RightAnti,
        };
        let output = match kind {
            JoinKind::LeftSemi | JoinKind::LeftAnti => left_columns,
            JoinKind::RightSemi | JoinKind::RightAnti => side(Side::Right, &right.columns, 0, true),
            _ => {
                let mut all = left_columns;
                all.extend(side(
                    Side::Right,
                    &right.columns,
                    input.columns.len(),
                    false,
                ));
                all
            }
        };
        self.equi_join(
            input,
            right,
            &keys,
            join_type,
            kind == JoinKind::InnerUnique,
            &output,
        )
    }

    /// Joins `left` and `right` on `keys` and projects `output`. Both sides' columns get
    /// names unique across the two for the join itself; cells an outer join leaves empty are
    /// null, or `""` for strings. With `one_left_row_per_key`, the left side first keeps one
    /// row per key (`innerunique`).
    pub(crate) fn equi_join(
        &self,
        left: Relation,
        right: Relation,
        keys: &[JoinKey],
        join_type: JoinType,
        one_left_row_per_key: bool,
        output: &[OutputColumn],
    ) -> Result<Relation, Diagnostic> {
        // 1. Right columns under names no left column has.
        let internal_names = unique_names(
            left.columns
                .iter()
                .chain(&right.columns)
                .map(|c| c.name.as_str()),
        );
        let right_names = &internal_names[left.columns.len()..];
        let renamed = right
            .columns
            .iter()
            .zip(right_names)
            .any(|(c, name)| c.name != *name);
        let right_plan = if renamed {
            right
                .builder()
                .project(
                    right
                        .columns
                        .iter()
                        .zip(right_names)
                        .map(|(c, name)| c.reference().alias(name.clone())),
                )
                .and_then(|b| b.build())
                .map_err(internal)?
        } else {
            right.plan.clone()
        };
        // 2. The left side, one row per key for `innerunique`.
        let left_builder = if one_left_row_per_key {
            one_row_per_key(&left, keys)?
        } else {
            left.builder()
        };
        // 3. The join on the keys (null keys match nothing: DataFusion's default).
        let (left_keys, right_keys): (Vec<Expr>, Vec<Expr>) = keys
            .iter()
            .map(|k| {
                let l = &left.columns[k.left];
                let r = &right.columns[k.right];
                (
                    key_expr(&l.name, l.kql_type, k.compare_as),
                    key_expr(&right_names[k.right], r.kql_type, k.compare_as),
                )
            })
            .unzip();
        let joined = left_builder
            .join_with_expr_keys(right_plan, join_type, (left_keys, right_keys), None)
            .map_err(internal)?;
        // 4. The output columns; the side an outer join may leave empty gets `""` for strings.
        let padded = |side: Side| match join_type {
            JoinType::Left => side == Side::Right,
            JoinType::Right => side == Side::Left,
            JoinType::Full => true,
            _ => false,
        };
        let mut exprs = Vec::with_capacity(output.len());
        let mut columns = Vec::with_capacity(output.len());
        for out in output {
            let (column, internal_name) = match out.side {
                Side::Left => (&left.columns[out.index], &left.columns[out.index].name),
                Side::Right => (&right.columns[out.index], &right_names[out.index]),
            };
            let mut e = column_ref(internal_name);
            if padded(out.side) && matches!(column.kql_type, KqlType::String | KqlType::Guid) {
                e = coalesce(vec![e, lit("")]);
            }
            exprs.push(e.alias_if_changed(out.name.clone()).map_err(internal)?);
            columns.push(Column::new(out.name.clone(), column.kql_type));
        }
        let plan = joined
            .project(exprs)
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation { plan, columns })
    }
}
