//! `range x from a to b step s`: one column of `a`, `a + s`, … while not past `b`.
//!
//! Types as Kusto.Language binds them (`Binder_NodeBinder.cs`, `VisitRangeOperator`): the
//! column's type is that of `a + s` over the common type of `a` and `b` (`int` only when all
//! three are `int`): numbers, `datetime` with a `timespan` step, or `timespan`. The bounds are
//! constants (they cannot refer to a row). The docs do not say what a negative step or an empty
//! range does; kqlake counts down with a negative step (`range x from 3 to 1 step -1` is 3, 2,
//! 1), gives no rows when `a` is already past `b` in the step's direction or a bound is null,
//! and rejects a zero step (Kusto.Language rejects a constant 0).
//!
//! Longs, ints, datetimes and timespans are generated as 64-bit integers (nanoseconds for the
//! time types) by DataFusion's lazy `generate_series` table, so a long range streams; reals are
//! `a + i * s` over a generated index `i`, so no rounding error accumulates.

use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::{Column, column_ref};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::common::{ScalarValue, TableReference};
use datafusion::datasource::provider_as_source;
use datafusion::functions_table::generate_series::{GenSeriesArgs, GenerateSeriesTable};
use datafusion::logical_expr::{Cast, Expr, LogicalPlanBuilder, lit};
use kql_functions::types::kql_to_arrow;
use kql_syntax::ast::Range;
use kql_syntax::{Diagnostic, KqlType};
use std::sync::Arc;

/// The generated column before it takes its KQL name and type.
const SERIES_COLUMN: &str = "value";

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `range`.
    pub(crate) fn range_to_plan(&self, range: &Range) -> Result<Relation, Diagnostic> {
        // 1. The bounds and the step: constants, with no row in scope.
        let from = self.expr_to_df(&range.from, &[])?;
        let to = self.expr_to_df(&range.to, &[])?;
        let step = self.expr_to_df(&range.step, &[])?;
        // 2. The column's type.
        use KqlType::*;
        let bounds = match (from.kql_type, to.kql_type) {
            (a, b) if a == b => a,
            (a, b) if a.is_numeric() && b.is_numeric() => {
                if a == Real || b == Real || a == Decimal || b == Decimal {
                    Real
                } else {
                    Long
                }
            }
            (a, b) => {
                return Err(Diagnostic::semantic(
                    format!("range bounds of different types: {a} and {b}"),
                    range.from.span.to(range.to.span),
                ));
            }
        };
        let ty = match (bounds, step.kql_type) {
            (Int, Int) => Int,
            (Int | Long, Int | Long) => Long,
            (Int | Long | Real, Int | Long | Real) => Real,
            (DateTime, TimeSpan) => DateTime,
            (TimeSpan, TimeSpan) => TimeSpan,
            (a, s) => {
                return Err(Diagnostic::semantic(
                    format!("range cannot step from {a} values by a {s}"),
                    range.from.span.to(range.step.span),
                )
                .with_help("range takes numbers, datetimes with a timespan step, or timespans"));
            }
        };
        // 3. Their values.
        let from_value = self.constant_value(&from.cast_to(ty_of_bounds(ty)), range.from.span)?;
        let to_value = self.constant_value(&to.cast_to(ty_of_bounds(ty)), range.to.span)?;
        let step_value = self.constant_value(&step.cast_to(ty_of_step(ty)), range.step.span)?;
        let zero_step = match &step_value {
            ScalarValue::Float64(Some(v)) => *v == 0.0,
            v => as_i64(v) == Some(0),
        };
        if zero_step {
            return Err(Diagnostic::semantic(
                "range step cannot be 0",
                range.step.span,
            ));
        }
        // 4. The series and its one column.
        let (args, value) = if ty == Real {
            let (Some(a), Some(b), Some(s)) =
                (as_f64(&from_value), as_f64(&to_value), as_f64(&step_value))
            else {
                return self.series(range, empty(), lit(0.0), ty);
            };
            let n = real_count(a, b, s);
            if n == 0 {
                return self.series(range, empty(), lit(0.0), ty);
            }
            let index = Expr::Cast(Cast::new(
                Box::new(column_ref(SERIES_COLUMN)),
                DataType::Float64,
            ));
            (int_series(0, n - 1, 1), lit(a) + index * lit(s))
        } else {
            let (Some(a), Some(b), Some(s)) =
                (as_i64(&from_value), as_i64(&to_value), as_i64(&step_value))
            else {
                return self.series(range, empty(), column_ref(SERIES_COLUMN), ty);
            };
            let value = Expr::Cast(Cast::new(
                Box::new(column_ref(SERIES_COLUMN)),
                kql_to_arrow(ty),
            ));
            (int_series(a, b, s), value)
        };
        self.series(range, args, value, ty)
    }

    /// The plan: a scan of the series, projected to `value` named as the range's column.
    fn series(
        &self,
        range: &Range,
        args: GenSeriesArgs,
        value: Expr,
        ty: KqlType,
    ) -> Result<Relation, Diagnostic> {
        let schema = Arc::new(Schema::new(vec![Field::new(
            SERIES_COLUMN,
            DataType::Int64,
            false,
        )]));
        let table = GenerateSeriesTable::new(schema, args);
        let name = range.column.name.clone();
        let plan = LogicalPlanBuilder::scan(
            TableReference::bare("range"),
            provider_as_source(Arc::new(table)),
            None,
        )
        .and_then(|b| b.project(vec![value.alias(name.clone())]))
        .and_then(|b| b.build())
        .map_err(internal)?;
        Ok(Relation {
            plan,
            columns: vec![Column::new(name, ty)],
        })
    }
}

