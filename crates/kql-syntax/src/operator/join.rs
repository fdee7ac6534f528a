//! `join`: merge the rows of two tables on equal key columns, in one of Kusto's nine kinds.
//!
//! The `on` conditions (`on Key`, `on $left.a == $right.b`, several separated by `,` or `and`)
//! are shared with `lookup`, which parses them with [`join_conditions`].

use super::OperatorName;
use super::operand::{OperatorParameter, TabularOperand, operator_parameters, tabular_operand};
use super::write_list;
use crate::Diagnostic;
use crate::Span;
use crate::ast::{Ident, OperatorKind};
use crate::parser::lexical::{
    SyntaxError, expected_failure, keyword, name, punct, require, span_from, syntax_failure,
    unsupported_failure,
};
use crate::parser::{Input, PResult};
use std::fmt;

/// `join kind=… hints (Right) on conditions`.
#[derive(Debug, Clone, PartialEq)]
pub struct Join {
    /// `kind=…` if written; the default is `innerunique`.
    pub kind: Option<JoinKind>,
    /// `hint.strategy=…`, `hint.shufflekey=…`, `hint.remote=…`, `hint.num_partitions=…`: kept
    /// for `Display`; they change how Kusto distributes the work, never the result.
    pub hints: Vec<OperatorParameter>,
    /// The right side (`$right`).
    pub right: TabularOperand,
    /// The `on` conditions, all of which must hold.
    pub conditions: Vec<JoinCondition>,
}

/// The join kinds (`join-operator.md`), with their canonical names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinKind {
    /// `innerunique` (the default): inner join after keeping one left row per key.
    InnerUnique,
    /// `inner`: every matching pair.
    Inner,
    /// `leftouter`: every left row, matched or not.
    LeftOuter,
    /// `rightouter`: every right row, matched or not.
    RightOuter,
    /// `fullouter`: every row of both sides.
    FullOuter,
    /// `leftsemi`: left rows that have a match; left columns only.
    LeftSemi,
    /// `leftanti` (also `anti`, `leftantisemi`): left rows without a match; left columns only.
    LeftAnti,
    /// `rightsemi`: right rows that have a match; right columns only.
    RightSemi,
    /// `rightanti` (also `rightantisemi`): right rows without a match; right columns only.
    RightAnti,
}

impl JoinKind {
    /// The kind spelled `text` (Kusto's kind names are case-sensitive).
    fn from_name(text: &str) -> Option<JoinKind> {
        Some(match text {
            "innerunique" => JoinKind::InnerUnique,
            "inner" => JoinKind::Inner,
            "leftouter" => JoinKind::LeftOuter,
            "rightouter" => JoinKind::RightOuter,
            "fullouter" => JoinKind::FullOuter,
            "leftsemi" => JoinKind::LeftSemi,
            "leftanti" | "anti" | "leftantisemi" => JoinKind::LeftAnti,
            "rightsemi" => JoinKind::RightSemi,
            "rightanti" | "rightantisemi" => JoinKind::RightAnti,
            _ => return None,
        })
    }

    /// The canonical name.
    pub fn name(self) -> &'static str {
        match self {
            JoinKind::InnerUnique => "innerunique",
            JoinKind::Inner => "inner",
            JoinKind::LeftOuter => "leftouter",
            JoinKind::RightOuter => "rightouter",
            JoinKind::FullOuter => "fullouter",
            JoinKind::LeftSemi => "leftsemi",
            JoinKind::LeftAnti => "leftanti",
            JoinKind::RightSemi => "rightsemi",
            JoinKind::RightAnti => "rightanti",
        }
    }
}

/// One `on` condition of `join` or `lookup`.
#[derive(Debug, Clone, PartialEq)]
pub enum JoinCondition {
    /// `on Key`: a column of this name on both sides, equal.
    Column(Ident),
    /// `on $left.a == $right.b`.
    Equality {
        /// The left side's column.
        left: Ident,
        /// The right side's column.
        right: Ident,
        /// From `$left` to the right column.
        span: Span,
    },
}

impl JoinCondition {
    /// The condition's text span.
    pub fn span(&self) -> Span {
        match self {
            JoinCondition::Column(name) => name.span,
            JoinCondition::Equality { span, .. } => *span,
        }
    }
}

/// The join hints Kusto knows (`QueryOperatorParameters.JoinParameters` in Kusto.Language).
const JOIN_HINTS: &[&str] = &[
    "hint.remote",
    "hint.strategy",
    "hint.shufflekey",
    "hint.num_partitions",
];

/// Every spelling of a join kind, for messages.
const JOIN_KIND_NAMES: &str = "innerunique, inner, leftouter, rightouter, fullouter, leftsemi, \
                               leftanti (anti, leftantisemi), rightsemi, rightanti (rightantisemi)";

