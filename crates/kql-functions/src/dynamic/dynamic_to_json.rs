//! `dynamic_to_json(expr)`: the canonical JSON text of a dynamic value (bag keys sorted), so
//! that equal values give equal strings.

use crate::args::fixed;
use crate::json::{JsonKind, elements, entries, kind, push_json_string};
use crate::udf::{Batch, unary};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `dynamic_to_json`: see [`DOC`].
pub(crate) struct DynamicToJsonFunc;

/// The reference entry of `dynamic_to_json`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "dynamic_to_json",
    aliases: &[],
    category: "dynamic",
    syntax: "dynamic_to_json(expr)",
    description: "The canonical JSON text of expr: property bags with their keys sorted \
        (ordinal, case-sensitive), at every depth, arrays in their order, no whitespace. A \
        dynamic scalar is its JSON text (a string stays quoted, kqlake's choice); a value of \
        another type is its tostring(); a null dynamic value is \"\".",
    returns: "string",
    examples: &[Example {
        query: "print Result = dynamic_to_json(dynamic({'Y10': {}, 'X8': {'c3': 1, 'd8': 5, 'a4': 6}, 'D1': 114, 'A1': 12, 'B1': 2, 'C1': 3, 'A14': [15, 13, 18]}))",
        output: "Result\n\"{\"\"A1\"\":12,\"\"A14\"\":[15,13,18],\"\"B1\"\":2,\"\"C1\"\":3,\"\"D1\"\":114,\"\"X8\"\":{\"\"a4\"\":6,\"\"c3\"\":1,\"\"d8\"\":5},\"\"Y10\"\":{}}\"",
    }],
};

impl KqlFunction for DynamicToJsonFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [expr] = fixed(&DOC, args)?;
        if expr.kql_type() != KqlType::Dynamic {
            return Ok(expr.text());
        }
        Ok(unary(
            "kql_dynamic_to_json",
            expr.any(),
            KqlType::String,
            to_json_batch,
        ))
    }
}

/// Appends the canonical form of the JSON text `json`.
fn push_canonical(out: &mut String, json: &str) {
    match kind(json) {
        JsonKind::Object => {
            let mut members = entries(json).unwrap_or_default();
            members.sort_by(|(a, _), (b, _)| a.cmp(b));
            out.push('{');
            for (i, (key, value)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_json_string(out, key);
                out.push(':');
                push_canonical(out, value);
            }
            out.push('}');
        }
        JsonKind::Array => {
            out.push('[');
            for (i, item) in elements(json).unwrap_or_default().iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_canonical(out, item);
            }
            out.push(']');
        }
        _ => out.push_str(json),
    }
}

fn to_json_batch(batch: &Batch) -> Result<ColumnarValue> {
    let values = batch.strings(0)?;
    batch.string_result(|row, out| {
        if let Some(json) = values.get(row) {
            push_canonical(out, json);
        }
        true
    })
}
