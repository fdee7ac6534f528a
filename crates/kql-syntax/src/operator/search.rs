//! `search`: the rows in which a term or predicate is found, as an operator (`T | search
//! "err"`) and as a source over several tables (`search in (T, U*) "err"`, `search "err"`).
//!
//! The search predicate is its own small language (search-operator.md): a bare string is a
//! term looked up in every column (`has`, or `hasprefix`/`hassuffix`/`contains`/`matches regex`
//! by where its `*`s are), `Column:"term"` looks in one column, `* has "x"` applies a string
//! operator to every column, `*` alone matches every row, and anything else is an ordinary
//! comparison (`Col == "x"`, `n > 5`); `and`, `or`, `not(…)` and parentheses combine them.

use super::OperatorName;
use super::operand::{OperatorParameter, ParameterValue, operator_parameters};
use super::union::{UnionLeg, union_leg};
use super::write_list;
use crate::ast::{BinaryOp, Expr, Ident, Literal, OperatorKind, StringOp};
use crate::parser::comparison::{ComparisonTail, comparison_expression, comparison_operator};
use crate::parser::lexical::{
    SyntaxError, expected_failure, keyword, name, nested, punct, require, span_from, ws,
};
use crate::parser::string::{starts_string_part, string_literal};
use crate::parser::{Input, PResult};
use crate::{Diagnostic, Span};
use std::fmt;

/// `search [kind=…] [in (legs)] predicate`.
#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    /// `kind=case_sensitive`: every string test is case-sensitive. `default` and
    /// `case_insensitive` (the same) leave it false.
    pub case_sensitive: bool,
    /// `kind=…` as written, for `Display`.
    pub kind: Option<String>,
    /// `in (T, U*, (…))` of the source form: the tables searched. `None` for the operator form
    /// and for a search over every table.
    pub tables: Option<Vec<UnionLeg>>,
    /// What is looked for.
    pub predicate: SearchPredicate,
    /// From `search` to the end of the predicate.
    pub span: Span,
}

/// A search predicate.
#[derive(Debug, Clone, PartialEq)]
pub enum SearchPredicate {
    /// `"term"`: the term in any column; `*` in it picks the string operator.
    Term {
        /// The term, `*`s included.
        text: String,
        /// Where it is.
        span: Span,
    },
    /// `Column:"term"`: the term in one column.
    ColumnTerm {
        /// The column.
        column: Ident,
        /// The term, `*`s included.
        text: String,
        /// From the column to the term.
        span: Span,
    },
    /// `* has "x"`: a string operator applied to every column.
    AnyColumn {
        /// The operator.
        op: StringOp,
        /// Its right side.
        value: String,
        /// From `*` to the value.
        span: Span,
    },
    /// `*`: every row.
    All(Span),
    /// An ordinary predicate: `Col == "x"`, `n > 5`.
    Expr(Expr),
    /// `a and b and …`.
    And(Vec<SearchPredicate>),
    /// `a or b or …`.
    Or(Vec<SearchPredicate>),
    /// `not(p)`.
    Not(Box<SearchPredicate>, Span),
    /// `(p)`.
    Paren(Box<SearchPredicate>, Span),
}

impl SearchPredicate {
    /// The text the predicate came from.
    pub fn span(&self) -> Span {
        match self {
            SearchPredicate::Term { span, .. }
            | SearchPredicate::ColumnTerm { span, .. }
            | SearchPredicate::AnyColumn { span, .. }
            | SearchPredicate::All(span)
            | SearchPredicate::Not(_, span)
            | SearchPredicate::Paren(_, span) => *span,
            SearchPredicate::Expr(e) => e.span,
            SearchPredicate::And(items) | SearchPredicate::Or(items) => {
                items[0].span().to(items[items.len() - 1].span())
            }
        }
    }
}

