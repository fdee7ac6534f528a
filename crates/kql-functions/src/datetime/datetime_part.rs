//! `datetime_part(part, date)` and the one-part functions `getyear`, `monthofyear`
//! (`getmonth`), `dayofmonth`, `dayofyear`, `hourofday`, `week_of_year`: an integer part of a
//! datetime.
//!
//! `week_of_year` is ISO 8601's week (weeks begin on Monday; week 1 holds the year's first
//! Thursday), so 2000-01-01 is in week 52 of 1999 — unlike the Sunday weeks of `startofweek`.

use crate::args::fixed;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use chrono::{DateTime, Datelike, Timelike};
use datafusion::arrow::datatypes::{DataType, Int32Type, TimestampNanosecondType};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;
use std::sync::Arc;

/// The parts, by `datetime_part` name; the index is the UDF's const parameter.
const PARTS: &[(&str, u8)] = &[
    ("year", 0),
    ("quarter", 1),
    ("month", 2),
    ("week_of_year", 3),
    ("day", 4),
    ("dayofyear", 5),
    ("hour", 6),
    ("minute", 7),
    ("second", 8),
    ("millisecond", 9),
    ("microsecond", 10),
    ("nanosecond", 11),
];

/// `datetime_part` (`part: None`) or a one-part function.
pub(crate) struct PartFunc {
    doc: &'static FunctionDoc,
    part: Option<u8>,
}

/// This file's functions.
pub(crate) fn functions() -> Vec<Arc<dyn KqlFunction>> {
    let one = |doc, part| {
        Arc::new(PartFunc {
            doc,
            part: Some(part),
        }) as Arc<dyn KqlFunction>
    };
    vec![
        Arc::new(PartFunc {
            doc: &DATETIME_PART_DOC,
            part: None,
        }),
        one(&GETYEAR_DOC, 0),
        one(&MONTHOFYEAR_DOC, 2),
        one(&WEEK_OF_YEAR_DOC, 3),
        one(&DAYOFMONTH_DOC, 4),
        one(&DAYOFYEAR_DOC, 5),
        one(&HOUROFDAY_DOC, 6),
    ]
}

const DATETIME_PART_DOC: FunctionDoc = FunctionDoc {
    name: "datetime_part",
    aliases: &[],
    category: "datetime",
    syntax: "datetime_part(part, date)",
    description: "One part of date as an integer. part is a constant, one of Year, Quarter, \
        Month, week_of_year (ISO 8601), Day, DayOfYear, Hour, Minute, Second, Millisecond, \
        Microsecond, Nanosecond, matched ignoring case.",
    returns: "int; null when date is null",
    examples: &[Example {
        query: r#"print dt = datetime(2017-10-30 01:02:03.7654321) | project year = datetime_part("year", dt), quarter = datetime_part("quarter", dt), month = datetime_part("month", dt), weekOfYear = datetime_part("week_of_year", dt), day = datetime_part("day", dt), dayOfYear = datetime_part("dayOfYear", dt), hour = datetime_part("hour", dt), minute = datetime_part("minute", dt), second = datetime_part("second", dt), millisecond = datetime_part("millisecond", dt), microsecond = datetime_part("microsecond", dt), nanosecond = datetime_part("nanosecond", dt)"#,
        output: "year,quarter,month,weekOfYear,day,dayOfYear,hour,minute,second,millisecond,microsecond,nanosecond\n2017,4,10,44,30,303,1,2,3,765,765432,765432100",
    }],
};

const GETYEAR_DOC: FunctionDoc = FunctionDoc {
    name: "getyear",
    aliases: &[],
    category: "datetime",
    syntax: "getyear(date)",
    description: "The year of date.",
    returns: "int; null when date is null",
    examples: &[Example {
        query: "print year = getyear(datetime(2015-10-12))",
        output: "year\n2015",
    }],
};

const MONTHOFYEAR_DOC: FunctionDoc = FunctionDoc {
    name: "monthofyear",
    aliases: &["getmonth"],
    category: "datetime",
    syntax: "monthofyear(date)",
    description: "The month of date, 1 to 12.",
    returns: "int; null when date is null",
    examples: &[Example {
        query: "print result = monthofyear(datetime(2015-12-14)), m = getmonth(datetime(2015-01-31))",
        output: "result,m\n12,1",
    }],
};

