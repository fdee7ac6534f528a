//! `bin_at(value, bin_size, fixed_point)`: round down to a multiple of bin_size counted from
//! fixed_point.

use super::bin::{floor_nanos, literal_size};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::common::ScalarValue;
use datafusion::functions::math::expr_fn::floor;
use datafusion::logical_expr::lit;
use kql_syntax::KqlType;

/// `bin_at`: see [`DOC`].
pub(crate) struct BinAtFunc;

/// The reference entry of `bin_at`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "bin_at",
    aliases: &[],
    category: "math",
    syntax: "bin_at(value, bin_size, fixed_point)",
    description: "Rounds value down to the nearest bin boundary, where the bins are bin_size \
        wide and one of them starts at fixed_point: numbers by a number (from a number), \
        timespans and datetimes by a timespan (from a timespan or a datetime). bin_size and \
        fixed_point must be literals; a bin_size of zero or less gives null. An unnamed \
        bin_at(x, …) column is named x.",
    returns: "real if any argument is real, otherwise long for numbers; the type of value for \
        timespans and datetimes",
    examples: &[
        Example {
            query: "print a = bin_at(6.5, 2.5, 7), b = bin_at(time(1h), 1d, 12h), c = bin_at(datetime(2017-05-15 10:20:00), 1d, datetime(1970-01-01 12:00:00)), d = bin_at(datetime(2017-05-17 10:20:00), 7d, datetime(2017-06-04 00:00:00))",
            output: "a,b,c,d\n4.5,-12:00:00,2017-05-14T12:00:00.0000000Z,2017-05-14T00:00:00.0000000Z",
        },
        Example {
            query: "datatable(Date:datetime, NumOfEvents:int)[datetime(2018-02-24T15:14), 3, datetime(2018-02-24T15:24), 4, datetime(2018-02-23T16:14), 4, datetime(2018-02-23T17:29), 4, datetime(2018-02-26T15:14), 5] | summarize TotalEvents = sum(NumOfEvents) by bin_at(Date, 1d, datetime(2018-02-24 15:14:00)) | sort by Date asc",
            output: "Date,TotalEvents\n2018-02-23T15:14:00.0000000Z,8\n2018-02-24T15:14:00.0000000Z,7\n2018-02-26T15:14:00.0000000Z,5",
        },
    ],
};

/// A literal bin size or fixed point: a whole number (a long, or the nanoseconds of a timespan
/// or datetime, kept exact) or a real; `None` inside for a null literal.
#[derive(Debug, Clone, Copy)]
enum Point {
    Whole(Option<i64>),
    Real(Option<f64>),
}

impl Point {
    fn of(value: &ScalarValue) -> Option<Point> {
        Some(match value {
            ScalarValue::Int64(v)
            | ScalarValue::DurationNanosecond(v)
            | ScalarValue::TimestampNanosecond(v, _) => Point::Whole(*v),
            ScalarValue::Float64(v) => Point::Real(*v),
            _ => return None,
        })
    }

    fn is_null(self) -> bool {
        matches!(self, Point::Whole(None) | Point::Real(None))
    }

    fn real(self) -> f64 {
        match self {
            Point::Whole(v) => v.unwrap_or(0) as f64,
            Point::Real(v) => v.unwrap_or(0.0),
        }
    }

    fn whole(self) -> i64 {
        match self {
            Point::Whole(v) => v.unwrap_or(0),
            Point::Real(v) => v.unwrap_or(0.0) as i64,
        }
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
        let [value, size, fixed] = crate::args::fixed(&DOC, args)?;
        let literal = |arg: &crate::args::Arg| {
            literal_size(&arg.get().expr).ok_or_else(|| {
                arg.error(format!(
                    "a {} that is not a literal is not supported yet",
                    arg.name().trim_matches('\'')
                ))
            })
        };
        let size_value = literal(&size)?;
        let fixed_value = literal(&fixed)?;
        let (value, size, fixed) = (value.any(), size.any(), fixed.any());
        let (Some(size_point), Some(fixed_point)) =
            (Point::of(&size_value), Point::of(&fixed_value))
        else {
            return Err(FunctionError::call(
                &DOC,
                format!(
                    "takes numbers, or a timespan bin_size for a timespan or datetime: {}",
                    DOC.syntax
                ),
            ));
        };
        let time = matches!(value.kql_type, KqlType::DateTime | KqlType::TimeSpan);
        let result_type = match value.kql_type {
            t if time => t,
            KqlType::Real => KqlType::Real,
            _ if size.kql_type == KqlType::Real || fixed.kql_type == KqlType::Real => KqlType::Real,
            _ => KqlType::Long,
        };
        // Each argument must fit the value's kind: a timespan size for times, and a fixed point
        // of the value's own type; numbers with numbers.
        let fits = if time {
            size.kql_type == KqlType::TimeSpan && fixed.kql_type == value.kql_type
        } else {
            value.kql_type.is_numeric() && size.kql_type.is_numeric() && fixed.kql_type.is_numeric()
        };
        if !fits {
            return Err(FunctionError::call(
                &DOC,
                format!(
                    "of a {} takes {}: {}",
                    value.kql_type,
                    if time {
                        format!("a timespan bin_size and a {} fixed_point", value.kql_type)
                    } else {
                        "a numeric bin_size and fixed_point".to_owned()
                    },
                    DOC.syntax
                ),
            ));
        }
        let null = || Ok(TypedExpr::null(result_type));
        if size_point.is_null() || fixed_point.is_null() {
            return null();
        }
        if size_point.real().is_nan() || size_point.real() <= 0.0 {
            return null();
        }
        match result_type {
            KqlType::Real => {
                // fixed + floor((value - fixed) / size) * size
                let v = value.cast_to(KqlType::Real).expr;
                let (size, fixed) = (size_point.real(), fixed_point.real());
                let binned = lit(fixed) + floor((v - lit(fixed)) / lit(size)) * lit(size);
                Ok(TypedExpr::new(binned, KqlType::Real))
            }
            KqlType::Long => {
                let v = value.cast_to(KqlType::Long).expr;
                let (size, origin) = (size_point.whole(), i128::from(fixed_point.whole()));
                Ok(TypedExpr::new(floor_nanos(v, size, origin), KqlType::Long))
            }
            t => {
                let (size, origin) = (size_point.whole(), i128::from(fixed_point.whole()));
                let floored = floor_nanos(value.to_nanos(), size, origin);
                Ok(TypedExpr::from_nanos(floored, t))
            }
        }
    }
}