/// The type the bounds are read in: the column's (a datetime range's bounds are datetimes).
fn ty_of_bounds(ty: KqlType) -> KqlType {
    ty
}

/// The type the step is read in: a timespan for time ranges, else the column's type.
fn ty_of_step(ty: KqlType) -> KqlType {
    match ty {
        KqlType::DateTime => KqlType::TimeSpan,
        other => other,
    }
}

/// `start`, `start + step`, … up to and including `end` (Int64).
fn int_series(start: i64, end: i64, step: i64) -> GenSeriesArgs {
    GenSeriesArgs::Int64Args {
        start,
        end,
        step,
        include_end: true,
        name: "range",
    }
}

/// No rows.
fn empty() -> GenSeriesArgs {
    GenSeriesArgs::ContainsNull { name: "range" }
}

/// An integer, datetime or timespan value as i64 (nanoseconds for the time types); `None`
/// for null.
fn as_i64(value: &ScalarValue) -> Option<i64> {
    match value {
        ScalarValue::Int64(v)
        | ScalarValue::TimestampNanosecond(v, _)
        | ScalarValue::DurationNanosecond(v) => *v,
        ScalarValue::Int32(v) => v.map(i64::from),
        _ => None,
    }
}

/// A real value; `None` for null or a non-finite value.
fn as_f64(value: &ScalarValue) -> Option<f64> {
    match value {
        ScalarValue::Float64(Some(v)) if v.is_finite() => Some(*v),
        _ => None,
    }
}

/// How many of `a`, `a + s`, `a + 2s`, … are not past `b` (0 if `a` is past `b` already).
fn real_count(a: f64, b: f64, s: f64) -> i64 {
    let within = |i: i64| {
        #[allow(clippy::cast_precision_loss, reason = "indexes of a range of reals")]
        let v = a + (i as f64) * s;
        if s > 0.0 { v <= b } else { v >= b }
    };
    if !within(0) {
        return 0;
    }
    #[allow(
        clippy::cast_possible_truncation,
        reason = "clamped to a sane count below"
    )]
    let mut n = (((b - a) / s).floor().clamp(0.0, 9.0e15) as i64) + 1;
    while n > 1 && !within(n - 1) {
        n -= 1;
    }
    while within(n) {
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::real_count;

    #[test]
    fn real_ranges_count_without_accumulated_error() {
        assert_eq!(real_count(0.1, 0.5, 0.1), 5);
        assert_eq!(real_count(1.0, 2.0, 0.5), 3);
        assert_eq!(real_count(1.0, 2.2, 0.5), 3);
        assert_eq!(real_count(2.0, 1.0, -0.5), 3);
        assert_eq!(real_count(2.0, 1.0, 0.5), 0);
        assert_eq!(real_count(1.0, 1.0, 0.5), 1);
    }
}
