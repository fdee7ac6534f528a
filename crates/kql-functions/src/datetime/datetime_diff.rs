//! `datetime_diff(period, datetime1, datetime2)`: how many period boundaries lie between two
//! datetimes.
//!
//! Kusto counts calendar boundaries crossed, not elapsed time divided by the period:
//! `datetime_diff('year', datetime(2017-01-01), datetime(2000-12-31))` is 17 (not 16), and
//! `datetime_diff('day', datetime(2017-10-29 00:00), datetime(2017-09-30 23:59))` is 29 — the
//! number of midnights crossed. Weeks count Sunday boundaries.

use crate::args::fixed;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use chrono::{DateTime, Datelike};
use datafusion::arrow::datatypes::{DataType, Int64Type, TimestampNanosecondType};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `datetime_diff`: see [`DOC`].
pub(crate) struct DatetimeDiffFunc;

/// The reference entry of `datetime_diff`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "datetime_diff",
    aliases: &[],
    category: "datetime",
    syntax: "datetime_diff(period, datetime1, datetime2)",
    description: "The number of period boundaries from datetime2 to datetime1 (negative when \
        datetime1 is earlier): calendar boundaries, not elapsed time over the period's \
        length, so a minute before midnight and midnight are 1 day apart. period is a \
        constant, one of Year, Quarter, Month, Week (Sunday boundaries), Day, Hour, Minute, \
        Second, Millisecond, Microsecond, Nanosecond, matched ignoring case.",
    returns: "long; null when a datetime is null",
    examples: &[Example {
        query: "print year = datetime_diff('year', datetime(2017-01-01), datetime(2000-12-31)), quarter = datetime_diff('quarter', datetime(2017-07-01), datetime(2017-03-30)), month = datetime_diff('month', datetime(2017-01-01), datetime(2015-12-30)), week = datetime_diff('week', datetime(2017-10-29 00:00), datetime(2017-09-30 23:59)), day = datetime_diff('day', datetime(2017-10-29 00:00), datetime(2017-09-30 23:59)), hour = datetime_diff('hour', datetime(2017-10-31 01:00), datetime(2017-10-30 23:59))",
        output: "year,quarter,month,week,day,hour\n17,2,13,5,29,2",
    }],
};

/// The periods, by name; the index is the UDF's const parameter.
const PERIODS: &[(&str, u8)] = &[
    ("year", 0),
    ("quarter", 1),
    ("month", 2),
    ("week", 3),
    ("day", 4),
    ("hour", 5),
    ("minute", 6),
    ("second", 7),
    ("millisecond", 8),
    ("microsecond", 9),
    ("nanosecond", 10),
];

impl KqlFunction for DatetimeDiffFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [period, first, second] = fixed(&DOC, args)?;
        let unknown = period.error(
            "expected one of Year, Quarter, Month, Week, Day, Hour, Minute, Second, \
             Millisecond, Microsecond, Nanosecond for 'period'",
        );
        let name = period.string_literal()?;
        let Some(index) = super::period_named(PERIODS, &name) else {
            return Err(unknown);
        };
        let bodies: [(&'static str, crate::udf::UdfBody); 11] = [
            ("kql_datetime_diff_year", diff_batch::<0>),
            ("kql_datetime_diff_quarter", diff_batch::<1>),
            ("kql_datetime_diff_month", diff_batch::<2>),
            ("kql_datetime_diff_week", diff_batch::<3>),
            ("kql_datetime_diff_day", diff_batch::<4>),
            ("kql_datetime_diff_hour", diff_batch::<5>),
            ("kql_datetime_diff_minute", diff_batch::<6>),
            ("kql_datetime_diff_second", diff_batch::<7>),
            ("kql_datetime_diff_millisecond", diff_batch::<8>),
            ("kql_datetime_diff_microsecond", diff_batch::<9>),
            ("kql_datetime_diff_nanosecond", diff_batch::<10>),
        ];
        let (udf_name, body) = bodies[usize::from(index)];
        let ts = crate::types::kql_to_arrow(KqlType::DateTime);
        let f = udf(udf_name, vec![ts.clone(), ts], DataType::Int64, body);
        Ok(TypedExpr::new(
            f.call(vec![first.datetime()?.expr, second.datetime()?.expr]),
            KqlType::Long,
        ))
    }
}

/// The index of the period holding `nanos`, counted from any fixed origin.
fn period_index(period: u8, nanos: i64) -> i64 {
    let calendar = || DateTime::from_timestamp_nanos(nanos).date_naive();
    let fixed = |size: i64| nanos.div_euclid(size);
    match period {
        0 => i64::from(calendar().year()),
        1 => i64::from(calendar().year()) * 4 + i64::from(calendar().month0() / 3),
        2 => i64::from(calendar().year()) * 12 + i64::from(calendar().month0()),
        3 => super::week_start_day(fixed(super::DAY_NANOS)).div_euclid(7),
        4 => fixed(super::DAY_NANOS),
        5 => fixed(3_600_000_000_000),
        6 => fixed(60_000_000_000),
        7 => fixed(1_000_000_000),
        8 => fixed(1_000_000),
        9 => fixed(1_000),
        _ => nanos,
    }
}

fn diff_batch<const PERIOD: u8>(batch: &Batch) -> Result<ColumnarValue> {
    let first = batch.primitives::<TimestampNanosecondType>(0)?;
    let second = batch.primitives::<TimestampNanosecondType>(1)?;
    batch.primitive_result::<Int64Type>(|row| {
        let (a, b) = (first.get(row)?, second.get(row)?);
        period_index(PERIOD, a).checked_sub(period_index(PERIOD, b))
    })
}
