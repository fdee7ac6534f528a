//! `translate(searchList, replacementList, source)`: characters of source replaced one for one.

use crate::args::fixed;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `translate`: see [`DOC`].
pub(crate) struct TranslateFunc;

/// The reference entry of `translate`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "translate",
    aliases: &[],
    category: "string",
    syntax: "translate(searchList, replacementList, source)",
    description: "source with each character found in searchList replaced by the character at \
        the same position in replacementList; where replacementList is shorter, by its last \
        character; where it is empty, the character is removed. Characters are Unicode code \
        points; a character listed twice in searchList takes its first position.",
    returns: "string",
    examples: &[Example {
        query: r#"print a = translate("abc", "x", "abc"), b = translate("abc", "", "ab"), c = translate("krasp", "otsku", "spark")"#,
        output: "a,b,c\nxxx,,kusto",
    }],
};

impl KqlFunction for TranslateFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [search, replacement, source] = fixed(&DOC, args)?;
        let exprs = vec![
            search.string()?.expr,
            replacement.string()?.expr,
            source.string()?.expr,
        ];
        let f = udf(
            "kql_translate",
            vec![DataType::Utf8; 3],
            DataType::Utf8,
            translate_batch,
        );
        Ok(TypedExpr::new(f.call(exprs), KqlType::String))
    }
}

fn translate_batch(batch: &Batch) -> Result<ColumnarValue> {
    let search = batch.strings(0)?;
    let replacement = batch.strings(1)?;
    let source = batch.strings(2)?;
    let mut search_chars: Vec<char> = Vec::new();
    let mut replacement_chars: Vec<char> = Vec::new();
    batch.string_result(|row, out| {
        search_chars.clear();
        search_chars.extend(search.get(row).unwrap_or("").chars());
        replacement_chars.clear();
        replacement_chars.extend(replacement.get(row).unwrap_or("").chars());
        for c in source.get(row).unwrap_or("").chars() {
            match search_chars.iter().position(|s| *s == c) {
                None => out.push(c),
                Some(i) => {
                    if let Some(r) = replacement_chars
                        .get(i)
                        .or_else(|| replacement_chars.last())
                    {
                        out.push(*r);
                    }
                }
            }
        }
        true
    })
}
