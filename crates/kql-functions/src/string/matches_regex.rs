//! `text matches regex pattern`: true when text contains a match of the pattern.
//!
//! Case-sensitive unless the pattern says `(?i)`; the syntax is the `regex` crate's (Kusto's
//! regex.md); the pattern must be a constant, compiled at plan time so that a bad one is an
//! error pointing at it (`crate::regex`).

use crate::udf::{Batch, udf};
use crate::{Example, FunctionDoc};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{Result, exec_err};
use datafusion::logical_expr::{ColumnarValue, Expr, lit};

/// The reference entry of `matches regex`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "matches regex",
    aliases: &[],
    category: "string operator",
    syntax: "text matches regex pattern",
    description: "True when text contains a match of the regular expression pattern (it \
        need not match the whole text: anchor it with ^ and $). Case-sensitive; (?i) makes it \
        insensitive. The pattern must be a constant string in the syntax of Kusto's regex.md \
        (no backreferences or look-around), with at most 16 groups; an invalid pattern is an \
        error pointing at it.",
    returns: "bool, never null",
    examples: &[Example {
        query: r#"print a = "Fabrikam" matches regex "b.*k", b = "KANSAS" matches regex "K.*S", c = "x9" matches regex @"\d", d = "abc" matches regex "^B", e = "abc" matches regex "(?i)^A""#,
        output: "a,b,c,d,e\ntrue,true,true,false,true",
    }],
};

fn matches_batch(batch: &Batch) -> Result<ColumnarValue> {
    let text = batch.strings(0)?;
    let pattern = batch.strings(1)?;
    let Some(pattern) = pattern.get(0) else {
        return batch.bool_result(|_| Some(false));
    };
    let regex = match crate::regex::compile(pattern) {
        Ok(r) => r,
        Err(e) => return exec_err!("{e}"),
    };
    batch.bool_result(|row| Some(regex.is_match(text.get(row).unwrap_or(""))))
}

/// `text matches regex pattern`; `pattern` was checked with `crate::regex::compile`.
pub(crate) fn matches_regex_expr(text: Expr, pattern: &str) -> Expr {
    udf(
        "kql_matches_regex",
        vec![DataType::Utf8, DataType::Utf8],
        DataType::Boolean,
        matches_batch,
    )
    .call(vec![text, lit(pattern)])
}
