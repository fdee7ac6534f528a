//! `dayofweek(date)`: the days since the preceding Sunday, as a timespan.

use crate::args::fixed;
use crate::udf::unary;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DurationNanosecondType, TimestampNanosecondType};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `dayofweek`: see [`DOC`].
pub(crate) struct DayOfWeekFunc;

/// The reference entry of `dayofweek`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "dayofweek",
    aliases: &[],
    category: "datetime",
    syntax: "dayofweek(date)",
    description: "The whole days since the start of the preceding Sunday, as a timespan (not a \
        number, as SQL's date_part('dow') is): 00:00:00 for a Sunday, 1.00:00:00 for a Monday. \
        toint(dayofweek(d) / 1d) gives the number.",
    returns: "timespan; null when date is null",
    examples: &[Example {
        query: "print a = dayofweek(datetime(1947-11-30 10:00:05)), b = dayofweek(datetime(1970-05-11)), c = toint(dayofweek(datetime(1970-5-12)) / 1d)",
        output: "a,b,c\n00:00:00,1.00:00:00,2",
    }],
};

impl KqlFunction for DayOfWeekFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [date] = fixed(&DOC, args)?;
        Ok(unary(
            "kql_dayofweek",
            date.datetime()?,
            KqlType::TimeSpan,
            dayofweek_batch,
        ))
    }
}

fn dayofweek_batch(batch: &crate::udf::Batch) -> Result<ColumnarValue> {
    let dates = batch.primitives::<TimestampNanosecondType>(0)?;
    batch.primitive_result::<DurationNanosecondType>(|row| {
        let days = dates.get(row)?.div_euclid(super::DAY_NANOS);
        (days - super::week_start_day(days)).checked_mul(super::DAY_NANOS)
    })
}
