//! `indexof_regex(string, match [, start [, length [, occurrence]]])`: where a regex matches, in
//! characters from 0.

use crate::args::optional;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, lit};
use kql_syntax::KqlType;

/// `indexof_regex`: see [`DOC`].
pub(crate) struct IndexOfRegexFunc;

/// The reference entry of `indexof_regex`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "indexof_regex",
    aliases: &[],
    category: "string",
    syntax: "indexof_regex(string, match [, start [, length [, occurrence]]])",
    description: "The 0-based character position of the occurrence-th (default 1st) match of \
        the regex match (a constant) in string, searching the length characters (-1, the \
        default: to the end) from start (default 0). Matches do not overlap: each is searched \
        after the end of the one before. -1 when there is no such match (also for occurrence \
        0); null when start is negative, length is below -1 or occurrence is negative. A \
        non-string string is converted with tostring().",
    returns: "long",
    examples: &[Example {
        query: r#"print idx1 = indexof_regex("abcabc", @"a.c"), idx2 = indexof_regex("abcabcdefg", @"a.c", 0, 9, 2), idx3 = indexof_regex("abcabc", @"a.c", 1, -1, 2), idx4 = indexof_regex("ababaa", @"a.a", 0, -1, 2), idx5 = indexof_regex("abcabc", @"a|ab", -1)"#,
        output: "idx1,idx2,idx3,idx4,idx5\n0,3,-1,-1,",
    }],
};

impl KqlFunction for IndexOfRegexFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let ([text, pattern], [start, length, occurrence]) = optional::<2, 3>(&DOC, args)?;
        let pattern = crate::regex::check(pattern)?;
        let number = |arg: Option<crate::args::Arg>, default: i64| match arg {
            Some(a) => a.long().map(|e| e.expr),
            None => Ok(lit(default)),
        };
        let exprs = vec![
            text.text().expr,
            lit(pattern),
            number(start, 0)?,
            number(length, -1)?,
            number(occurrence, 1)?,
        ];
        let f = udf(
            "kql_indexof_regex",
            vec![
                DataType::Utf8,
                DataType::Utf8,
                DataType::Int64,
                DataType::Int64,
                DataType::Int64,
            ],
            DataType::Int64,
            indexof_regex_batch,
        );
        Ok(TypedExpr::new(f.call(exprs), KqlType::Long))
    }
}

/// The `indexof_regex` of one row (see [`DOC`]).
fn index_of(
    regex: &regex::Regex,
    text: &str,
    start: i64,
    length: i64,
    occurrence: i64,
) -> Option<i64> {
    if start < 0 || length < -1 || occurrence < 0 {
        return None;
    }
    let chars = i64::try_from(text.chars().count()).ok()?;
    if occurrence == 0 || start > chars {
        return Some(-1);
    }
    let end = if length == -1 {
        chars
    } else {
        start.saturating_add(length).min(chars)
    };
    let offset = |i: i64| super::substring::char_offset(text, usize::try_from(i).unwrap_or(0));
    let (a, b) = (offset(start), offset(end));
    let n = usize::try_from(occurrence - 1).ok()?;
    match regex.find_iter(&text[a..b]).nth(n) {
        Some(m) => Some(start + i64::try_from(text[a..a + m.start()].chars().count()).ok()?),
        None => Some(-1),
    }
}

fn indexof_regex_batch(batch: &Batch) -> Result<ColumnarValue> {
    let [text, pattern] = [batch.strings(0)?, batch.strings(1)?];
    let start = batch.primitives::<Int64Type>(2)?;
    let length = batch.primitives::<Int64Type>(3)?;
    let occurrence = batch.primitives::<Int64Type>(4)?;
    // The pattern is a constant that compiled at plan time.
    let regex = match crate::regex::compile(pattern.get(0).unwrap_or("")) {
        Ok(r) => r,
        Err(e) => return datafusion::common::exec_err!("indexof_regex(): {e}"),
    };
    batch.primitive_result::<Int64Type>(|row| {
        index_of(
            &regex,
            text.get(row).unwrap_or(""),
            start.get(row)?,
            length.get(row)?,
            occurrence.get(row)?,
        )
    })
}