/// `search` after a `|`: the input's rows that match.
///
/// ```ebnf
/// search_operator  ::= "search" [operator_parameter] search_predicate
/// search_source    ::= "search" [operator_parameter] ["in" "(" union_leg ("," union_leg)* ")"]
///                      search_predicate
/// search_predicate ::= search_and ("or" search_and)*
/// search_and       ::= search_term ("and" search_term)*
/// search_term      ::= "not" "(" search_predicate ")" | "(" search_predicate ")"
///                    | string_literal | "*" [string_operator string_literal]
///                    | name ":" string_literal | comparison_expression
/// ```
///
/// The one parameter is `kind=default|case_insensitive|case_sensitive`. `search_source` is
/// the same operator as a query's source (a pipeline may start with it).
pub(crate) fn search_operator(name: OperatorName, input: Input<'_>) -> PResult<'_, OperatorKind> {
    let start = input.location_offset() - name.0.len();
    let (rest, search) = search_tail(start, input, false)?;
    Ok((rest, OperatorKind::Search(search)))
}

/// What follows the `search` keyword that starts at byte `start`; `source` allows `in (…)`.
pub(crate) fn search_tail(start: usize, input: Input<'_>, source: bool) -> PResult<'_, Search> {
    let (mut rest, parameters) = operator_parameters(input)?;
    let mut case_sensitive = false;
    let mut kind = None;
    for parameter in &parameters {
        match (parameter.name.as_str(), &parameter.value) {
            ("kind", ParameterValue::Word(w))
                if ["default", "case_insensitive", "case_sensitive"].contains(&w.as_str())
                    && kind.is_none() =>
            {
                case_sensitive = w == "case_sensitive";
                kind = Some(w.clone());
            }
            _ => return Err(bad_parameter(parameter)),
        }
    }
    let mut tables = None;
    if let Ok((after_in, in_span)) = keyword("in")(rest) {
        if !source {
            return Err(nom::Err::Failure(SyntaxError::new(
                Diagnostic::syntax("'search in (…)' cannot follow a '|'", in_span).with_help(
                    "search's input is either the rows before '|' or the tables of 'in (…)'",
                ),
            )));
        }
        let (after_open, open) = require(punct("(")(after_in), after_in, || {
            "expected '(' after 'in'".to_owned()
        })?;
        let (after_legs, legs) = nested(after_open, open, |mut inner| {
            let mut legs = Vec::new();
            loop {
                let (after, leg) = require(union_leg(inner), inner, || {
                    "expected a table, a wildcard such as 'T*' or a parenthesised query in \
                     'search in (…)'"
                        .to_owned()
                })?;
                legs.push(leg);
                inner = after;
                match punct(",")(inner) {
                    Ok((after_comma, _)) => inner = after_comma,
                    Err(_) => return Ok((inner, legs)),
                }
            }
        })?;
        let (after_close, _) = require(punct(")")(after_legs), after_legs, || {
            "expected ',' or ')' after a table of 'search in (…)'".to_owned()
        })?;
        tables = Some(legs);
        rest = after_close;
    }
    let (rest, predicate) = require(search_predicate(rest), rest, || {
        "expected a search term or predicate after 'search'".to_owned()
    })?;
    Ok((
        rest,
        Search {
            case_sensitive,
            kind,
            tables,
            predicate,
            span: span_from(start, rest),
        },
    ))
}

/// The error for a parameter `search` does not take.
fn bad_parameter(parameter: &OperatorParameter) -> nom::Err<SyntaxError> {
    let diagnostic = if parameter.name == "kind" {
        Diagnostic::syntax(
            format!("unknown search kind '{}'", parameter.value),
            parameter.value_span,
        )
        .with_help("search takes kind=default, kind=case_insensitive or kind=case_sensitive")
    } else {
        Diagnostic::syntax(
            format!("unknown search parameter '{}'", parameter.name),
            parameter.name_span,
        )
        .with_help("search takes one parameter, kind=")
    };
    nom::Err::Failure(SyntaxError::new(diagnostic))
}

/// `or` of `and`s of terms.
fn search_predicate(input: Input<'_>) -> PResult<'_, SearchPredicate> {
    chain(input, "or", search_and, SearchPredicate::Or)
}

/// `and` of terms.
fn search_and(input: Input<'_>) -> PResult<'_, SearchPredicate> {
    chain(input, "and", search_term, SearchPredicate::And)
}

/// `item (word item)*`, flat.
fn chain<'a>(
    input: Input<'a>,
    word: &'static str,
    item: fn(Input<'a>) -> PResult<'a, SearchPredicate>,
    wrap: fn(Vec<SearchPredicate>) -> SearchPredicate,
) -> PResult<'a, SearchPredicate> {
    let (mut rest, first) = item(input)?;
    let mut items = vec![first];
    while let Ok((after_word, _)) = keyword(word)(rest) {
        let (after, next) = require(item(after_word), after_word, || {
            format!("expected a search term or predicate after '{word}'")
        })?;
        items.push(next);
        rest = after;
    }
    if items.len() == 1 {
        Ok((rest, items.pop().expect("one item")))
    } else {
        Ok((rest, wrap(items)))
    }
}

/// One term of a search predicate.
fn search_term(input: Input<'_>) -> PResult<'_, SearchPredicate> {
    let (at, ()) = ws(input)?;
    let start = at.location_offset();
    if let Ok((after_not, _)) = keyword("not")(at)
        && let Ok((after_open, open)) = punct("(")(after_not)
    {
        let (rest, inner) = nested(after_open, open, |i| {
            require(search_predicate(i), i, || {
                "expected a search predicate after 'not('".to_owned()
            })
        })?;
        let (rest, _) = require(punct(")")(rest), rest, || {
            "expected ')' to close 'not('".to_owned()
        })?;
        return Ok((
            rest,
            SearchPredicate::Not(Box::new(inner), span_from(start, rest)),
        ));
    }
    if let Ok((after_open, open)) = punct("(")(at) {
        let (rest, inner) = nested(after_open, open, |i| {
            require(search_predicate(i), i, || {
                "expected a search predicate after '('".to_owned()
            })
        })?;
        let (rest, _) = require(punct(")")(rest), rest, || {
            "expected ')' to close the parenthesised search predicate".to_owned()
        })?;
        return Ok((
            rest,
            SearchPredicate::Paren(Box::new(inner), span_from(start, rest)),
        ));
    }
    if starts_string_part(at.fragment()) {
        let (rest, (text, span)) = string_literal(at)?;
        if comparison_operator(rest).is_none() {
            return Ok((rest, SearchPredicate::Term { text, span }));
        }
    }
    if let Ok((after_star, star)) = punct("*")(at) {
        let Some((after_op, tail, symbol, op_span)) = comparison_operator(after_star) else {
            return Ok((after_star, SearchPredicate::All(star)));
        };
        let ComparisonTail::Binary(BinaryOp::String(op)) = tail else {
            return Err(nom::Err::Failure(SyntaxError::new(
                Diagnostic::syntax(
                    format!("'{symbol}' cannot test every column ('*')"),
                    op_span,
                )
                .with_help("'*' takes a string operator: * has \"x\", * contains \"x\", …"),
            )));
        };
        if !starts_string_part(ws(after_op)?.0.fragment()) {
            return Err(expected_failure(
                &format!("expected a string after '* {symbol}'"),
                after_op,
            ));
        }
        let (rest, (value, _)) = string_literal(after_op)?;
        return Ok((
            rest,
            SearchPredicate::AnyColumn {
                op,
                value,
                span: span_from(start, rest),
            },
        ));
    }
    if let Ok((after_name, column)) = name(at)
        && let Ok((after_colon, _)) = punct(":")(after_name)
    {
        let (value_at, ()) = ws(after_colon)?;
        if !starts_string_part(value_at.fragment()) {
            return Err(expected_failure(
                &format!("expected a string after '{}:'", column.name),
                value_at,
            ));
        }
        let (rest, (text, _)) = string_literal(value_at)?;
        return Ok((
            rest,
            SearchPredicate::ColumnTerm {
                column,
                text,
                span: span_from(start, rest),
            },
        ));
    }
    let (rest, expr) = comparison_expression(at)?;
    Ok((rest, SearchPredicate::Expr(expr)))
}

/// `search kind=case_sensitive in (T, U*) "x" and Col == 1`.
impl fmt::Display for Search {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("search")?;
        if let Some(kind) = &self.kind {
            write!(f, " kind={kind}")?;
        }
        if let Some(tables) = &self.tables {
            f.write_str(" in (")?;
            write_list(f, tables)?;
            f.write_str(")")?;
        }
        write!(f, " {}", self.predicate)
    }
}

/// The predicate as written (canonical spacing).
impl fmt::Display for SearchPredicate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let string = |s: &str| Literal::String(s.to_owned());
        match self {
            SearchPredicate::Term { text, .. } => write!(f, "{}", string(text)),
            SearchPredicate::ColumnTerm { column, text, .. } => {
                write!(f, "{column}:{}", string(text))
            }
            SearchPredicate::AnyColumn { op, value, .. } => {
                write!(f, "* {op} {}", string(value))
            }
            SearchPredicate::All(_) => f.write_str("*"),
            SearchPredicate::Expr(e) => write!(f, "{e}"),
            SearchPredicate::And(items) | SearchPredicate::Or(items) => {
                let word = if matches!(self, SearchPredicate::And(_)) {
                    " and "
                } else {
                    " or "
                };
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(word)?;
                    }
                    write!(f, "{item}")?;
                }
                Ok(())
            }
            SearchPredicate::Not(inner, _) => write!(f, "not({inner})"),
            SearchPredicate::Paren(inner, _) => write!(f, "({inner})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SearchPredicate;
    use crate::ast::Source;
    use crate::parse_query;
    use crate::testing::assert_round_trip;

    #[test]
    fn predicates_nest_as_written() {
        let query = parse_query(r#"search "a" or "b" and c:"d""#).unwrap();
        let Source::Search(search) = &query.body.source else {
            panic!("a search source")
        };
        let SearchPredicate::Or(items) = &search.predicate else {
            panic!("or at the top")
        };
        assert!(matches!(items[0], SearchPredicate::Term { .. }));
        assert!(matches!(&items[1], SearchPredicate::And(inner) if inner.len() == 2));
        for text in [
            r#"search "x""#,
            r#"T | search kind=default * has_cs "x" or x == "y""#,
            r#"search in (T, U*) not(("a" or "b")) and *"#,
        ] {
            assert_eq!(assert_round_trip(text), text);
        }
    }
}
