//! `bin_at(value, bin_size, fixed_point)`: round down to a multiple of bin_size counted from a
//! fixed point.

use crate::args::fixed;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::common::ScalarValue;
use datafusion::functions::math::expr_fn::floor;
use datafusion::logical_expr::{Expr, lit};
use kql_syntax::KqlType;

/// `bin_at`: see [`DOC`].
pub(crate) struct BinAtFunc;

/// The reference entry of `bin_at`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "bin_at",
    aliases: &[],
    category: "math",
    syntax: "bin_at(value, bin_size, fixed_point)",
    description: "value rounded down to fixed_point plus a whole number of bin_size: bins \
        aligned to fixed_point rather than to 0 (bin()). Numbers bin by a number, datetimes and \
        timespans by a timespan; bin_size and fixed_point must be constants, fixed_point of \
        value's type. A bin_size that is not positive gives null.",
    returns: "the type of value (int gives long)",
    examples: &[Example {
        query: "print a = bin_at(6.5, 2.5, 7), b = bin_at(time(1h), 1d, 12h), c = bin_at(datetime(2017-05-15 10:20:00.0), 1d, datetime(1970-01-01 12:00:00.0)), d = bin_at(datetime(2017-05-17 10:20:00.0), 7d, datetime(2017-06-04 00:00:00.0))",
        output: "a,b,c,d\n4.5,-12:00:00,2017-05-14T12:00:00.0000000Z,2017-05-14T00:00:00.0000000Z",
    }],
};

/// A literal's value, through a unary minus.
fn literal(e: &Expr) -> Option<ScalarValue> {
    match e {
        Expr::Literal(v, _) => Some(v.clone()),
        Expr::Negative(inner) => literal(inner)?.arithmetic_negate().ok(),
        _ => None,
    }
}

impl KqlFunction for BinAtFunc {
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
        let [value, size, fixed_point] = fixed(&DOC, args)?;
        let constant = |arg: &crate::args::Arg| {
            literal(&arg.get().expr)
                .ok_or_else(|| arg.error(format!("{} must be a constant", arg.name())))
        };
        let (size_value, point_value) = (constant(&size)?, constant(&fixed_point)?);
        let ty = value.kql_type();
        let null = |t: KqlType| Ok(TypedExpr::null(t));
        match (ty, size_value, point_value) {
            (
                KqlType::DateTime | KqlType::TimeSpan,
                ScalarValue::DurationNanosecond(Some(s)),
                ScalarValue::TimestampNanosecond(Some(p), _)
                | ScalarValue::DurationNanosecond(Some(p)),
            ) if fixed_point.kql_type() == ty => {
                if s <= 0 {
                    return null(ty);
                }
                let floored = super::floor_nanos(value.any().to_nanos(), s, i128::from(p));
                Ok(TypedExpr::from_nanos(floored, ty))
            }
            (
                KqlType::Int | KqlType::Long,
                ScalarValue::Int64(Some(s)),
                ScalarValue::Int64(Some(p)),
            ) => {
                if s <= 0 {
                    return null(KqlType::Long);
                }
                let v = value.long()?.expr;
                Ok(TypedExpr::new(
                    super::floor_nanos(v, s, i128::from(p)),
                    KqlType::Long,
                ))
            }
            (t, s, p) if t.is_numeric() => {
                let as_real = |v: &ScalarValue| match v {
                    ScalarValue::Int64(Some(v)) => Some(*v as f64),
                    ScalarValue::Float64(Some(v)) => Some(*v),
                    _ => None,
                };
                let (Some(s), Some(p)) = (as_real(&s), as_real(&p)) else {
                    return Err(size.type_error("number"));
                };
                if s.is_nan() || s <= 0.0 {
                    return null(KqlType::Real);
                }
                let v = value.real()?.expr;
                let floored = floor((v - lit(p)) / lit(s)) * lit(s) + lit(p);
                Ok(TypedExpr::new(floored, KqlType::Real))
            }
            (KqlType::DateTime | KqlType::TimeSpan, _, _) => Err(fixed_point.error(format!(
                "expected a timespan bin_size and a {ty} fixed_point for a {ty} value"
            ))),
            _ => Err(value.type_error("number, datetime or timespan")),
        }
    }
}