const WEEK_OF_YEAR_DOC: FunctionDoc = FunctionDoc {
    name: "week_of_year",
    aliases: &[],
    category: "datetime",
    syntax: "week_of_year(date)",
    description: "The ISO 8601 week number of date: week 1 holds the year's first Thursday, \
        so the first days of January may be in week 52 or 53.",
    returns: "int; null when date is null",
    examples: &[Example {
        query: "print a = week_of_year(datetime(2020-12-31)), b = week_of_year(datetime(2020-06-15)), c = week_of_year(datetime(1970-01-01)), d = week_of_year(datetime(2000-01-01))",
        output: "a,b,c,d\n53,25,1,52",
    }],
};

const DAYOFMONTH_DOC: FunctionDoc = FunctionDoc {
    name: "dayofmonth",
    aliases: &[],
    category: "datetime",
    syntax: "dayofmonth(date)",
    description: "The day of the month of date, 1 to 31.",
    returns: "int; null when date is null",
    examples: &[Example {
        query: "print dayofmonth(datetime(2015-12-14))",
        output: "print_0\n14",
    }],
};

const DAYOFYEAR_DOC: FunctionDoc = FunctionDoc {
    name: "dayofyear",
    aliases: &[],
    category: "datetime",
    syntax: "dayofyear(date)",
    description: "The day of the year of date, 1 to 366.",
    returns: "int; null when date is null",
    examples: &[Example {
        query: "print dayofyear(datetime(2015-12-14))",
        output: "print_0\n348",
    }],
};

const HOUROFDAY_DOC: FunctionDoc = FunctionDoc {
    name: "hourofday",
    aliases: &[],
    category: "datetime",
    syntax: "hourofday(date)",
    description: "The hour of date, 0 to 23 (UTC).",
    returns: "int; null when date is null",
    examples: &[Example {
        query: "print hour = hourofday(datetime(2015-12-14 18:54))",
        output: "hour\n18",
    }],
};

impl KqlFunction for PartFunc {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let (part, date) = match self.part {
            Some(part) => {
                let [date] = fixed(self.doc, args)?;
                (part, date)
            }
            None => {
                let [part, date] = fixed(self.doc, args)?;
                let unknown = part.error(
                    "expected one of Year, Quarter, Month, week_of_year, Day, DayOfYear, Hour, \
                     Minute, Second, Millisecond, Microsecond, Nanosecond for 'part'",
                );
                let name = part.string_literal()?;
                (super::period_named(PARTS, &name).ok_or(unknown)?, date)
            }
        };
        let bodies: [(&'static str, crate::udf::UdfBody); 12] = [
            ("kql_getyear", part_batch::<0>),
            ("kql_getquarter", part_batch::<1>),
            ("kql_monthofyear", part_batch::<2>),
            ("kql_week_of_year", part_batch::<3>),
            ("kql_dayofmonth", part_batch::<4>),
            ("kql_dayofyear", part_batch::<5>),
            ("kql_hourofday", part_batch::<6>),
            ("kql_minuteofhour", part_batch::<7>),
            ("kql_secondofminute", part_batch::<8>),
            ("kql_millisecond", part_batch::<9>),
            ("kql_microsecond", part_batch::<10>),
            ("kql_nanosecond", part_batch::<11>),
        ];
        let (name, body) = bodies[usize::from(part)];
        let ts = crate::types::kql_to_arrow(KqlType::DateTime);
        let f = udf(name, vec![ts], DataType::Int32, body);
        Ok(TypedExpr::new(
            f.call(vec![date.datetime()?.expr]),
            KqlType::Int,
        ))
    }
}

/// Part `part` of the instant `nanos`.
fn part_of(part: u8, nanos: i64) -> Option<i32> {
    let t = DateTime::from_timestamp_nanos(nanos);
    let fraction = i64::from(t.nanosecond() % 1_000_000_000);
    let value = match part {
        0 => return Some(t.year()),
        1 => t.month0() / 3 + 1,
        2 => t.month(),
        3 => t.iso_week().week(),
        4 => t.day(),
        5 => t.ordinal(),
        6 => t.hour(),
        7 => t.minute(),
        8 => t.second(),
        9 => return i32::try_from(fraction / 1_000_000).ok(),
        10 => return i32::try_from(fraction / 1_000).ok(),
        _ => return i32::try_from(fraction).ok(),
    };
    i32::try_from(value).ok()
}

fn part_batch<const PART: u8>(batch: &Batch) -> Result<ColumnarValue> {
    let dates = batch.primitives::<TimestampNanosecondType>(0)?;
    batch.primitive_result::<Int32Type>(|row| part_of(PART, dates.get(row)?))
}
