//! `make-series Agg(…) [default = v], … on Axis from a to b step s [by Key, …]`: one row per
//! group, each aggregate an array over the axis bins, and the axis itself as an array.
//!
//! Planned in two aggregations (make-series-operator.md, "Returns"):
//! 1. rows outside the range are dropped (`from` inclusive, `to` exclusive; `in range(a, b,
//!    s)`: both inclusive), each row gets its bin — `bin_at(Axis, s, from)` with `from`, else
//!    `bin(Axis, s)` — and a `summarize Aggs by Keys, bin` computes every aggregate per group
//!    and bin, with summarize's names and rules;
//! 2. every (group, bin) row becomes an entry `{i, v}` at the bin's index `i` counted from the
//!    series' first bin, the entries of each group are collected (`array_agg`), and
//!    `kql_functions::series::make_series_values` lays them out as a JSON array, the default
//!    (0 unless `default =` says otherwise) where a bin has no rows.
//!
//! The first bin is `from`, else (kqlake's reading where the docs say "the first bin that has
//! data") the first bin with data over **the whole input**, so every series of one result
//! shares one axis; the bins end before `to`, else after the last bin with data over the whole
//! input. With `in range(a, b, s)` the bins run from `bin(a, s)` to `bin(b, s)`. The output is
//! the keys, the aggregates, then the axis column (an array of datetimes as strings, timespans
//! as strings, or numbers). No input rows give no output rows, with or without keys;
//! `kind=nonempty` is rejected by name. Series are limited to 2^20 bins (a run-time error).

use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::{Column, column_ref, lookup};
use datafusion::arrow::datatypes::DataType;
use datafusion::functions::core::expr_fn::named_struct;
use datafusion::functions::math::expr_fn::{ceil, round};
use datafusion::functions_aggregate::expr_fn::{array_agg, count, min};
use datafusion::functions_aggregate::min_max::{max_udaf, min_udaf};
use datafusion::logical_expr::expr::WindowFunction;
use datafusion::logical_expr::{Cast, Expr, lit};
use kql_functions::TypedExpr;
use kql_functions::series::{AxisKind, make_series_axis, make_series_values, zero_of};
use kql_functions::types::kql_to_arrow;
use kql_syntax::ast::{self, AggregateItem, MakeSeries, MakeSeriesRange, ProjectItem, Summarize};
use kql_syntax::{Diagnostic, KqlType, Span};

