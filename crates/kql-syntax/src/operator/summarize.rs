//! `summarize`: aggregate rows, optionally grouped by keys; and the operator hints
//! (`hint.strategy=shuffle`) that `summarize` and `distinct` accept.

use super::operand::{OperatorParameter, operator_parameter};
use super::{OperatorName, named_expression, write_list};
use crate::Diagnostic;
use crate::Span;
use crate::ast::{Ident, OperatorKind, ProjectItem};
use crate::parser::lexical::{SyntaxError, keyword, name, punct, require, ws};
use crate::parser::{Input, PResult};
use std::fmt;

/// `summarize [hints] [Name =] Aggregate(…), … [by [Name =] Expr, …]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Summarize {
    /// `hint.strategy=shuffle` and the like: accepted, they do not change the result.
    pub hints: Vec<OperatorParameter>,
    /// The aggregates, in order (may be empty: `summarize by x`).
    pub aggregates: Vec<AggregateItem>,
    /// The group keys after `by` (empty without `by`).
    pub by: Vec<ProjectItem>,
}

/// One item of `summarize` before `by`: `avg(x)`, `n = count()`, `r = 100.0 * countif(p) /
/// count()`, or `(t, a) = arg_max(t, a)` naming the columns of a multi-column aggregate.
#[derive(Debug, Clone, PartialEq)]
pub struct AggregateItem {
    /// `(a, b) = …`: names for the first columns of the aggregate, in order; empty otherwise
    /// (a single `Name = …` is `item.name`).
    pub tuple: Vec<Ident>,
    /// The expression, with its `Name =` if written.
    pub item: ProjectItem,
    /// The whole item, tuple names included.
    pub span: Span,
}

/// `summarize [hints] [Name =] Aggregate(…), … [by [Name =] Key, …]`; `summarize by x` groups
/// only.
///
/// ```ebnf
/// summarize_operator ::= "summarize" operator_hint* (aggregate_list [by_clause] | by_clause)
/// ```
pub(crate) fn summarize_operator(
    _name: OperatorName,
    input: Input<'_>,
) -> PResult<'_, OperatorKind> {
    let (input, hints) = operator_hints(input)?;
    let (rest, aggregates) = if keyword("by")(input).is_ok() {
        (input, Vec::new())
    } else {
        aggregate_list(input)?
    };
    let (rest, by) = match keyword("by")(rest) {
        Ok((after_by, _)) => by_clause(after_by)?,
        Err(_) => (rest, Vec::new()),
    };
    Ok((
        rest,
        OperatorKind::Summarize(Summarize {
            hints,
            aggregates,
            by,
        }),
    ))
}

