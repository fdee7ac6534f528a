//! `todatetime(value)` (alias `todate`): a datetime from a string, a dynamic value or a
//! datetime; null when the text is not a datetime Kusto's datetime.md lists.

use crate::udf::{Batch, unary};
use crate::{Example, FunctionDoc, TypedExpr};
use chrono::{DateTime, NaiveDate, NaiveDateTime};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `todatetime`: see [`DOC`].
pub(crate) const TODATETIME: super::TextConversionFunc = super::TextConversionFunc {
    doc: &DOC,
    to: KqlType::DateTime,
    parse,
    what: "string or datetime",
};

/// The reference entry of `todatetime`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "todatetime",
    aliases: &["todate"],
    category: "conversion",
    syntax: "todatetime(value)",
    description: "value as a datetime. Strings are read in the layouts of Kusto's \
        datetime.md: ISO 8601 (2014-05-25T08:20:03.123456Z, 2014-11-08 15:55, 2014-11-08; an \
        offset such as +02:00 is converted to UTC; more than 7 fraction digits are \
        truncated to ticks), RFC 822 (Sat, 8 Nov 14 15:05:02 GMT), RFC 850 (Saturday, \
        08-Nov-14 15:05:02 GMT) and sortable (2014-11-8 15:05:25); two-digit years are \
        1969–2068. kqlake also reads MM-dd-yyyy and MM/dd/yyyy (the invariant culture's order: \
        12-02-2022 is December 2). A dynamic value converts as its text. Anything else gives \
        null, never an error. Datetimes are UTC and, in kqlake, 1677-09-21 … 2262-04-11.",
    returns: "datetime; null when the conversion fails",
    examples: &[
        Example {
            query: r#"print a = todatetime("2015-12-31 23:59:59.9"), b = todatetime("Sat, 8 Nov 14 15:05:02 GMT"), c = todatetime("not a date")"#,
            output: "a,b,c\n2015-12-31T23:59:59.9000000Z,2014-11-08T15:05:02.0000000Z,",
        },
        Example {
            query: r#"print todatetime('12-02-2022') == datetime(2022-12-02)"#,
            output: "print_0\ntrue",
        },
    ],
};

/// `todatetime` of a string expression.
pub(crate) fn parse(text: TypedExpr) -> TypedExpr {
    unary("kql_todatetime", text, KqlType::DateTime, todatetime_batch)
}

fn todatetime_batch(batch: &Batch) -> Result<ColumnarValue> {
    let texts = batch.strings(0)?;
    batch.datetime_result(|row| parse_datetime_text(texts.get(row)?))
}

/// The layouts tried after ISO 8601, with the zone name (GMT, UTC, Z) removed first.
const LAYOUTS: &[&str] = &[
    // RFC 822
    "%a, %e %b %y %H:%M:%S",
    "%a, %e %b %y %H:%M",
    "%e %b %y %H:%M:%S",
    "%e %b %y %H:%M",
    "%a, %e %b %Y %H:%M:%S",
    "%e %b %Y %H:%M:%S",
    // RFC 850
    "%A, %d-%b-%y %H:%M:%S",
    "%A, %d-%b-%y %H:%M",
    "%d-%b-%y %H:%M:%S",
    "%d-%b-%y %H:%M",
    // sortable, with one-digit month and day
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    // the invariant culture's month-first dates
    "%m-%d-%Y %H:%M:%S",
    "%m/%d/%Y %H:%M:%S",
];

/// Nanoseconds since the Unix epoch of a datetime text, or `None`.
pub(crate) fn parse_datetime_text(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(ticks) = kql_syntax::parse_datetime(text) {
        return ticks.checked_mul(100);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return t.timestamp_nanos_opt().map(truncate_to_tick);
    }
    if let Ok(t) = DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f%:z") {
        return t.timestamp_nanos_opt().map(truncate_to_tick);
    }
    let naive = [" GMT", " UTC", " Z", "Z"]
        .iter()
        .find_map(|zone| text.strip_suffix(zone))
        .unwrap_or(text);
    for layout in LAYOUTS {
        if let Ok(t) = NaiveDateTime::parse_from_str(naive, layout) {
            return t.and_utc().timestamp_nanos_opt();
        }
    }
    for layout in ["%m-%d-%Y", "%m/%d/%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(naive, layout) {
            return d.and_hms_opt(0, 0, 0)?.and_utc().timestamp_nanos_opt();
        }
    }
    None
}

/// Drops what is finer than a tick (100 ns), Kusto's precision.
fn truncate_to_tick(nanos: i64) -> i64 {
    nanos - nanos.rem_euclid(100)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `date -u -d '…' +%s` for each instant, in nanoseconds.
    const NOV_8_2014_15_05_02: i64 = 1_415_459_102_000_000_000;

    #[test]
    fn kusto_layouts_parse() {
        for text in [
            "Sat, 8 Nov 14 15:05:02 GMT",
            "Sat, 8 Nov 14 15:05:02",
            "8 Nov 14 15:05:02 GMT",
            "Saturday, 08-Nov-14 15:05:02 GMT",
            "08-Nov-14 15:05:02",
            "2014-11-8 15:05:02",
            "2014-11-08T15:05:02 GMT",
            "2014-11-08T15:05:02Z",
            "2014-11-08T17:05:02+02:00",
            "2014-11-08 15:05:02.000000000Z",
        ] {
            assert_eq!(
                parse_datetime_text(text),
                Some(NOV_8_2014_15_05_02),
                "{text}"
            );
        }
        assert_eq!(
            parse_datetime_text("Sat, 8 Nov 14 15:05 GMT"),
            Some(NOV_8_2014_15_05_02 - 2_000_000_000)
        );
        assert_eq!(
            parse_datetime_text("2014-11-08T15:05:02.123456789Z"),
            Some(NOV_8_2014_15_05_02 + 123_456_700)
        );
        assert_eq!(parse_datetime_text("nope"), None);
        assert_eq!(parse_datetime_text(""), None);
        assert_eq!(parse_datetime_text("2014-02-30"), None);
    }
}
