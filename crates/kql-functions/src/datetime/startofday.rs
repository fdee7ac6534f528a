//! `startofday(date [, offset])`: midnight (UTC) of the day, optionally `offset` days later.

use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
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
        let ([date], [offset]) = crate::args::optional::<1, 1>(&DOC, args)?;
        let date = date.datetime()?;
        let days = match offset {
            None => 0,
            Some(offset) => offset.long_literal()?,
        };
        let nanos = date.to_nanos();
        // Unix midnights are multiples of a day: tick 0 and the epoch are both midnights.
        let start = crate::math::floor_nanos(nanos, DAY_NANOS, 0)
            + datafusion::logical_expr::lit(days.saturating_mul(DAY_NANOS));
        Ok(TypedExpr::from_nanos(start, KqlType::DateTime))
    }
}
