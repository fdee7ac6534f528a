//! `startofday(date [, offset])`: midnight (UTC) of the day, optionally `offset` days later.

use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::common::ScalarValue;
use datafusion::logical_expr::Expr;
use kql_syntax::KqlType;

/// `startofday`: see [`DOC`].
pub(crate) struct StartOfDayFunc;

/// The reference entry of `startofday`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "startofday",
    aliases: &[],
    category: "datetime",
    syntax: "startofday(date [, offset])",
    description: "The start of date's day (00:00:00 UTC), moved by offset whole days when \
        given (a long literal, negative for earlier days).",
    returns: "datetime",
    examples: &[Example {
        query: "print a = startofday(datetime(2017-01-01 10:10:17)), b = startofday(datetime(2017-01-01 10:10:17), -1), c = startofday(datetime(2017-01-01 10:10:17), 1)",
        output: "a,b,c\n2017-01-01T00:00:00.0000000Z,2016-12-31T00:00:00.0000000Z,2017-01-02T00:00:00.0000000Z",
    }],
};

const DAY_NANOS: i64 = 86_400_000_000_000;

impl KqlFunction for StartOfDayFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        if !(1..=2).contains(&args.len()) {
            return Err(FunctionError::call(format!(
                "expected 1 or 2 arguments: {}",
                DOC.syntax
            )));
        }
        let mut args = args.into_iter();
        let date = args.next().ok_or_else(|| FunctionError::call(DOC.syntax))?;
        if date.kql_type != KqlType::DateTime {
            return Err(FunctionError::arg(
                0,
                format!("startofday() expects a datetime, found {}", date.kql_type),
            ));
        }
        let days = match args.next().map(|o| o.expr) {
            None => 0,
            Some(Expr::Literal(ScalarValue::Int64(Some(d)), _)) => d,
            Some(Expr::Negative(inner)) => match *inner {
                Expr::Literal(ScalarValue::Int64(Some(d)), _) => -d,
                _ => {
                    return Err(FunctionError::arg(
                        1,
                        "startofday() needs a long literal offset",
                    ));
                }
            },
            Some(_) => {
                return Err(FunctionError::arg(
                    1,
                    "startofday() needs a long literal offset",
                ));
            }
        };
        let nanos = Expr::Cast(datafusion::logical_expr::Cast::new(
            Box::new(date.expr),
            datafusion::arrow::datatypes::DataType::Int64,
        ));
        // Unix midnights are multiples of a day: tick 0 and the epoch are both midnights.
        let start = crate::math::floor_nanos(nanos, DAY_NANOS, 0)
            + datafusion::logical_expr::lit(days.saturating_mul(DAY_NANOS));
        Ok(TypedExpr::new(start, KqlType::Long).cast_to(KqlType::DateTime))
    }
}