/// `join`: merge two tables on equal keys.
///
/// ```ebnf
/// join_operator ::= "join" operator_parameter* tabular_operand "on" join_conditions
/// ```
///
/// Parameters: `kind=` one of the join kinds, and the hints `hint.remote`, `hint.strategy`,
/// `hint.shufflekey`, `hint.num_partitions`.
pub(crate) fn join_operator(name: OperatorName, input: Input<'_>) -> PResult<'_, OperatorKind> {
    let (rest, parameters) = operator_parameters(input)?;
    let mut kind = None;
    let mut hints = Vec::new();
    for parameter in parameters {
        match parameter.name.as_str() {
            "kind" => {
                let parsed = parameter.value.as_text().and_then(JoinKind::from_name);
                match parsed {
                    Some(k) => kind = Some(k),
                    None => {
                        return Err(bad_value(
                            format!("unknown join kind '{}'", parameter.value),
                            parameter.value_span,
                            format!("the kinds are {JOIN_KIND_NAMES}"),
                        ));
                    }
                }
            }
            hint if JOIN_HINTS.contains(&hint) => hints.push(parameter),
            other => {
                return Err(bad_value(
                    format!("unknown {name} parameter '{other}'"),
                    parameter.name_span,
                    format!("{name} takes kind= and the hints {}", JOIN_HINTS.join(", ")),
                ));
            }
        }
    }
    let (rest, right) = require(tabular_operand(rest), rest, || {
        format!("expected the right side of '{name}': a table or a parenthesised query")
    })?;
    let (rest, conditions) = join_conditions(name, rest)?;
    Ok((
        rest,
        OperatorKind::Join(Join {
            kind,
            hints,
            right,
            conditions,
        }),
    ))
}

/// A syntax error about a parameter, with a help line.
fn bad_value(message: String, span: Span, help: String) -> nom::Err<SyntaxError> {
    nom::Err::Failure(SyntaxError::new(
        Diagnostic::syntax(message, span).with_help(help),
    ))
}

/// `on` and the conditions of `join` or `lookup`; several are separated by `,` or `and`.
///
/// ```ebnf
/// join_conditions ::= "on" join_condition (("," | "and") join_condition)*
/// ```
///
/// `join … where predicate` (a non-equality join) is valid KQL, rejected by name.
pub(crate) fn join_conditions<'a>(
    name: OperatorName,
    input: Input<'a>,
) -> PResult<'a, Vec<JoinCondition>> {
    let Ok((after_on, _)) = keyword("on")(input) else {
        if let Ok((_, span)) = keyword("where")(input) {
            return Err(unsupported_failure(
                format!("a '{name} … where' condition"),
                span,
            ));
        }
        return Err(expected_failure(
            &format!("expected 'on' and the key columns after the right side of '{name}'"),
            input,
        ));
    };
    let (mut rest, first) = require(join_condition(after_on), after_on, || {
        "expected a key column or '$left.column == $right.column' after 'on'".to_owned()
    })?;
    let mut conditions = vec![first];
    loop {
        let after_separator = match punct(",")(rest) {
            Ok((after, _)) => after,
            Err(_) => match keyword("and")(rest) {
                Ok((after, _)) => after,
                Err(_) => return Ok((rest, conditions)),
            },
        };
        let (after, condition) = require(join_condition(after_separator), after_separator, || {
            "expected a key column or '$left.column == $right.column'".to_owned()
        })?;
        conditions.push(condition);
        rest = after;
    }
}

/// One condition: a column both sides have, or `$left.a == $right.b`.
///
/// ```ebnf
/// join_condition ::= "$left" "." name "==" "$right" "." name | name
/// ```
pub(crate) fn join_condition(input: Input<'_>) -> PResult<'_, JoinCondition> {
    if let Ok((after_dollar, dollar)) = punct("$")(input) {
        let (rest, left) = side_column(after_dollar, "left", dollar)?;
        let (rest, _) = require(punct("==")(rest), rest, || {
            "expected '==' after '$left.column' (join conditions are equalities)".to_owned()
        })?;
        let (after_dollar, right_dollar) = require(punct("$")(rest), rest, || {
            "expected '$right.column' after '=='".to_owned()
        })?;
        let (rest, right) = side_column(after_dollar, "right", right_dollar)?;
        let span = span_from(dollar.start, rest);
        return Ok((rest, JoinCondition::Equality { left, right, span }));
    }
    let (rest, column) = name(input)?;
    Ok((rest, JoinCondition::Column(column)))
}

/// `left.column` or `right.column` after a `$` at `dollar`: the side must be `side`.
fn side_column<'a>(input: Input<'a>, side: &str, dollar: Span) -> PResult<'a, Ident> {
    let written = crate::parser::lexical::word(input).ok();
    match written {
        Some((rest, (text, span))) if text == side && span.start == dollar.end => {
            let (rest, _) = require(punct(".")(rest), rest, || {
                format!("expected '.' and a column after '${side}'")
            })?;
            require(name(rest), rest, || {
                format!("expected a column name after '${side}.'")
            })
        }
        Some((_, (text, span))) if span.start == dollar.end => Err(syntax_failure(
            format!("expected '${side}' here, found '${text}'"),
            dollar.to(span),
        )),
        _ => Err(syntax_failure(
            format!("expected '${side}' after '$'"),
            dollar,
        )),
    }
}

