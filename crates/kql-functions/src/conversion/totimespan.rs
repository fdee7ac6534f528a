//! `totimespan(value)` (alias `totime`): a timespan from a string, a dynamic value or a
//! timespan; null when the text is not a timespan.

use crate::udf::{Batch, unary};
use crate::{Example, FunctionDoc, TypedExpr};
use datafusion::arrow::datatypes::DurationNanosecondType;
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `totimespan`: see [`DOC`].
pub(crate) const TOTIMESPAN: super::TextConversionFunc = super::TextConversionFunc {
    doc: &DOC,
    to: KqlType::TimeSpan,
    parse,
    what: "string or timespan",
};

/// The reference entry of `totimespan`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "totimespan",
    aliases: &["totime"],
    category: "conversion",
    syntax: "totimespan(value)",
    description: "value as a timespan. Strings are read as timespan literals are written: \
        [-][d.]hh:mm[:ss[.fffffff]] (\"0.00:03:00\"), a number with a unit (\"15s\", \"1.5h\") \
        or a number of days. A dynamic value converts as its text; anything else gives null, \
        never an error.",
    returns: "timespan; null when the conversion fails",
    examples: &[Example {
        query: r#"print minsStr = totimespan("0.00:03:00"), days = totimespan(4d), hour = totimespan(5 * 1h), bad = totimespan("x")"#,
        output: "minsStr,days,hour,bad\n00:03:00,4.00:00:00,05:00:00,",
    }],
};

/// `totimespan` of a string expression.
pub(crate) fn parse(text: TypedExpr) -> TypedExpr {
    unary("kql_totimespan", text, KqlType::TimeSpan, totimespan_batch)
}

fn totimespan_batch(batch: &Batch) -> Result<ColumnarValue> {
    let texts = batch.strings(0)?;
    batch.primitive_result::<DurationNanosecondType>(|row| {
        let ticks = kql_syntax::parse_timespan(texts.get(row)?.trim()).ok()?;
        ticks.checked_mul(100)
    })
}
