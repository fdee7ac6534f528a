//! `datetime_utc_to_local(from, timezone)` and `datetime_local_to_utc(from, timezone)`: a
//! datetime moved between UTC and a time zone's local time (IANA time zone database, through
//! `chrono-tz`).

use crate::args::fixed;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use chrono::{DateTime, LocalResult, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;
use datafusion::arrow::datatypes::{DataType, TimestampNanosecondType};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `datetime_utc_to_local` or `datetime_local_to_utc`: see each `DOC`.
pub(crate) struct TimeZoneFunc {
    doc: &'static FunctionDoc,
    to_local: bool,
}

/// `datetime_utc_to_local`.
pub(crate) const DATETIME_UTC_TO_LOCAL: TimeZoneFunc = TimeZoneFunc {
    doc: &TO_LOCAL_DOC,
    to_local: true,
};
/// `datetime_local_to_utc`.
pub(crate) const DATETIME_LOCAL_TO_UTC: TimeZoneFunc = TimeZoneFunc {
    doc: &TO_UTC_DOC,
    to_local: false,
};

const TO_LOCAL_DOC: FunctionDoc = FunctionDoc {
    name: "datetime_utc_to_local",
    aliases: &[],
    category: "datetime",
    syntax: "datetime_utc_to_local(from, timezone)",
    description: "The local time in timezone (an IANA name such as 'US/Pacific' or \
        'Europe/Paris', matched exactly) of the UTC datetime from. Null when timezone is not a \
        known time zone (a constant one is an error).",
    returns: "datetime",
    examples: &[Example {
        query: "print dt = datetime(2022-07-11 22:18:48.4678620) | extend pacific_dt = datetime_utc_to_local(dt, 'US/Pacific'), canberra_dt = datetime_utc_to_local(dt, 'Australia/Canberra') | extend diff = pacific_dt - canberra_dt",
        output: "dt,pacific_dt,canberra_dt,diff\n2022-07-11T22:18:48.4678620Z,2022-07-11T15:18:48.4678620Z,2022-07-12T08:18:48.4678620Z,-17:00:00",
    }],
};

const TO_UTC_DOC: FunctionDoc = FunctionDoc {
    name: "datetime_local_to_utc",
    aliases: &[],
    category: "datetime",
    syntax: "datetime_local_to_utc(from, timezone)",
    description: "The UTC datetime of the local time from in timezone (an IANA name, matched \
        exactly). A local time skipped when clocks go forward is read with the offset in force \
        after the change (02:00 in Brussels on 2022-03-27 is 00:00 UTC, as Kusto's docs show); \
        a local time that occurs twice when clocks go back is read as the first one (kqlake's \
        choice). Null when timezone is not a known time zone (a constant one is an error).",
    returns: "datetime",
    examples: &[Example {
        query: "print a = datetime_local_to_utc(datetime(2020-02-02 20:02:20), 'US/Pacific'), b = datetime_local_to_utc(datetime(2020-02-02 20:02:20), 'Europe/Paris')",
        output: "a,b\n2020-02-03T04:02:20.0000000Z,2020-02-02T19:02:20.0000000Z",
    }],
};

impl KqlFunction for TimeZoneFunc {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [from, timezone] = fixed(self.doc, args)?;
        let from = from.datetime()?;
        if let Some(name) = timezone.get().as_string_literal()
            && name.parse::<Tz>().is_err()
        {
            return Err(timezone.error(format!(
                "unknown time zone '{name}': expected an IANA name such as 'Europe/Paris' or 'US/Pacific'"
            )));
        }
        let timezone = timezone.string()?;
        let (name, body): (_, crate::udf::UdfBody) = if self.to_local {
            ("kql_datetime_utc_to_local", to_local_batch)
        } else {
            ("kql_datetime_local_to_utc", to_utc_batch)
        };
        let f = udf(
            name,
            vec![
                crate::types::kql_to_arrow(KqlType::DateTime),
                DataType::Utf8,
            ],
            crate::types::kql_to_arrow(KqlType::DateTime),
            body,
        );
        Ok(TypedExpr::new(
            f.call(vec![from.expr, timezone.expr]),
            KqlType::DateTime,
        ))
    }
}

/// The local time in `tz` of the UTC instant `nanos`.
fn to_local(nanos: i64, tz: Tz) -> Option<i64> {
    let utc = DateTime::from_timestamp_nanos(nanos);
    let offset = tz.offset_from_utc_datetime(&utc.naive_utc()).fix();
    nanos.checked_add(i64::from(offset.local_minus_utc()) * 1_000_000_000)
}

/// The UTC instant of the local time `nanos` in `tz` (see [`TO_UTC_DOC`]).
fn to_utc(nanos: i64, tz: Tz) -> Option<i64> {
    let local: NaiveDateTime = DateTime::from_timestamp_nanos(nanos).naive_utc();
    let offset = match tz.offset_from_local_datetime(&local) {
        LocalResult::Single(o) | LocalResult::Ambiguous(o, _) => o.fix(),
        // In a gap: the offset after the change, found an hour or two later.
        LocalResult::None => (1..=3).find_map(|h| {
            tz.offset_from_local_datetime(&(local + chrono::Duration::hours(h)))
                .earliest()
                .map(|o| o.fix())
        })?,
    };
    nanos.checked_sub(i64::from(offset.local_minus_utc()) * 1_000_000_000)
}

fn convert_batch(batch: &Batch, convert: fn(i64, Tz) -> Option<i64>) -> Result<ColumnarValue> {
    let from = batch.primitives::<TimestampNanosecondType>(0)?;
    let zones = batch.strings(1)?;
    let mut cached: Option<(String, Option<Tz>)> = None;
    batch.datetime_result(|row| {
        let name = zones.get(row)?;
        if cached.as_ref().is_none_or(|(n, _)| n != name) {
            cached = Some((name.to_owned(), name.parse::<Tz>().ok()));
        }
        let tz = cached.as_ref()?.1?;
        convert(from.get(row)?, tz)
    })
}

fn to_local_batch(batch: &Batch) -> Result<ColumnarValue> {
    convert_batch(batch, to_local)
}

fn to_utc_batch(batch: &Batch) -> Result<ColumnarValue> {
    convert_batch(batch, to_utc)
}
