//! `datetime_add(period, amount, datetime)`: a datetime moved by a number of periods.

use crate::args::fixed;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use chrono::{DateTime, Months};
use datafusion::arrow::datatypes::{DataType, Int64Type, TimestampNanosecondType};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `datetime_add`: see [`DOC`].
pub(crate) struct DatetimeAddFunc;

/// The reference entry of `datetime_add`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "datetime_add",
    aliases: &[],
    category: "datetime",
    syntax: "datetime_add(period, amount, datetime)",
    description: "datetime moved by amount periods (negative moves back). period is a constant, \
        one of Year, Quarter, Month, Week, Day, Hour, Minute, Second, Millisecond, \
        Microsecond, Nanosecond, ignoring case. Years, quarters and months move the calendar \
        date and keep the time of day; a day that the target month lacks becomes its last day \
        (January 31 plus a month is February 28 or 29; Kusto's docs do not say). A result \
        outside the datetime range is null.",
    returns: "datetime; null when an argument is null",
    examples: &[Example {
        query: "print year = datetime_add('year', 1, make_datetime(2017, 1, 1)), quarter = datetime_add('quarter', 1, make_datetime(2017, 1, 1)), month = datetime_add('month', -15, make_datetime(2017, 1, 1)), week = datetime_add('week', 100, make_datetime(2017, 1, 1))",
        output: "year,quarter,month,week\n2018-01-01T00:00:00.0000000Z,2017-04-01T00:00:00.0000000Z,2015-10-01T00:00:00.0000000Z,2018-12-02T00:00:00.0000000Z",
    }],
};

/// The periods, by name: months for the calendar ones, nanoseconds for the others.
const PERIODS: &[(&str, (i64, i64))] = &[
    ("year", (12, 0)),
    ("quarter", (3, 0)),
    ("month", (1, 0)),
    ("week", (0, 7 * 86_400_000_000_000)),
    ("day", (0, 86_400_000_000_000)),
    ("hour", (0, 3_600_000_000_000)),
    ("minute", (0, 60_000_000_000)),
    ("second", (0, 1_000_000_000)),
    ("millisecond", (0, 1_000_000)),
    ("microsecond", (0, 1_000)),
    ("nanosecond", (0, 1)),
];

impl KqlFunction for DatetimeAddFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [period, amount, date] = fixed(&DOC, args)?;
        let unknown = period.error(
            "expected one of Year, Quarter, Month, Week, Day, Hour, Minute, Second, \
             Millisecond, Microsecond, Nanosecond for 'period'",
        );
        let name = period.string_literal()?;
        let (months, nanos) = super::period_named(PERIODS, &name).ok_or(unknown)?;
        let ts = crate::types::kql_to_arrow(KqlType::DateTime);
        let (udf_name, body): (&'static str, crate::udf::UdfBody) = match (months, nanos) {
            (12, _) => ("kql_datetime_add_year", add_batch::<12, 0>),
            (3, _) => ("kql_datetime_add_quarter", add_batch::<3, 0>),
            (1, _) => ("kql_datetime_add_month", add_batch::<1, 0>),
            (_, 1) => ("kql_datetime_add_nanosecond", add_batch::<0, 1>),
            (_, 1_000) => ("kql_datetime_add_microsecond", add_batch::<0, 1_000>),
            (_, 1_000_000) => ("kql_datetime_add_millisecond", add_batch::<0, 1_000_000>),
            (_, 1_000_000_000) => ("kql_datetime_add_second", add_batch::<0, 1_000_000_000>),
            (_, 60_000_000_000) => ("kql_datetime_add_minute", add_batch::<0, 60_000_000_000>),
            (_, 3_600_000_000_000) => ("kql_datetime_add_hour", add_batch::<0, 3_600_000_000_000>),
            (_, 86_400_000_000_000) => ("kql_datetime_add_day", add_batch::<0, 86_400_000_000_000>),
            _ => ("kql_datetime_add_week", add_batch::<0, 604_800_000_000_000>),
        };
        let f = udf(udf_name, vec![DataType::Int64, ts.clone()], ts, body);
        Ok(TypedExpr::new(
            f.call(vec![amount.long()?.expr, date.datetime()?.expr]),
            KqlType::DateTime,
        ))
    }
}

/// `nanos` moved by `amount` periods of `months` months or `unit` nanoseconds.
fn add(nanos: i64, amount: i64, months: i64, unit: i64) -> Option<i64> {
    if months == 0 {
        return nanos.checked_add(amount.checked_mul(unit)?);
    }
    let t = DateTime::from_timestamp_nanos(nanos);
    let delta = amount.checked_mul(months)?;
    let shifted = if delta >= 0 {
        t.checked_add_months(Months::new(u32::try_from(delta).ok()?))
    } else {
        t.checked_sub_months(Months::new(u32::try_from(delta.checked_neg()?).ok()?))
    };
    shifted?.timestamp_nanos_opt()
}

fn add_batch<const MONTHS: i64, const UNIT: i64>(batch: &Batch) -> Result<ColumnarValue> {
    let amount = batch.primitives::<Int64Type>(0)?;
    let dates = batch.primitives::<TimestampNanosecondType>(1)?;
    batch.datetime_result(|row| add(dates.get(row)?, amount.get(row)?, MONTHS, UNIT))
}