/// The hidden column names of the plan.
const BIN: &str = "__kql_bin";
const LO: &str = "__kql_lo";
const HI: &str = "__kql_hi";
const INDEX: &str = "__kql_index";
const ORIGIN: &str = "__kql_origin";
const LENGTH: &str = "__kql_length";
const ROWS: &str = "__kql_rows";

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `make-series`.
    pub(crate) fn make_series_to_plan(
        &self,
        series: &MakeSeries,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        // 0. Parameters: hints change nothing; kind=nonempty is not built.
        for p in &series.parameters {
            if p.name == "kind" {
                return Err(Diagnostic::unsupported(
                    "make-series kind=nonempty",
                    p.name_span.to(p.value_span),
                ));
            }
        }
        self.check_hints(&series.parameters, &input.columns)?;
        // 1. The axis and its range, as numbers: nanoseconds for datetimes and timespans.
        let axis_column = lookup(&input.columns, &series.axis.name, series.axis.span)?.clone();
        let axis = TypedExpr::new(axis_column.reference(), axis_column.kql_type);
        if !matches!(axis.kql_type, KqlType::DateTime | KqlType::TimeSpan)
            && !axis.kql_type.is_numeric()
        {
            return Err(Diagnostic::semantic(
                format!(
                    "the make-series axis must be a datetime, a timespan or a number, found {}",
                    axis.kql_type
                ),
                series.axis.span,
            ));
        }
        let (step_ast, bounds) = match &series.range {
            MakeSeriesRange::Bounds { from, to, step } => (step, [from.as_ref(), to.as_ref()]),
            MakeSeriesRange::InRange { start, stop, step } => (step, [Some(start), Some(stop)]),
        };
        let step = self.axis_constant(step_ast, axis.kql_type, true)?;
        let [low, high] = bounds.map(|b| b.map(|e| self.axis_constant(e, axis.kql_type, false)));
        let (low, high) = (low.transpose()?, high.transpose()?);
        let real = [Some(&axis), Some(&step), low.as_ref(), high.as_ref()]
            .into_iter()
            .flatten()
            .any(|t| matches!(t.kql_type, KqlType::Real | KqlType::Decimal));
        let kind = match axis.kql_type {
            KqlType::DateTime => AxisKind::DateTime,
            KqlType::TimeSpan => AxisKind::TimeSpan,
            _ if real => AxisKind::Real,
            _ => AxisKind::Long,
        };
        let num = |t: &TypedExpr| number(t, kind);
        let in_range = matches!(series.range, MakeSeriesRange::InRange { .. });
        // 2. Rows in range, with their bin.
        let mut keep: Option<Expr> = None;
        if let Some(low) = &low {
            keep = Some(num(&axis).gt_eq(num(low)));
        }
        if let Some(high) = &high {
            let below = if in_range {
                num(&axis).lt_eq(num(high))
            } else {
                num(&axis).lt(num(high))
            };
            keep = Some(match keep {
                Some(k) => k.and(below),
                None => below,
            });
        }
        let bin_of = |value: TypedExpr| -> Result<TypedExpr, Diagnostic> {
            match (&low, in_range) {
                (Some(from), false) => self.builtin(
                    "bin_at",
                    vec![value, step.clone(), from.clone()],
                    step_ast.span,
                ),
                _ => self.builtin("bin", vec![value, step.clone()], step_ast.span),
            }
        };
        let bin = bin_of(axis.clone())?;
        let mut builder = input.builder();
        if let Some(keep) = keep {
            builder = builder.filter(keep).map_err(internal)?;
        }
        let mut exprs: Vec<Expr> = input.columns.iter().map(Column::reference).collect();
        exprs.push(bin.expr.clone().alias(BIN));
        let binned = Relation {
            plan: builder
                .project(exprs)
                .and_then(|b| b.build())
                .map_err(internal)?,
            columns: input
                .columns
                .iter()
                .cloned()
                .chain([Column::new(BIN, bin.kql_type)])
                .collect(),
        };
        // 3. summarize Aggs by Keys, bin.
        let mut by = series.by.clone();
        by.push(ProjectItem {
            name: None,
            expr: name_expr(BIN, series.axis.span),
            span: series.axis.span,
        });
        let summarize = Summarize {
            hints: Vec::new(),
            aggregates: series
                .items
                .iter()
                .map(|i| AggregateItem {
                    tuple: Vec::new(),
                    item: i.item.clone(),
                    span: i.item.span,
                })
                .collect(),
            by,
        };
        let grouped = self.summarize_to_plan(&summarize, binned)?;
        let keys = &grouped.columns[..series.by.len()];
        let aggregates = &grouped.columns[series.by.len() + 1..];
        if aggregates.len() != series.items.len() {
            return Err(Diagnostic::semantic(
                "make-series takes aggregates of one column each",
                series.items[0]
                    .item
                    .span
                    .to(series.items[series.items.len() - 1].item.span),
            ));
        }
        let mut defaults = Vec::with_capacity(aggregates.len());
        for (column, item) in aggregates.iter().zip(&series.items) {
            if !matches!(
                column.kql_type,
                KqlType::Int | KqlType::Long | KqlType::Real
            ) {
                return Err(Diagnostic::semantic(
                    format!(
                        "make-series aggregates must be numbers, found {}",
                        column.kql_type
                    ),
                    item.item.span,
                ));
            }
            defaults.push(self.series_default(item.default.as_ref(), column.kql_type)?);
        }
        if let Some(clash) = keys
            .iter()
            .chain(aggregates)
            .find(|c| c.name == series.axis.name)
        {
            return Err(Diagnostic::semantic(
                format!(
                    "make-series: the axis column '{}' is also a key or an aggregate name",
                    clash.name
                ),
                series.axis.span,
            )
            .with_help("name the aggregate or key differently (Name = …)"));
        }
        // 4. Each (group, bin) row's index from the first bin; the series' first bin and length.
        let bin_number = num(&TypedExpr::new(column_ref(BIN), bin.kql_type));
        let step_number = num(&step);
        let lo = Expr::from(WindowFunction::new(min_udaf(), vec![bin_number.clone()])).alias(LO);
        let hi = Expr::from(WindowFunction::new(max_udaf(), vec![bin_number.clone()])).alias(HI);
        let windowed = grouped.builder().window(vec![lo, hi]).map_err(internal)?;
        let origin = match (&low, in_range) {
            (Some(from), false) => num(from),
            (Some(start), true) => num(&bin_of(start.clone())?),
            _ => column_ref(LO),
        };
        let length = match (&high, in_range) {
            (Some(stop), true) => {
                divide(
                    num(&bin_of(stop.clone())?) - origin.clone(),
                    step_number.clone(),
                    kind,
                ) + lit(1i64)
            }
            (Some(to), false) => match kind {
                AxisKind::Real => to_long(ceil((num(to) - origin.clone()) / step_number.clone())),
                _ => {
                    (num(to) - origin.clone() + step_number.clone() - lit(1i64))
                        / step_number.clone()
                }
            },
            (None, _) => {
                divide(column_ref(HI) - origin.clone(), step_number.clone(), kind) + lit(1i64)
            }
        };
        let index = divide(bin_number - origin.clone(), step_number.clone(), kind);
        let mut exprs: Vec<Expr> = keys.iter().map(Column::reference).collect();
        exprs.push(index.alias(INDEX));
        exprs.push(origin.alias(ORIGIN));
        exprs.push(length.alias(LENGTH));
        exprs.extend(aggregates.iter().map(Column::reference));
        let indexed = windowed.project(exprs).map_err(internal)?;
        // 5. One row per group: the entries of each aggregate, then the arrays.
        let mut collected = Vec::with_capacity(aggregates.len() + 3);
        for (k, column) in aggregates.iter().enumerate() {
            collected.push(
                array_agg(named_struct(vec![
                    lit("i"),
                    column_ref(INDEX),
                    lit("v"),
                    column.reference(),
                ]))
                .alias(format!("__kql_entries_{k}")),
            );
        }
        collected.push(min(column_ref(ORIGIN)).alias(ORIGIN));
        collected.push(min(column_ref(LENGTH)).alias(LENGTH));
        collected.push(count(lit(1i64)).alias(ROWS));
        let plan = indexed
            .aggregate(keys.iter().map(Column::reference), collected)
            .and_then(|b| b.filter(column_ref(ROWS).gt(lit(0i64))))
            .map_err(internal)?;
        let mut exprs: Vec<Expr> = keys.iter().map(Column::reference).collect();
        let mut columns: Vec<Column> = keys.to_vec();
        for (k, (column, default)) in aggregates.iter().zip(defaults).enumerate() {
            exprs.push(
                make_series_values(
                    column_ref(&format!("__kql_entries_{k}")),
                    column_ref(LENGTH),
                    default,
                )
                .alias(column.name.clone()),
            );
            columns.push(Column::new(column.name.clone(), KqlType::Dynamic));
        }
        exprs.push(
            make_series_axis(column_ref(ORIGIN), step_number, column_ref(LENGTH), kind)
                .alias(series.axis.name.clone()),
        );
        columns.push(Column::new(series.axis.name.clone(), KqlType::Dynamic));
        let plan = plan
            .project(exprs)
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation { plan, columns })
    }

    /// A constant of the axis range: the step (a timespan for a datetime or timespan axis, a
    /// number otherwise) or a bound (of the axis's type, or a number for a numeric axis).
    fn axis_constant(
        &self,
        expr: &ast::Expr,
        axis: KqlType,
        is_step: bool,
    ) -> Result<TypedExpr, Diagnostic> {
        let value = self.expr_to_df(expr, &[])?;
        let expected = match (axis, is_step) {
            (KqlType::DateTime | KqlType::TimeSpan, true) => KqlType::TimeSpan,
            (KqlType::DateTime, false) => KqlType::DateTime,
            (KqlType::TimeSpan, false) => KqlType::TimeSpan,
            (t, _) if t.is_numeric() => {
                if value.kql_type.is_numeric() {
                    return Ok(value);
                }
                return Err(Diagnostic::semantic(
                    format!("expected a number, found {}", value.kql_type),
                    expr.span,
                ));
            }
            (t, _) => {
                return Err(Diagnostic::semantic(
                    format!(
                        "the make-series axis must be a datetime, a timespan or a number, found {t}"
                    ),
                    expr.span,
                ));
            }
        };
        if value.kql_type != expected {
            return Err(Diagnostic::semantic(
                format!("expected a {expected}, found {}", value.kql_type),
                expr.span,
            ));
        }
        Ok(value)
    }

    /// The value of bins without rows: `default = v` converted to the aggregate's type, else 0.
    fn series_default(&self, default: Option<&ast::Expr>, of: KqlType) -> Result<Expr, Diagnostic> {
        let Some(default) = default else {
            return Ok(zero_of(&kql_to_arrow(of)));
        };
        let value = self.expr_to_df(default, &[])?;
        if !value.kql_type.is_numeric() && !value.is_null_literal() {
            return Err(Diagnostic::semantic(
                format!(
                    "a make-series default must be a number, found {}",
                    value.kql_type
                ),
                default.span,
            ));
        }
        Ok(value.cast_to(of).expr)
    }

    /// A built-in scalar function applied to planned arguments.
    fn builtin(
        &self,
        name: &str,
        args: Vec<TypedExpr>,
        span: Span,
    ) -> Result<TypedExpr, Diagnostic> {
        let function = self
            .functions
            .get(name)
            .ok_or_else(|| Diagnostic::internal(format!("no built-in {name}")))?;
        function
            .plan_scalar(args, &self.call_context)
            .map_err(|e| Diagnostic::semantic(format!("make-series: {}", e.message), span))
    }
}

/// An axis value as a number: Int64 nanoseconds for datetimes and timespans, Int64 or Float64
/// for numbers.
fn number(value: &TypedExpr, kind: AxisKind) -> Expr {
    match kind {
        AxisKind::DateTime | AxisKind::TimeSpan => value.clone().to_nanos(),
        AxisKind::Long => Expr::Cast(Cast::new(Box::new(value.expr.clone()), DataType::Int64)),
        AxisKind::Real => Expr::Cast(Cast::new(Box::new(value.expr.clone()), DataType::Float64)),
    }
}

/// `a / b` of two bin distances, exact: Int64 division, or rounded for reals.
fn divide(a: Expr, b: Expr, kind: AxisKind) -> Expr {
    match kind {
        AxisKind::Real => to_long(round(vec![a / b])),
        _ => a / b,
    }
}

fn to_long(e: Expr) -> Expr {
    Expr::Cast(Cast::new(Box::new(e), DataType::Int64))
}

/// The AST of a reference to the column `name`.
fn name_expr(name: &str, span: Span) -> ast::Expr {
    ast::Expr {
        kind: ast::ExprKind::Name(ast::Ident {
            name: name.to_owned(),
            span,
        }),
        span,
    }
}