/// The aggregates of `summarize`, each optionally named or given a tuple of names.
///
/// ```ebnf
/// aggregate_list ::= aggregate_item ("," aggregate_item)*
/// aggregate_item ::= ["(" name ("," name)* ")" "="] named_expression
/// ```
pub(crate) fn aggregate_list(input: Input<'_>) -> PResult<'_, Vec<AggregateItem>> {
    let (mut rest, first) = require(aggregate_item(input), input, || {
        "expected an aggregate or 'by' after 'summarize'".to_owned()
    })?;
    let mut items = vec![first];
    while let Ok((after_comma, _)) = punct(",")(rest) {
        let (after_item, item) = require(aggregate_item(after_comma), after_comma, || {
            "expected an aggregate after ','".to_owned()
        })?;
        items.push(item);
        rest = after_item;
    }
    Ok((rest, items))
}

fn aggregate_item(input: Input<'_>) -> PResult<'_, AggregateItem> {
    if let Some((after_eq, tuple, open)) = tuple_names(input) {
        let (rest, expr) = require(crate::parser::expr::expression(after_eq), after_eq, || {
            "expected an aggregate after the names".to_owned()
        })?;
        let span = open.to(expr.span);
        let item = ProjectItem {
            name: None,
            span: expr.span,
            expr,
        };
        return Ok((rest, AggregateItem { tuple, item, span }));
    }
    let (rest, item) = named_expression(input)?;
    Ok((
        rest,
        AggregateItem {
            tuple: Vec::new(),
            span: item.span,
            item,
        },
    ))
}

/// `(a, b) =` at `input`: the rest after `=`, the names and the span of `(`.
pub(crate) fn tuple_names(input: Input<'_>) -> Option<(Input<'_>, Vec<Ident>, Span)> {
    let (mut rest, open) = punct("(")(input).ok()?;
    let mut names = Vec::new();
    loop {
        let (after, ident) = name(rest).ok()?;
        names.push(ident);
        if let Ok((after_comma, _)) = punct(",")(after) {
            rest = after_comma;
            continue;
        }
        let (after_close, _) = punct(")")(after).ok()?;
        let (after_eq, _) = punct("=")(after_close).ok()?;
        return (!after_eq.starts_with(['=', '~'])).then_some((after_eq, names, open));
    }
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

/// The hints Kusto.Language knows for `summarize` and `distinct` (`SummarizeParameters`,
/// `DistinctParameters`).
const HINTS: &[&str] = &["hint.strategy", "hint.shufflekey", "hint.num_partitions"];

/// The hints before the items of `summarize` and `distinct`: `operator_parameter`s whose name
/// starts with `hint.` (any other `name=` starts an item: `summarize n = count()`).
///
/// ```ebnf
/// operator_hint ::= operator_parameter (* named hint.strategy, hint.shufflekey or
///                                         hint.num_partitions *)
/// ```
pub(crate) fn operator_hints(mut input: Input<'_>) -> PResult<'_, Vec<OperatorParameter>> {
    let mut hints = Vec::new();
    loop {
        let (at, ()) = ws(input)?;
        if !at.fragment().starts_with("hint.") {
            return Ok((input, hints));
        }
        let (rest, hint) = require(operator_parameter(at), at, || {
            "expected a hint such as hint.strategy=shuffle".to_owned()
        })?;
        if !HINTS.contains(&hint.name.as_str()) {
            return Err(nom::Err::Failure(SyntaxError::new(
                Diagnostic::syntax(format!("unknown hint '{}'", hint.name), hint.name_span)
                    .with_help(format!("summarize and distinct take {}", HINTS.join(", "))),
            )));
        }
        hints.push(hint);
        input = rest;
    }
}

/// `summarize hint.strategy=shuffle a = avg(x), count() by k` / `summarize by k`.
impl fmt::Display for Summarize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("summarize")?;
        for hint in &self.hints {
            write!(f, " {hint}")?;
        }
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

/// `(a, b) = arg_max(t, x)`, `n = count()`, `count()`.
impl fmt::Display for AggregateItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.tuple.is_empty() {
            f.write_str("(")?;
            write_list(f, &self.tuple)?;
            f.write_str(") = ")?;
        }
        write!(f, "{}", self.item)
    }
}

#[cfg(test)]
mod tests {
    use crate::DiagnosticKind::Syntax;
    use crate::ast::{OperatorKind, ParameterValue};
    use crate::parse_query;
    use crate::testing::{assert_error, assert_round_trip};

    #[test]
    fn hints_and_tuples_round_trip() {
        for text in [
            "T | summarize hint.strategy=shuffle count() by k",
            "T | summarize hint.shufflekey=k hint.num_partitions=4 count() by k",
            "T | summarize (t, a) = arg_max(t, a) by k",
            "T | summarize (t) = arg_max(t, *), n = count()",
            "T | summarize r = 100.0 * countif(x > 1) / count()",
            "T | summarize hint.strategy=shuffle by k",
        ] {
            assert_eq!(assert_round_trip(text), text);
        }
        assert_eq!(
            assert_round_trip("T | summarize hint.strategy = shuffle  (a,b)=arg_max(t,x)"),
            "T | summarize hint.strategy=shuffle (a, b) = arg_max(t, x)"
        );
        let query =
            parse_query("T | summarize hint.shufflekey=k hint.num_partitions=4 count()").unwrap();
        let OperatorKind::Summarize(s) = &query.body.operators[0].kind else {
            panic!()
        };
        assert_eq!(s.hints[0].value, ParameterValue::Word("k".to_owned()));
        assert_eq!(s.hints[1].value, ParameterValue::Long(4));
    }

    #[test]
    fn hint_errors() {
        assert_error(
            "T | summarize «hint.foo» = 1 count()",
            Syntax,
            "unknown hint 'hint.foo'",
        );
        assert_error(
            "T | summarize «hint».strategy shuffle count()",
            Syntax,
            "expected a hint such as hint.strategy=shuffle",
        );
        assert_error(
            "T | summarize (a, b) = «|»",
            Syntax,
            "expected an aggregate after the names",
        );
    }
}
