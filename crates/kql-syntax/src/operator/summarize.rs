//! `summarize`: aggregate rows, optionally grouped by keys; and the operator hints
//! (`hint.strategy=shuffle`) that `summarize` and `distinct` accept.

use super::{OperatorName, named_expression, write_list};
use crate::Span;
use crate::ast::{Ident, OperatorKind, ProjectItem};
use crate::parser::lexical::{
    advance, expected_failure, is_word_char, keyword, name, punct, require, span_from,
    syntax_failure, word, ws,
};
use crate::parser::literal::number_literal;
use crate::parser::{Input, PResult};
use std::fmt;

/// `summarize [hints] [Name =] Aggregate(…), … [by [Name =] Expr, …]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Summarize {
    /// `hint.strategy=shuffle` and the like: accepted, they do not change the result.
    pub hints: Vec<OperatorHint>,
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

/// A hint of `summarize` or `distinct`: how to execute, never what to compute.
#[derive(Debug, Clone, PartialEq)]
pub struct OperatorHint {
    /// Which hint.
    pub kind: HintKind,
    /// From `hint.` to the value.
    pub span: Span,
}

/// The hints `summarize` and `distinct` accept.
#[derive(Debug, Clone, PartialEq)]
pub enum HintKind {
    /// `hint.strategy = shuffle` (any word: Kusto ignores strategies it does not know).
    Strategy(Ident),
    /// `hint.shufflekey = Column` (repeatable).
    ShuffleKey(Ident),
    /// `hint.num_partitions = 10`.
    NumPartitions(i64),
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
fn tuple_names(input: Input<'_>) -> Option<(Input<'_>, Vec<Ident>, Span)> {
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

/// The hints before the items of `summarize` and `distinct`. `hint.` and the hint's name are
/// one token, without spaces.
///
/// ```ebnf
/// operator_hint ::= "hint.strategy" "=" word
///                 | "hint.shufflekey" "=" name
///                 | "hint.num_partitions" "=" number_literal
/// ```
pub(crate) fn operator_hints(mut input: Input<'_>) -> PResult<'_, Vec<OperatorHint>> {
    let mut hints = Vec::new();
    loop {
        let (at, ()) = ws(input)?;
        if !at.fragment().starts_with("hint.") {
            return Ok((input, hints));
        }
        let len = 5 + at.fragment()[5..]
            .find(|c: char| !is_word_char(c))
            .unwrap_or(at.fragment().len() - 5);
        let (after_name, name_span) = advance(at, len);
        let hint_name = &at.fragment()[..len];
        let Ok((after_eq, _)) = punct("=")(after_name) else {
            return Err(expected_failure(
                &format!("expected '=' after '{hint_name}'"),
                after_name,
            ));
        };
        let (rest, kind) = match hint_name {
            "hint.strategy" => {
                let (rest, (text, span)) = require(word(after_eq), after_eq, || {
                    "expected a strategy such as 'shuffle' after 'hint.strategy='".to_owned()
                })?;
                let ident = Ident {
                    name: text.to_owned(),
                    span,
                };
                (rest, HintKind::Strategy(ident))
            }
            "hint.shufflekey" => {
                let (rest, column) = require(name(after_eq), after_eq, || {
                    "expected a column name after 'hint.shufflekey='".to_owned()
                })?;
                (rest, HintKind::ShuffleKey(column))
            }
            "hint.num_partitions" => {
                let (rest, (value, span)) = require(number_literal(after_eq), after_eq, || {
                    "expected a number after 'hint.num_partitions='".to_owned()
                })?;
                match value {
                    crate::ast::Literal::Long(n) if n > 0 => (rest, HintKind::NumPartitions(n)),
                    _ => {
                        return Err(syntax_failure(
                            "hint.num_partitions takes a positive whole number",
                            span,
                        ));
                    }
                }
            }
            _ => {
                return Err(nom::Err::Failure(crate::parser::lexical::SyntaxError::new(
                    crate::Diagnostic::syntax(format!("unknown hint '{hint_name}'"), name_span)
                        .with_help(
                            "summarize and distinct take hint.strategy, hint.shufflekey and \
                             hint.num_partitions",
                        ),
                )));
            }
        };
        hints.push(OperatorHint {
            kind,
            span: span_from(name_span.start, rest),
        });
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

/// `hint.strategy=shuffle`, `hint.shufflekey=k`, `hint.num_partitions=4`.
impl fmt::Display for OperatorHint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            HintKind::Strategy(s) => write!(f, "hint.strategy={s}"),
            HintKind::ShuffleKey(k) => write!(f, "hint.shufflekey={k}"),
            HintKind::NumPartitions(n) => write!(f, "hint.num_partitions={n}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::DiagnosticKind::Syntax;
    use crate::ast::{HintKind, OperatorKind};
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
        let query = parse_query("T | summarize hint.shufflekey=['a b'] count()").unwrap();
        let OperatorKind::Summarize(s) = &query.body.operators[0].kind else {
            panic!()
        };
        assert!(matches!(&s.hints[0].kind, HintKind::ShuffleKey(k) if k.name == "a b"));
    }

    #[test]
    fn hint_errors() {
        assert_error(
            "T | summarize «hint.foo» = 1 count()",
            Syntax,
            "unknown hint 'hint.foo'",
        );
        assert_error(
            "T | summarize hint.strategy «shuffle» count()",
            Syntax,
            "expected '=' after 'hint.strategy'",
        );
        assert_error(
            "T | summarize hint.num_partitions = «0» count()",
            Syntax,
            "hint.num_partitions takes a positive whole number",
        );
        assert_error(
            "T | summarize (a, b) = «|»",
            Syntax,
            "expected an aggregate after the names",
        );
    }
}
