//! `tobool(value)` (alias `toboolean`): a bool from a string, a number or a dynamic value.

use crate::udf::{Batch, unary};
use crate::{Example, FunctionDoc, TypedExpr};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `tobool`: see [`DOC`].
pub(crate) const TOBOOL: super::TextConversionFunc = super::TextConversionFunc {
    doc: &DOC,
    to: KqlType::Bool,
    parse,
    what: "string, number or bool",
};

/// The reference entry of `tobool`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "tobool",
    aliases: &["toboolean"],
    category: "conversion",
    syntax: "tobool(value)",
    description: "value as a bool: \"true\" and \"false\" (kqlake ignores their case), a \
        number is true when it is not 0, and a string holding an integer likewise. A dynamic \
        value converts as its JSON value. Anything else gives null, never an error.",
    returns: "bool; null when the conversion fails",
    examples: &[Example {
        query: r#"print a = tobool("true"), b = tobool("false"), c = tobool(1), d = tobool(123), e = tobool(0.0), f = tobool("yes")"#,
        output: "a,b,c,d,e,f\ntrue,false,true,true,false,",
    }],
};

/// `tobool` of a string expression.
pub(crate) fn parse(text: TypedExpr) -> TypedExpr {
    unary("kql_tobool", text, KqlType::Bool, tobool_batch)
}

/// The bool a text stands for.
fn bool_text(text: &str) -> Option<bool> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        text.parse::<i64>().ok().map(|n| n != 0)
    }
}

fn tobool_batch(batch: &Batch) -> Result<ColumnarValue> {
    let texts = batch.strings(0)?;
    batch.bool_result(|row| bool_text(texts.get(row)?))
}
