//! `substring(source, startingIndex [, length])`: characters of a string, counted from 0.

use crate::args::optional;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, lit};
use kql_syntax::KqlType;

/// `substring`: see [`DOC`].
pub(crate) struct SubstringFunc;

/// The reference entry of `substring`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "substring",
    aliases: &[],
    category: "string",
    syntax: "substring(source, startingIndex [, length])",
    description: "The characters of source from startingIndex (0-based, unlike SQL's 1-based \
        substr; negative counts from the end) for length characters, or to the end. Characters \
        are Unicode code points. A start past the end gives \"\"; a start before the beginning \
        is clamped to 0; a negative length gives \"\" (kqlake's choices). A non-string source \
        is converted with tostring().",
    returns: "string",
    examples: &[Example {
        query: r#"print a = substring("123456", 1), b = substring("123456", 2, 2), c = substring("ABCD", 0, 2), d = substring("123456", -2, 2)"#,
        output: "a,b,c,d\n23456,34,AB,56",
    }],
};

impl KqlFunction for SubstringFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let ([source, start], [length]) = optional::<2, 1>(&DOC, args)?;
        let exprs = vec![
            source.text().expr,
            start.long()?.expr,
            match length {
                Some(l) => l.long()?.expr,
                None => lit(i64::MAX),
            },
        ];
        let f = udf(
            "kql_substring",
            vec![DataType::Utf8, DataType::Int64, DataType::Int64],
            DataType::Utf8,
            substring_batch,
        );
        Ok(TypedExpr::new(f.call(exprs), KqlType::String))
    }
}

/// The byte offset of character `index` in `text` (its length past the end).
pub(crate) fn char_offset(text: &str, index: usize) -> usize {
    text.char_indices()
        .nth(index)
        .map_or(text.len(), |(at, _)| at)
}

fn substring_batch(batch: &Batch) -> Result<ColumnarValue> {
    let source = batch.strings(0)?;
    let start = batch.primitives::<Int64Type>(1)?;
    let length = batch.primitives::<Int64Type>(2)?;
    batch.string_result(|row, out| {
        let (Some(text), Some(start), Some(length)) =
            (source.get(row), start.get(row), length.get(row))
        else {
            return true;
        };
        if length < 0 {
            return true;
        }
        let chars = i64::try_from(text.chars().count()).unwrap_or(i64::MAX);
        let start = if start < 0 {
            (chars + start).max(0)
        } else {
            start
        };
        if start >= chars {
            return true;
        }
        let end = start.saturating_add(length).min(chars);
        let [from, to] = [start, end].map(|i| char_offset(text, usize::try_from(i).unwrap_or(0)));
        out.push_str(&text[from..to]);
        true
    })
}
