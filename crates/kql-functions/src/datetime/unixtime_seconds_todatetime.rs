//! `unixtime_seconds_todatetime`, `unixtime_milliseconds_todatetime`,
//! `unixtime_microseconds_todatetime`, `unixtime_nanoseconds_todatetime`: a datetime from a
//! Unix epoch timestamp.

use crate::args::fixed;
use crate::udf::{Batch, unary};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{Float64Type, Int64Type};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// One of the four conversions: see each `DOC`.
pub(crate) struct UnixtimeFunc {
    doc: &'static FunctionDoc,
    /// The argument's unit: 0 seconds, 1 milliseconds, 2 microseconds, 3 nanoseconds.
    unit: u8,
}

macro_rules! unixtime {
    ($name:ident, $unit:literal, $kql:literal, $word:literal, $query:literal) => {
        #[doc = concat!("`", $kql, "`.")]
        pub(crate) const $name: UnixtimeFunc = UnixtimeFunc {
            doc: &FunctionDoc {
                name: $kql,
                aliases: &[],
                category: "datetime",
                syntax: concat!($kql, "(", $word, ")"),
                description: concat!(
                    "The datetime ",
                    $word,
                    " after 1970-01-01T00:00:00Z (negative: before). ",
                    "A fraction is kept to the tick (100 ns); a value outside the datetime ",
                    "range gives null."
                ),
                returns: "datetime; null when the value is null or out of range",
                examples: &[Example {
                    query: $query,
                    output: "date_time\n2019-01-01T00:00:00.0000000Z",
                }],
            },
            unit: $unit,
        };
    };
}

unixtime!(
    SECONDS,
    0,
    "unixtime_seconds_todatetime",
    "seconds",
    "print date_time = unixtime_seconds_todatetime(1546300800)"
);
unixtime!(
    MILLISECONDS,
    1,
    "unixtime_milliseconds_todatetime",
    "milliseconds",
    "print date_time = unixtime_milliseconds_todatetime(1546300800000)"
);
unixtime!(
    MICROSECONDS,
    2,
    "unixtime_microseconds_todatetime",
    "microseconds",
    "print date_time = unixtime_microseconds_todatetime(1546300800000000)"
);
unixtime!(
    NANOSECONDS,
    3,
    "unixtime_nanoseconds_todatetime",
    "nanoseconds",
    "print date_time = unixtime_nanoseconds_todatetime(1546300800000000000)"
);

impl KqlFunction for UnixtimeFunc {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [value] = fixed(self.doc, args)?;
        // Integers convert exactly; a real goes through f64, exact to about 15 digits.
        let (integral, real): (crate::udf::UdfBody, crate::udf::UdfBody) = match self.unit {
            0 => (int_batch::<1_000_000_000>, real_batch::<1_000_000_000>),
            1 => (int_batch::<1_000_000>, real_batch::<1_000_000>),
            2 => (int_batch::<1_000>, real_batch::<1_000>),
            _ => (int_batch::<1>, real_batch::<1>),
        };
        Ok(match value.kql_type() {
            KqlType::Int | KqlType::Long => {
                unary(self.doc.name, value.long()?, KqlType::DateTime, integral)
            }
            _ => unary(self.doc.name, value.real()?, KqlType::DateTime, real),
        })
    }
}

fn int_batch<const NANOS: i64>(batch: &Batch) -> Result<ColumnarValue> {
    let values = batch.primitives::<Int64Type>(0)?;
    batch.datetime_result(|row| {
        let nanos = values.get(row)?.checked_mul(NANOS)?;
        Some(nanos - nanos.rem_euclid(100))
    })
}

fn real_batch<const NANOS: i64>(batch: &Batch) -> Result<ColumnarValue> {
    let values = batch.primitives::<Float64Type>(0)?;
    batch.datetime_result(|row| {
        let nanos = values.get(row)? * NANOS as f64;
        if !nanos.is_finite() || nanos.abs() >= 9.2e18 {
            return None;
        }
        let nanos = nanos as i64;
        Some(nanos - nanos.rem_euclid(100))
    })
}
