//! Date and time functions. Examples run with `now` pinned to `2024-01-01T00:00:00Z`.
//!
//! Calendar rules shared here: weeks begin on Sunday (Kusto's `startofweek`, `dayofweek`,
//! `datetime_diff('week', …)`), except ISO 8601's `week_of_year`; period names
//! (`'year'`, `'Day'`, …) are matched ignoring case.

mod ago;
mod datetime_add;
mod datetime_diff;
mod datetime_part;
mod datetime_utc_to_local;
mod dayofweek;
mod endof;
mod format_datetime;
mod format_timespan;
mod make_datetime;
mod make_timespan;
mod now;
mod startof;
mod unixtime_seconds_todatetime;

use crate::KqlFunction;
use chrono::{DateTime, Datelike, NaiveDate};
use std::sync::Arc;

/// The functions of this category.
pub(crate) fn functions() -> Vec<Arc<dyn KqlFunction>> {
    let mut functions: Vec<Arc<dyn KqlFunction>> = vec![
        Arc::new(ago::AgoFunc),
        Arc::new(datetime_add::DatetimeAddFunc),
        Arc::new(datetime_diff::DatetimeDiffFunc),
        Arc::new(datetime_utc_to_local::DATETIME_LOCAL_TO_UTC),
        Arc::new(datetime_utc_to_local::DATETIME_UTC_TO_LOCAL),
        Arc::new(dayofweek::DayOfWeekFunc),
        Arc::new(endof::ENDOFDAY),
        Arc::new(endof::ENDOFWEEK),
        Arc::new(endof::ENDOFMONTH),
        Arc::new(endof::ENDOFYEAR),
        Arc::new(format_datetime::FormatDatetimeFunc),
        Arc::new(format_timespan::FormatTimespanFunc),
        Arc::new(make_datetime::MakeDatetimeFunc),
        Arc::new(make_timespan::MakeTimespanFunc),
        Arc::new(now::NowFunc),
        Arc::new(startof::STARTOFDAY),
        Arc::new(startof::STARTOFWEEK),
        Arc::new(startof::STARTOFMONTH),
        Arc::new(startof::STARTOFYEAR),
        Arc::new(unixtime_seconds_todatetime::SECONDS),
        Arc::new(unixtime_seconds_todatetime::MILLISECONDS),
        Arc::new(unixtime_seconds_todatetime::MICROSECONDS),
        Arc::new(unixtime_seconds_todatetime::NANOSECONDS),
    ];
    functions.extend(datetime_part::functions());
    functions
}

/// Nanoseconds per day.
pub(crate) const DAY_NANOS: i64 = 86_400_000_000_000;

/// A calendar period that `startof…`/`endof…` round to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    /// From 00:00:00.
    Day,
    /// From Sunday 00:00:00.
    Week,
    /// From the 1st.
    Month,
    /// From January 1.
    Year,
}

/// Days since 1970-01-01 (a Thursday) of a Sunday-based week's first day.
fn week_start_day(days: i64) -> i64 {
    days - (days + 4).rem_euclid(7)
}

/// The first instant (nanoseconds since the epoch) of the `unit` holding `nanos`, moved by
/// `offset` units; `None` outside the datetime range.
pub(crate) fn start_of(unit: Unit, nanos: i64, offset: i64) -> Option<i64> {
    let days = nanos.div_euclid(DAY_NANOS);
    match unit {
        Unit::Day => days.checked_add(offset)?.checked_mul(DAY_NANOS),
        Unit::Week => week_start_day(days)
            .checked_add(offset.checked_mul(7)?)?
            .checked_mul(DAY_NANOS),
        Unit::Month | Unit::Year => {
            let date = DateTime::from_timestamp_nanos(nanos).date_naive();
            let (year, month0) = (i64::from(date.year()), i64::from(date.month0()));
            let months = if unit == Unit::Month {
                year.checked_mul(12)?
                    .checked_add(month0)?
                    .checked_add(offset)?
            } else {
                year.checked_add(offset)?.checked_mul(12)?
            };
            let year = i32::try_from(months.div_euclid(12)).ok()?;
            let month = u32::try_from(months.rem_euclid(12)).ok()? + 1;
            NaiveDate::from_ymd_opt(year, month, 1)?
                .and_hms_opt(0, 0, 0)?
                .and_utc()
                .timestamp_nanos_opt()
        }
    }
}

/// Finds a period name (`'year'`, `'Day'`, …) in `names`, ignoring case.
pub(crate) fn period_named<T: Copy>(names: &[(&str, T)], name: &str) -> Option<T> {
    names
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, p)| *p)
}

/// The `datetime` literal of an instant in nanoseconds since the Unix epoch.
pub fn datetime_literal(nanos: i64) -> datafusion::logical_expr::Expr {
    datafusion::logical_expr::lit(datafusion::common::ScalarValue::TimestampNanosecond(
        Some(nanos),
        Some(crate::types::UTC.into()),
    ))
}

/// `now ± offset`, folded to a literal when the offset is a literal (so that scans can prune
/// by time), else left to DataFusion.
fn shifted_now(
    ctx: &crate::CallContext,
    offset: crate::args::Arg,
    sign: i64,
) -> Result<crate::TypedExpr, crate::FunctionError> {
    use datafusion::common::ScalarValue;
    use datafusion::logical_expr::Expr;
    use kql_syntax::KqlType;
    let out_of_range = offset.error("the resulting datetime is out of range");
    let offset = offset.timespan()?;
    let expr = match &offset.expr {
        Expr::Literal(ScalarValue::DurationNanosecond(Some(d)), _) => {
            match d
                .checked_mul(sign)
                .and_then(|d| ctx.now_nanos.checked_add(d))
            {
                Some(t) => datetime_literal(t),
                None => return Err(out_of_range),
            }
        }
        _ if sign < 0 => datetime_literal(ctx.now_nanos) - offset.expr,
        _ => datetime_literal(ctx.now_nanos) + offset.expr,
    };
    Ok(crate::TypedExpr::new(expr, KqlType::DateTime))
}
