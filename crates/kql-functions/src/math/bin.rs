//! `bin(value, roundTo)` (alias `floor`): round down to a multiple of roundTo.
//!
//! Kusto counts datetime bins from tick 0, 0001-01-01T00:00:00 (a Monday), not from the Unix
//! epoch (a Thursday) as DataFusion's `date_bin` does: `bin(datetime(2024-01-04), 7d)` is
//! Monday 2024-01-01, where `date_bin` would give Thursday 2023-12-28. Day and hour bins are the
//! same either way.

use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::common::ScalarValue;
use datafusion::functions::math::expr_fn::floor;
use datafusion::logical_expr::{Expr, lit};
use kql_syntax::KqlType;

/// `bin`: see [`DOC`].
pub(crate) struct BinFunc;

/// The reference entry of `bin`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "bin",
    aliases: &["floor"],
    category: "math",
    syntax: "bin(value, roundTo)",
    description: "Rounds value down to a multiple of roundTo: numbers by a number, datetimes \
        and timespans by a timespan. Datetime bins count from 0001-01-01 (Kusto's tick 0), so \
        7-day bins start on Mondays. roundTo must be a positive literal; an unnamed \
        bin(x, …) column is named x, so `summarize count() by bin(TimeGenerated, 1h)` gives a \
        TimeGenerated column.",
    returns: "the type of value (int gives long)",
    examples: &[
        Example {
            query: "print a = bin(4.5, 1), b = bin(-7, 5), c = bin(10, 5), d = bin(datetime(2024-01-04 10:23:00), 1h), e = bin(datetime(2024-01-04 10:00), 7d), f = bin(25m, 10m)",
            output: "a,b,c,d,e,f\n4,-10,10,2024-01-04T10:00:00.0000000Z,2024-01-01T00:00:00.0000000Z,00:20:00",
        },
        Example {
            query: "datatable(TimeGenerated:datetime)[datetime(2024-01-01 10:05), datetime(2024-01-01 10:55), datetime(2024-01-01 11:10)] | summarize n = count() by bin(TimeGenerated, 1h) | sort by TimeGenerated asc",
            output: "TimeGenerated,n\n2024-01-01T10:00:00.0000000Z,2\n2024-01-01T11:00:00.0000000Z,1",
        },
    ],
};

/// Nanoseconds from 0001-01-01T00:00:00Z (Kusto's tick 0) to the Unix epoch.
const TICK_ZERO_TO_EPOCH_NANOS: i128 = 62_135_596_800 * 1_000_000_000;

/// `nanos` (an Int64 expression) rounded down to a multiple of `size` counted from `origin`
/// (nanoseconds since the Unix epoch, possibly far outside the i64 range).
pub fn floor_nanos(nanos: Expr, size: i64, origin: i128) -> Expr {
    // nanos - rem_euclid(nanos - origin, size), with (-origin) reduced modulo size first so
    // nothing overflows.
    let shift = i64::try_from((-origin).rem_euclid(i128::from(size))).unwrap_or(0);
    let s = lit(size);
    let r = ((nanos.clone() + lit(shift)) % s.clone() + s.clone()) % s;
    nanos - r
}

/// A literal size or point: long/real for numbers, nanoseconds for timespans and datetimes.
pub(super) fn literal_size(e: &Expr) -> Option<ScalarValue> {
    match e {
        Expr::Literal(v, _) => Some(v.clone()),
        Expr::Negative(inner) => match literal_size(inner)? {
            ScalarValue::Int64(Some(v)) => Some(ScalarValue::Int64(Some(-v))),
            ScalarValue::Float64(Some(v)) => Some(ScalarValue::Float64(Some(-v))),
            ScalarValue::DurationNanosecond(Some(v)) => {
                Some(ScalarValue::DurationNanosecond(Some(-v)))
            }
            _ => None,
        },
        _ => None,
    }
}

impl KqlFunction for BinFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn takes_first_argument_name(&self) -> bool {
        true
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [value, size] = crate::args::fixed(&DOC, args)?;
        let Some(literal) = literal_size(&size.get().expr) else {
            return Err(size.error("a roundTo that is not a literal is not supported yet"));
        };
        let size_error = |t: KqlType| {
            let what = if matches!(t, KqlType::DateTime | KqlType::TimeSpan) {
                "timespan"
            } else {
                "number"
            };
            size.type_error(what)
        };
        let value = value.any();
        let null = |t: KqlType| Ok(TypedExpr::null(t));
        match (value.kql_type, literal) {
            (KqlType::DateTime | KqlType::TimeSpan, ScalarValue::DurationNanosecond(Some(s))) => {
                let t = value.kql_type;
                if s <= 0 {
                    return null(t);
                }
                let origin = if t == KqlType::DateTime {
                    -TICK_ZERO_TO_EPOCH_NANOS
                } else {
                    0
                };
                let floored = floor_nanos(value.to_nanos(), s, origin);
                Ok(TypedExpr::from_nanos(floored, t))
            }
            (KqlType::Int | KqlType::Long, ScalarValue::Int64(Some(s))) => {
                if s <= 0 {
                    return null(KqlType::Long);
                }
                let v = value.cast_to(KqlType::Long).expr;
                Ok(TypedExpr::new(floor_nanos(v, s, 0), KqlType::Long))
            }
            (t, size @ (ScalarValue::Int64(Some(_)) | ScalarValue::Float64(Some(_))))
                if t.is_numeric() =>
            {
                let s = match size {
                    ScalarValue::Int64(Some(v)) => v as f64,
                    ScalarValue::Float64(Some(v)) => v,
                    _ => 0.0,
                };
                if s.is_nan() || s <= 0.0 {
                    return null(KqlType::Real);
                }
                let v = value.cast_to(KqlType::Real).expr;
                Ok(TypedExpr::new(floor(v / lit(s)) * lit(s), KqlType::Real))
            }
            (_, v) if v.is_null() => null(value.kql_type),
            (t, _) => Err(size_error(t)),
        }
    }
}
