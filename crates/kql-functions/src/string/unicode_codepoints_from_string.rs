//! `unicode_codepoints_from_string(value)` and `unicode_codepoints_to_string(values, …)`: a
//! string's code points as a dynamic array of longs, and back.

use crate::args::{fixed, variadic};
use crate::json::{JsonKind, elements, kind};
use crate::udf::{Batch, udf_with, unary};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, Signature, Volatility};
use kql_syntax::KqlType;
use std::fmt::Write;

/// `unicode_codepoints_from_string`: see [`FROM_DOC`].
pub(crate) struct FromStringFunc;

/// `unicode_codepoints_to_string`: see [`TO_DOC`].
pub(crate) struct ToStringFunc;

/// The reference entry of `unicode_codepoints_from_string`.
pub(crate) const FROM_DOC: FunctionDoc = FunctionDoc {
    name: "unicode_codepoints_from_string",
    aliases: &[],
    category: "string",
    syntax: "unicode_codepoints_from_string(value)",
    description: "The Unicode code points of the characters of value, as an array of longs.",
    returns: "dynamic (an array of longs)",
    examples: &[Example {
        query: r#"print a = unicode_codepoints_from_string("⒦⒰⒮⒯⒪"), b = unicode_codepoints_from_string("")"#,
        output: "a,b\n\"[9382,9392,9390,9391,9386]\",[]",
    }],
};

/// The reference entry of `unicode_codepoints_to_string`.
pub(crate) const TO_DOC: FunctionDoc = FunctionDoc {
    name: "unicode_codepoints_to_string",
    aliases: &[],
    category: "string",
    syntax: "unicode_codepoints_to_string(values, …)",
    description: "The string of the characters whose Unicode code points are given: 1 to 64 \
        arguments, each an int, a long or a dynamic array of them. \"\" (Kusto: null; KQL \
        strings are never null) when a value is not a valid code point (negative, above \
        0x10FFFF, a surrogate, or not a whole number) or is null.",
    returns: "string; \"\" (a null string) when a value is not a code point",
    examples: &[Example {
        query: "print a = unicode_codepoints_to_string(75, 117, 115, 116, 111), b = unicode_codepoints_to_string(dynamic([75, 117, 115]), 116, 111), c = isempty(unicode_codepoints_to_string(55296))",
        output: "a,b,c\nKusto,Kusto,true",
    }],
};

impl KqlFunction for FromStringFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &FROM_DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [value] = fixed(&FROM_DOC, args)?;
        Ok(unary(
            "kql_unicode_codepoints_from_string",
            value.string()?,
            KqlType::Dynamic,
            from_string_batch,
        ))
    }
}

fn from_string_batch(batch: &Batch) -> Result<ColumnarValue> {
    let values = batch.strings(0)?;
    batch.string_result(|row, out| {
        out.push('[');
        for (i, c) in values.get(row).unwrap_or("").chars().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let _ = write!(out, "{}", u32::from(c));
        }
        out.push(']');
        true
    })
}

impl KqlFunction for ToStringFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &TO_DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let mut exprs = Vec::new();
        for arg in variadic(&TO_DOC, args, 1..=64)? {
            exprs.push(match arg.kql_type() {
                KqlType::Dynamic => arg.any().expr,
                _ => crate::conversion::to_json(arg.long()?),
            });
        }
        let f = udf_with(
            "kql_unicode_codepoints_to_string",
            Signature::variadic(vec![DataType::Utf8], Volatility::Immutable),
            DataType::Utf8,
            to_string_batch,
        );
        Ok(TypedExpr::new(f.call(exprs), KqlType::String))
    }
}

/// The character of a JSON number that is a code point.
fn code_point(json: &str) -> Option<char> {
    if kind(json) != JsonKind::Number {
        return None;
    }
    char::from_u32(json.parse::<u32>().ok()?)
}

fn to_string_batch(batch: &Batch) -> Result<ColumnarValue> {
    let columns = batch.all_strings()?;
    batch.string_result(|row, out| {
        // KQL strings are never null: a value that is not a code point gives "".
        let ok = push_code_points(&columns, row, out);
        if !ok {
            out.clear();
        }
        true
    })
}

/// Appends the characters of row `row`'s code points; false when one is not a code point.
fn push_code_points(
    columns: &[crate::udf::Reader<'_, datafusion::arrow::array::StringArray>],
    row: usize,
    out: &mut String,
) -> bool {
    {
        for column in columns {
            let Some(json) = column.get(row) else {
                return false;
            };
            if kind(json) == JsonKind::Array {
                for item in elements(json).unwrap_or_default() {
                    match code_point(item) {
                        Some(c) => out.push(c),
                        None => return false,
                    }
                }
            } else {
                match code_point(json) {
                    Some(c) => out.push(c),
                    None => return false,
                }
            }
        }
        true
    }
}
