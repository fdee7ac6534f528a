//! `replace_string(text, lookup, rewrite)`: every occurrence of a string replaced.

use crate::args::fixed;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `replace_string`: see [`DOC`].
pub(crate) struct ReplaceStringFunc;

/// The reference entry of `replace_string`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "replace_string",
    aliases: &[],
    category: "string",
    syntax: "replace_string(text, lookup, rewrite)",
    description: "text with every occurrence of lookup replaced by rewrite, left to right; \
        matches do not overlap. Case-sensitive. An empty lookup leaves text unchanged \
        (kqlake's choice). A dynamic text is replaced in its text.",
    returns: "string",
    examples: &[Example {
        query: r#"print Message = "A magic trick can turn a cat into a dog" | extend Outcome = replace_string(Message, "cat", "hamster")"#,
        output: "Message,Outcome\nA magic trick can turn a cat into a dog,A magic trick can turn a hamster into a dog",
    }],
};

impl KqlFunction for ReplaceStringFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [text, lookup, rewrite] = fixed(&DOC, args)?;
        let exprs = vec![
            super::searchable(text)?.expr,
            lookup.string()?.expr,
            rewrite.string()?.expr,
        ];
        let f = udf(
            "kql_replace_string",
            vec![DataType::Utf8; 3],
            DataType::Utf8,
            replace_batch,
        );
        Ok(TypedExpr::new(f.call(exprs), KqlType::String))
    }
}

fn replace_batch(batch: &Batch) -> Result<ColumnarValue> {
    let [text, lookup, rewrite] = [batch.strings(0)?, batch.strings(1)?, batch.strings(2)?];
    batch.string_result(|row, out| {
        let text = text.get(row).unwrap_or("");
        let lookup = lookup.get(row).unwrap_or("");
        if lookup.is_empty() {
            out.push_str(text);
            return true;
        }
        let rewrite = rewrite.get(row).unwrap_or("");
        let mut last = 0;
        for (at, _) in text.match_indices(lookup) {
            out.push_str(&text[last..at]);
            out.push_str(rewrite);
            last = at + lookup.len();
        }
        out.push_str(&text[last..]);
        true
    })
}
