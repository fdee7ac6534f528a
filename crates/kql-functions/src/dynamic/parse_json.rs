//! `parse_json(json)` (aliases `todynamic`, `parsejson`, `toobject`): JSON text as a dynamic
//! value.

use crate::args::fixed;
use crate::udf::{Batch, unary};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `parse_json`: see [`DOC`].
pub(crate) struct ParseJsonFunc;

/// The reference entry of `parse_json`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "parse_json",
    aliases: &["parsejson", "toobject", "todynamic"],
    category: "dynamic",
    syntax: "parse_json(json)",
    description: "Interprets json as a JSON value. A string that is not valid JSON gives a \
        dynamic string holding the text itself (not null, not an error); an empty string \
        gives null; a dynamic argument is returned unchanged (so parse a JSON string nested \
        in a dynamic value with parse_json(tostring(d.x))). Numbers and strings keep the text \
        they were written with, whitespace outside strings is dropped; JSON nested deeper than \
        128 levels is kept as a string.",
    returns: "dynamic",
    examples: &[
        Example {
            query: r#"print d = parse_json('{"a":123, "b":"hello", "c":[1,2,3]}') | project a = tolong(d.a), b = tostring(d.b), c = d.c"#,
            output: "a,b,c\n123,hello,\"[1,2,3]\"",
        },
        Example {
            query: r#"print d_b_c = parse_json(tostring(parse_json('{"a":123, "b":"{\\"c\\":456}"}').b)).c"#,
            output: "d_b_c\n456",
        },
        Example {
            query: r#"print a = gettype(parse_json('not json')), b = isnull(parse_json('')), c = todynamic('[1, 2]')"#,
            output: "a,b,c\nstring,true,\"[1,2]\"",
        },
    ],
};

impl KqlFunction for ParseJsonFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn takes_first_argument_name(&self) -> bool {
        true
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [json] = fixed(&DOC, args)?;
        if json.kql_type() == KqlType::Dynamic {
            return Ok(json.any());
        }
        Ok(parse_json(json.string()?))
    }
}

/// `parse_json` of a string expression.
pub(crate) fn parse_json(text: TypedExpr) -> TypedExpr {
    unary("kql_parse_json", text, KqlType::Dynamic, parse_json_batch)
}

fn parse_json_batch(batch: &Batch) -> Result<ColumnarValue> {
    let texts = batch.strings(0)?;
    batch.string_result(|row, out| {
        let text = texts.get(row).unwrap_or("");
        if text.trim().is_empty() {
            return false;
        }
        if !crate::json::push_compact(out, text) {
            crate::json::push_json_string(out, text);
        }
        out != "null"
    })
}
