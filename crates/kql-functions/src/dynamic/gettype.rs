//! `gettype(value)`: the runtime type of a value, as a string.
//!
//! For a dynamic value the type is read from its JSON text ([`crate::json`]), which is how
//! kqlake keeps the types Kusto distinguishes inside `dynamic` apart:
//!
//! | JSON text | gettype |
//! |---|---|
//! | `{…}` / `[…]` | `dictionary` / `array` |
//! | integer in the int range / beyond it | `int` / `long` (Kusto: `gettype(parse_json('1'))` is `int`) |
//! | number with a fraction or exponent (`2.0`, `1e3`) | `real` |
//! | `true`, `false` | `bool` |
//! | `null` | `null` |
//! | `"2020-01-01T00:00:00.0000000Z"` (the exact text kqlake writes for a datetime) | `datetime` |
//! | `"1.02:03:04"`, `"00:00:02.5000000"` (the exact text of a timespan) | `timespan` |
//! | `"74be27de-1e4e-49d9-b579-fe0b331d3642"` (a guid) | `guid` |
//! | any other string | `string` |
//!
//! JSON has no datetime, timespan or guid: Kusto serializes them as strings and parses such
//! strings back as typed values (dynamic.md), and so does `gettype` here, for the exact
//! canonical forms only. A long that fits an int reads back as `int`.

use crate::args::fixed;
use crate::json::{JsonKind, kind, string_value};
use crate::udf::{Batch, unary};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, lit};
use kql_syntax::KqlType;

/// `gettype`: see [`DOC`].
pub(crate) struct GettypeFunc;

/// The reference entry of `gettype`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "gettype",
    aliases: &[],
    category: "dynamic",
    syntax: "gettype(value)",
    description: "The runtime type of value: string, long, int, real, bool, datetime, \
        timespan, guid, decimal; for a dynamic value the type of what it holds: array, \
        dictionary, null, or one of the scalar types (a JSON integer that fits an int is \
        int; a string in the canonical datetime, timespan or guid text is that type). A typed \
        null such as long(null) gives its type.",
    returns: "string",
    examples: &[
        Example {
            query: r#"print a = gettype("a"), b = gettype(111), c = gettype(1 == 1), d = gettype(now()), e = gettype(1s), f = gettype(123.45)"#,
            output: "a,b,c,d,e,f\nstring,long,bool,datetime,timespan,real",
        },
        Example {
            query: r#"print a = gettype(parse_json('1')), b = gettype(parse_json(' "abc" ')), c = gettype(parse_json(' {"abc":1} ')), d = gettype(parse_json(' [1, 2, 3] ')), e = gettype(parse_json(''))"#,
            output: "a,b,c,d,e\nint,string,dictionary,array,null",
        },
        Example {
            query: r#"print d = dynamic({"t": datetime(2020-01-01), "s": 1d, "r": 2.0, "l": 3000000000}) | project t = gettype(d.t), s = gettype(d.s), r = gettype(d.r), l = gettype(d.l)"#,
            output: "t,s,r,l\ndatetime,timespan,real,long",
        },
    ],
};

impl KqlFunction for GettypeFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [value] = fixed(&DOC, args)?;
        Ok(match value.kql_type() {
            KqlType::Dynamic => unary(
                "kql_dynamic_type",
                value.any(),
                KqlType::String,
                dynamic_type_batch,
            ),
            other => TypedExpr::new(lit(other.name()), KqlType::String),
        })
    }
}

/// The type name of a dynamic value's JSON text.
pub(crate) fn json_type(json: &str) -> &'static str {
    match kind(json) {
        JsonKind::Object => "dictionary",
        JsonKind::Array => "array",
        JsonKind::Bool => "bool",
        JsonKind::Null => "null",
        JsonKind::Number if json.contains(['.', 'e', 'E']) => "real",
        JsonKind::Number => match json.parse::<i64>() {
            Ok(v) if i32::try_from(v).is_ok() => "int",
            Ok(_) => "long",
            Err(_) => "real",
        },
        JsonKind::String => match string_value(json) {
            Some(text) if is_datetime_text(&text) => "datetime",
            Some(text) if is_timespan_text(&text) => "timespan",
            Some(text) if is_guid_text(&text) => "guid",
            _ => "string",
        },
    }
}

/// Matches `text` against a pattern where `9` is a digit, `x` a hex digit, other bytes
/// themselves.
fn shaped(text: &str, pattern: &str) -> bool {
    text.len() == pattern.len()
        && text.bytes().zip(pattern.bytes()).all(|(c, p)| match p {
            b'9' => c.is_ascii_digit(),
            b'x' => c.is_ascii_hexdigit(),
            p => c == p,
        })
}

/// `2020-01-01T00:00:00.0000000Z`: the canonical datetime text.
fn is_datetime_text(text: &str) -> bool {
    shaped(text, "9999-99-99T99:99:99.9999999Z")
}

/// `[-][d.]hh:mm:ss[.fffffff]`: the canonical timespan text.
fn is_timespan_text(text: &str) -> bool {
    let text = text.strip_prefix('-').unwrap_or(text);
    let (days, clock) = match text.split_once('.') {
        Some((d, rest)) if rest.len() >= 8 && !d.contains(':') => (d, rest),
        _ => ("0", text),
    };
    let days_ok = !days.is_empty() && days.bytes().all(|b| b.is_ascii_digit());
    days_ok && (shaped(clock, "99:99:99") || shaped(clock, "99:99:99.9999999"))
}

/// `74be27de-1e4e-49d9-b579-fe0b331d3642`.
fn is_guid_text(text: &str) -> bool {
    shaped(text, "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx")
}

fn dynamic_type_batch(batch: &Batch) -> Result<ColumnarValue> {
    let values = batch.strings(0)?;
    batch.string_result(|row, out| {
        out.push_str(values.get(row).map_or("null", json_type));
        true
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_texts_have_kusto_types() {
        assert_eq!(json_type("1"), "int");
        assert_eq!(json_type("-2147483649"), "long");
        assert_eq!(json_type("2.0"), "real");
        assert_eq!(json_type("1e3"), "real");
        assert_eq!(json_type("18446744073709551616"), "real");
        assert_eq!(json_type(r#""2020-01-01T00:00:00.0000000Z""#), "datetime");
        assert_eq!(json_type(r#""2020-01-01""#), "string");
        assert_eq!(json_type(r#""1.02:03:04""#), "timespan");
        assert_eq!(json_type(r#""-00:00:02.5000000""#), "timespan");
        assert_eq!(json_type(r#""10:00""#), "string");
        assert_eq!(
            json_type(r#""74be27de-1e4e-49d9-b579-fe0b331d3642""#),
            "guid"
        );
        assert_eq!(json_type("{}"), "dictionary");
        assert_eq!(json_type("[]"), "array");
        assert_eq!(json_type("false"), "bool");
    }
}
