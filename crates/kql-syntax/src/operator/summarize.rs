//! `summarize`: aggregate rows, optionally grouped by keys.

use super::{OperatorName, named_expression, named_expression_list, write_list};
use crate::ast::{OperatorKind, ProjectItem};
use crate::parser::lexical::{keyword, punct, require, unsupported_plural_failure, word};
use crate::parser::{Input, PResult};
use std::fmt;

/// `summarize [Name =] Aggregate(…), … [by [Name =] Expr, …]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Summarize {
    /// The aggregates, in order (may be empty: `summarize by x`).
    pub aggregates: Vec<ProjectItem>,
    /// The group keys after `by` (empty without `by`).
    pub by: Vec<ProjectItem>,
}

/// `summarize [Name =] Aggregate(…), … [by [Name =] Key, …]`; `summarize by x` groups only.
///
/// ```ebnf
/// summarize_operator ::= "summarize" (named_expression_list [by_clause] | by_clause)
/// ```
///
/// Hints (`summarize hint.strategy=shuffle …`) are valid KQL, rejected by name.
pub(crate) fn summarize_operator(
    _name: OperatorName,
    input: Input<'_>,
) -> PResult<'_, OperatorKind> {
    if let Ok((after_hint, ("hint", hint))) = word(input)
        && let Ok((_, dot)) = punct(".")(after_hint)
    {
        return Err(unsupported_plural_failure("summarize hints", hint.to(dot)));
    }
    let (rest, aggregates) = if keyword("by")(input).is_ok() {
        (input, Vec::new())
    } else {
        named_expression_list(input, "expected an aggregate or 'by' after 'summarize'")?
    };
    let (rest, by) = match keyword("by")(rest) {
        Ok((after_by, _)) => by_clause(after_by)?,
        Err(_) => (rest, Vec::new()),
    };
    Ok((rest, OperatorKind::Summarize(Summarize { aggregates, by })))
}

/// The group keys of `summarize`, after `by`.
///
/// ```ebnf
/// by_clause ::= "by" named_expression ("," named_expression)*
/// ```
pub(crate) fn by_clause(input: Input<'_>) -> PResult<'_, Vec<ProjectItem>> {
    let (mut rest, first) = require(named_expression(input), input, || {
        "expected a group key after 'by'".to_owned()
    })?;
    let mut keys = vec![first];
    while let Ok((after_comma, _)) = punct(",")(rest) {
        let (after_key, key) = require(named_expression(after_comma), after_comma, || {
            "expected a group key after ','".to_owned()
        })?;
        keys.push(key);
        rest = after_key;
    }
    Ok((rest, keys))
}

/// `summarize a = avg(x), count() by k` / `summarize by k`.
impl fmt::Display for Summarize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("summarize")?;
        if !self.aggregates.is_empty() {
            f.write_str(" ")?;
            write_list(f, &self.aggregates)?;
        }
        if !self.by.is_empty() {
            f.write_str(" by ")?;
            write_list(f, &self.by)?;
        }
        Ok(())
    }
}
