//! `countof(source, search [, kind])`: how many times a string or a regex occurs.

use crate::args::optional;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::common::{Result, exec_err};
use datafusion::logical_expr::{ColumnarValue, lit};
use kql_syntax::KqlType;

/// `countof`: see [`DOC`].
pub(crate) struct CountofFunc;

/// The reference entry of `countof`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "countof",
    aliases: &[],
    category: "string",
    syntax: "countof(source, search [, kind])",
    description: "The number of times search occurs in source. With kind \"normal\" (the \
        default) search is plain text and occurrences may overlap: countof(\"aaaa\", \"aa\") is \
        3, not 2. With kind \"regex\" search is a constant regex and matches do not overlap. \
        An empty search counts 0 (kqlake's choice).",
    returns: "long",
    examples: &[Example {
        query: r#"print a = countof("aaa", "a"), b = countof("aaaa", "aa"), c = countof("ababa", "ab", "normal"), d = countof("ababa", "aba"), e = countof("ababa", "aba", "regex"), f = countof("abcabc", "a.c", "regex")"#,
        output: "a,b,c,d,e,f\n3,3,2,2,1,2",
    }],
};

impl KqlFunction for CountofFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let ([source, search], [kind]) = optional::<2, 1>(&DOC, args)?;
        let regex = match kind {
            None => false,
            Some(kind) => {
                let wrong = kind.error("expected \"normal\" or \"regex\" for 'kind'");
                match kind.string_literal()?.as_str() {
                    "normal" => false,
                    "regex" => true,
                    _ => return Err(wrong),
                }
            }
        };
        let source = super::searchable(source)?.expr;
        let (name, body, search): (_, crate::udf::UdfBody, _) = if regex {
            (
                "kql_countof_regex",
                regex_batch,
                lit(crate::regex::check(search)?),
            )
        } else {
            ("kql_countof", plain_batch, search.string()?.expr)
        };
        let f = udf(
            name,
            vec![DataType::Utf8, DataType::Utf8],
            DataType::Int64,
            body,
        );
        Ok(TypedExpr::new(f.call(vec![source, search]), KqlType::Long))
    }
}

/// Overlapping occurrences of `search` in `source`.
fn count_overlapping(source: &str, search: &str) -> i64 {
    let (mut count, mut from) = (0, 0);
    if search.is_empty() {
        return 0;
    }
    while let Some(at) = source[from..].find(search) {
        count += 1;
        from += at + source[from + at..].chars().next().map_or(1, char::len_utf8);
    }
    count
}

fn plain_batch(batch: &Batch) -> Result<ColumnarValue> {
    let [source, search] = [batch.strings(0)?, batch.strings(1)?];
    batch.primitive_result::<Int64Type>(|row| {
        Some(count_overlapping(
            source.get(row).unwrap_or(""),
            search.get(row).unwrap_or(""),
        ))
    })
}

fn regex_batch(batch: &Batch) -> Result<ColumnarValue> {
    let source = batch.strings(0)?;
    let regex = match crate::regex::compile(batch.strings(1)?.get(0).unwrap_or("")) {
        Ok(r) => r,
        Err(e) => return exec_err!("{e}"),
    };
    batch.primitive_result::<Int64Type>(|row| {
        let matches = regex.find_iter(source.get(row).unwrap_or("")).count();
        i64::try_from(matches).ok()
    })
}