/// `join kind=inner hint.strategy=broadcast (T) on a, $left.b == $right.c`.
impl fmt::Display for Join {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("join ")?;
        if let Some(kind) = self.kind {
            write!(f, "kind={} ", kind.name())?;
        }
        for hint in &self.hints {
            write!(f, "{hint} ")?;
        }
        write!(f, "{} on ", self.right)?;
        write_list(f, &self.conditions)
    }
}

/// `Key` or `$left.a == $right.b`.
impl fmt::Display for JoinCondition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JoinCondition::Column(name) => write!(f, "{name}"),
            JoinCondition::Equality { left, right, .. } => {
                write!(f, "$left.{left} == $right.{right}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DiagnosticKind::{Syntax, Unsupported};
    use crate::parse_query;
    use crate::testing::{assert_error, assert_round_trip};

    fn join(text: &str) -> Join {
        let query = parse_query(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        match query.body.operators.into_iter().next().map(|o| o.kind) {
            Some(OperatorKind::Join(join)) => join,
            other => panic!("not a join: {other:?}"),
        }
    }

    #[test]
    fn kinds_aliases_and_default() {
        assert_eq!(join("T | join (U) on k").kind, None);
        for (written, kind) in [
            ("innerunique", JoinKind::InnerUnique),
            ("inner", JoinKind::Inner),
            ("leftouter", JoinKind::LeftOuter),
            ("rightouter", JoinKind::RightOuter),
            ("fullouter", JoinKind::FullOuter),
            ("leftsemi", JoinKind::LeftSemi),
            ("leftanti", JoinKind::LeftAnti),
            ("anti", JoinKind::LeftAnti),
            ("leftantisemi", JoinKind::LeftAnti),
            ("rightsemi", JoinKind::RightSemi),
            ("rightanti", JoinKind::RightAnti),
            ("rightantisemi", JoinKind::RightAnti),
        ] {
            let text = format!("T | join kind = {written} U on k");
            assert_eq!(join(&text).kind, Some(kind), "{text}");
            assert_eq!(
                assert_round_trip(&text),
                format!("T | join kind={} U on k", kind.name())
            );
        }
    }

    #[test]
    fn conditions_and_hints() {
        let text = "T | join hint.remote=left hint.strategy=broadcast (U | where x > 1) \
                    on a, $left.b == $right.c and ['d e']";
        let j = join(text);
        assert_eq!(j.hints.len(), 2);
        assert!(j.right.parenthesized);
        assert_eq!(j.right.span.text(text), "(U | where x > 1)");
        assert_eq!(j.conditions.len(), 3);
        let JoinCondition::Equality { left, right, span } = &j.conditions[1] else {
            panic!("an equality")
        };
        assert_eq!((left.name.as_str(), right.name.as_str()), ("b", "c"));
        assert_eq!(span.text(text), "$left.b == $right.c");
        assert_eq!(
            assert_round_trip(text),
            "T | join hint.remote=left hint.strategy=broadcast (U | where x > 1) on a, \
             $left.b == $right.c, ['d e']"
        );
        // A bare right side is a source: a table name or a datatable.
        let j = join("T | join datatable(k: long) [1] on k");
        assert!(!j.right.parenthesized);
        assert_round_trip("T | join datatable(k: long) [1] on k | take 1");
    }

    #[test]
    fn errors_point_at_the_fault() {
        assert_error(
            "T | join kind=«Inner» U on k",
            Syntax,
            "unknown join kind 'Inner'",
        );
        assert_error(
            "T | join «hint.spread»=2 U on k",
            Syntax,
            "unknown join parameter 'hint.spread'",
        );
        assert_error(
            "T | join «on» k",
            Syntax,
            "expected the right side of 'join': a table or a parenthesised query, found 'on'",
        );
        assert_error("T | join U «»", Syntax, "expected 'on' and the key columns");
        assert_error(
            "T | join U on «»",
            Syntax,
            "expected a key column or '$left.column == $right.column' after 'on'",
        );
        assert_error(
            "T | join U on $left.a «<» $right.b",
            Syntax,
            "expected '==' after '$left.column'",
        );
        assert_error(
            "T | join U on «$right» .a == $left.b",
            Syntax,
            "expected '$left' here, found '$right'",
        );
        assert_error(
            "T | join U on $left.a == «$left».b",
            Syntax,
            "expected '$right' here, found '$left'",
        );
        assert_error(
            "T | join U «where» $left.a < $right.b",
            Unsupported,
            "a 'join … where' condition is not supported yet",
        );
        assert_error("T | join U on a, «»", Syntax, "expected a key column");
        let deep = format!(
            "T | join {}U{} on k",
            "(U | join ".repeat(70),
            ") on k".repeat(70)
        );
        assert_eq!(
            parse_query(&deep).unwrap_err().message,
            "expression nested too deeply"
        );
    }
}
