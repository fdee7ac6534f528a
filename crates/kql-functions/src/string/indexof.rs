//! `indexof(string, match [, start [, length [, occurrence]]])`: where a string occurs, in
//! characters from 0.

use crate::args::optional;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, lit};
use kql_syntax::KqlType;

/// `indexof`: see [`DOC`].
pub(crate) struct IndexOfFunc;

/// The reference entry of `indexof`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "indexof",
    aliases: &[],
    category: "string",
    syntax: "indexof(string, match [, start [, length [, occurrence]]])",
    description: "The 0-based character position of the occurrence-th (default 1st) \
        occurrence of match in string, searching from start (negative: that many characters \
        from the end) over length characters (-1, the default: to the end); a match must lie \
        wholly inside the range searched, and each further occurrence is searched from one \
        past the previous one with the same length (this reproduces the docs' examples). -1 \
        when not found; null when start is before the beginning, length is below -1 or \
        occurrence is below 0. Non-string arguments are converted with tostring(). Case-sensitive.",
    returns: "long",
    examples: &[Example {
        query: r#"print idx1 = indexof("abcdefg","cde"), idx2 = indexof("abcdefg","cde",1,4), idx3 = indexof("abcdefg","cde",1,2), idx4 = indexof("abcdefg","cde",3,4), idx5 = indexof("abcdefg","cde",-5), idx6 = indexof(1234567,5,1,4), idx7 = indexof("abcdefg","cde",2,-1), idx8 = indexof("abcdefgabcdefg", "cde", 1, 10, 2), idx9 = indexof("abcdefgabcdefg", "cde", 1, -1, 3)"#,
        output: "idx1,idx2,idx3,idx4,idx5,idx6,idx7,idx8,idx9\n2,2,-1,-1,2,4,2,9,-1",
    }],
};

impl KqlFunction for IndexOfFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let ([text, pattern], [start, length, occurrence]) = optional::<2, 3>(&DOC, args)?;
        let number = |arg: Option<crate::args::Arg>, default: i64| match arg {
            Some(a) => a.long().map(|e| e.expr),
            None => Ok(lit(default)),
        };
        let exprs = vec![
            text.text().expr,
            pattern.text().expr,
            number(start, 0)?,
            number(length, -1)?,
            number(occurrence, 1)?,
        ];
        let f = udf(
            "kql_indexof",
            vec![
                DataType::Utf8,
                DataType::Utf8,
                DataType::Int64,
                DataType::Int64,
                DataType::Int64,
            ],
            DataType::Int64,
            indexof_batch,
        );
        Ok(TypedExpr::new(f.call(exprs), KqlType::Long))
    }
}

/// The `indexof` of one row (see [`DOC`]).
fn index_of(text: &str, pattern: &str, start: i64, length: i64, occurrence: i64) -> Option<i64> {
    let chars = i64::try_from(text.chars().count()).ok()?;
    let mut from = if start < 0 { chars + start } else { start };
    if from < 0 || length < -1 || occurrence < 0 {
        return None;
    }
    if occurrence == 0 {
        return Some(-1);
    }
    let offset = |i: i64| super::substring::char_offset(text, usize::try_from(i).unwrap_or(0));
    for n in 1..=occurrence {
        if from > chars {
            return Some(-1);
        }
        let end = if length == -1 {
            chars
        } else {
            from.saturating_add(length).min(chars)
        };
        let (a, b) = (offset(from), offset(end));
        let Some(at) = text[a..b].find(pattern) else {
            return Some(-1);
        };
        let found = from + i64::try_from(text[a..a + at].chars().count()).ok()?;
        if n == occurrence {
            return Some(found);
        }
        from = found + 1;
    }
    Some(-1)
}

fn indexof_batch(batch: &Batch) -> Result<ColumnarValue> {
    let [text, pattern] = [batch.strings(0)?, batch.strings(1)?];
    let start = batch.primitives::<Int64Type>(2)?;
    let length = batch.primitives::<Int64Type>(3)?;
    let occurrence = batch.primitives::<Int64Type>(4)?;
    batch.primitive_result::<Int64Type>(|row| {
        index_of(
            text.get(row).unwrap_or(""),
            pattern.get(row).unwrap_or(""),
            start.get(row)?,
            length.get(row)?,
            occurrence.get(row)?,
        )
    })
}
