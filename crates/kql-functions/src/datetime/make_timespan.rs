//! `make_timespan([day,] hour, minute [, second])`: a timespan from its parts.

use crate::args::variadic;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, DurationNanosecondType, Float64Type, Int64Type};
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, lit};
use kql_syntax::KqlType;

/// `make_timespan`: see [`DOC`].
pub(crate) struct MakeTimespanFunc;

/// The reference entry of `make_timespan`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "make_timespan",
    aliases: &[],
    category: "datetime",
    syntax: "make_timespan([day,] hour, minute [, second])",
    description: "The timespan of the given parts: make_timespan(hour, minute), \
        make_timespan(hour, minute, second) or make_timespan(day, hour, minute, second); \
        second may have a fraction (to the tick, 100 ns). Null when a part is out of its range \
        (hour 0–23, minute 0–59, second from 0 to below 60, day not negative) or null.",
    returns: "timespan; null when the parts are not a timespan",
    examples: &[Example {
        query: "print t = make_timespan(1, 12, 30, 55.123), a = make_timespan(1, 30), b = make_timespan(25, 0)",
        output: "t,a,b\n1.12:30:55.1230000,01:30:00,",
    }],
};

impl KqlFunction for MakeTimespanFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let args = variadic(&DOC, args, 2..=4)?;
        let count = args.len();
        let mut exprs = Vec::with_capacity(4);
        if count < 4 {
            exprs.push(lit(0_i64));
        }
        for (i, arg) in args.into_iter().enumerate() {
            let is_second = (count == 3 && i == 2) || (count == 4 && i == 3);
            exprs.push(if is_second {
                arg.real()?.expr
            } else {
                arg.long()?.expr
            });
        }
        if count == 2 {
            exprs.push(lit(0.0));
        }
        let f = udf(
            "kql_make_timespan",
            vec![
                DataType::Int64,
                DataType::Int64,
                DataType::Int64,
                DataType::Float64,
            ],
            crate::types::kql_to_arrow(KqlType::TimeSpan),
            make_batch,
        );
        Ok(TypedExpr::new(f.call(exprs), KqlType::TimeSpan))
    }
}

/// The timespan of the parts, in nanoseconds.
fn make(day: i64, hour: i64, minute: i64, second: f64) -> Option<i64> {
    if day < 0 || !(0..24).contains(&hour) || !(0..60).contains(&minute) {
        return None;
    }
    if !(0.0..60.0).contains(&second) {
        return None;
    }
    let ticks = (second * 10_000_000.0).round() as i64;
    let minutes = day.checked_mul(24 * 60)?.checked_add(hour * 60 + minute)?;
    minutes
        .checked_mul(60_000_000_000)?
        .checked_add(ticks.checked_mul(100)?)
}

fn make_batch(batch: &Batch) -> Result<ColumnarValue> {
    let [day, hour, minute] = [
        batch.primitives::<Int64Type>(0)?,
        batch.primitives::<Int64Type>(1)?,
        batch.primitives::<Int64Type>(2)?,
    ];
    let second = batch.primitives::<Float64Type>(3)?;
    batch.primitive_result::<DurationNanosecondType>(|row| {
        make(
            day.get(row)?,
            hour.get(row)?,
            minute.get(row)?,
            second.get(row)?,
        )
    })
}
