//! `union`: the rows of several tables, as an operator (`T | union U, V`) and as a source
//! (`union T, U`). Legs are table names, wildcards over table names (`AmlCompute*`) and
//! parenthesised queries; columns are matched by name and type (in the planner).

use super::OperatorName;
use super::operand::{
    OperatorParameter, ParameterValue, TabularOperand, operator_parameters, parenthesized_pipeline,
    tabular_operand,
};
use super::write_list;
use crate::ast::{Ident, OperatorKind, Pipeline};
use crate::parser::lexical::{SyntaxError, advance, punct, require, span_from, ws};
use crate::parser::{Input, PResult};
use crate::{Diagnostic, Span};
use std::fmt;

/// `union kind=… withsource=C isfuzzy=… legs`.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// `kind=inner|outer` if written; the default is `outer`.
    pub kind: Option<UnionKind>,
    /// `withsource=C`: a first column `C` naming each row's leg.
    pub with_source: Option<Ident>,
    /// `isfuzzy=true|false` if written: with `true`, legs naming no table are skipped.
    pub is_fuzzy: Option<bool>,
    /// `hint.concurrency=…`, `hint.spread=…`: kept for `Display`; they never change the result.
    pub hints: Vec<OperatorParameter>,
    /// The legs after the parameters (the operator form's input comes first, implicitly).
    pub legs: Vec<UnionLeg>,
    /// From `union` to the last leg.
    pub span: Span,
}

/// `kind=inner` / `kind=outer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnionKind {
    /// `inner`: only the columns every leg has.
    Inner,
    /// `outer` (the default): every column of every leg; missing cells are null.
    Outer,
}

/// One leg of `union`.
#[derive(Debug, Clone, PartialEq)]
pub enum UnionLeg {
    /// A table name or a parenthesised query.
    Operand(TabularOperand),
    /// Every table whose name matches a pattern with `*`: `AmlCompute*`, `*Events`, `*`.
    Wildcard {
        /// The pattern as written.
        pattern: String,
        /// Where it is.
        span: Span,
    },
}

/// Parameters `union` accepts besides `kind`, `withsource` and `isfuzzy` (Kusto.Language's
/// `UnionParameters`): hints that never change the result.
const UNION_HINTS: &[&str] = &["hint.concurrency", "hint.spread"];

/// `union` after a `|`: its input is the first leg.
///
/// ```ebnf
/// union_operator ::= "union" operator_parameter* union_leg ("," union_leg)*
/// ```
///
/// Parameters: `kind=inner|outer`, `withsource=Column` (alias `with_source`),
/// `isfuzzy=true|false`, `hint.concurrency=…`, `hint.spread=…`. The same production is a
/// source (`union T, U`).
pub(crate) fn union_operator(name: OperatorName, input: Input<'_>) -> PResult<'_, OperatorKind> {
    let start = input.location_offset() - name.0.len();
    let (rest, union) = union_tail(start, input)?;
    Ok((rest, OperatorKind::Union(union)))
}

/// What follows the `union` keyword that starts at byte `start`.
pub(crate) fn union_tail(start: usize, input: Input<'_>) -> PResult<'_, Union> {
    let (mut rest, parameters) = operator_parameters(input)?;
    let mut union = Union {
        kind: None,
        with_source: None,
        is_fuzzy: None,
        hints: Vec::new(),
        legs: Vec::new(),
        span: Span::new(start, start),
    };
    for parameter in parameters {
        let accepted = match (parameter.name.as_str(), &parameter.value) {
            ("kind", ParameterValue::Word(w)) if w == "inner" => {
                union.kind = Some(UnionKind::Inner);
                true
            }
            ("kind", ParameterValue::Word(w)) if w == "outer" => {
                union.kind = Some(UnionKind::Outer);
                true
            }
            ("withsource" | "with_source", ParameterValue::Word(w)) => {
                union.with_source = Some(Ident {
                    name: w.clone(),
                    span: parameter.value_span,
                });
                true
            }
            ("isfuzzy", ParameterValue::Bool(b)) => {
                union.is_fuzzy = Some(*b);
                true
            }
            (hint, _) if UNION_HINTS.contains(&hint) => {
                union.hints.push(parameter.clone());
                true
            }
            _ => false,
        };
        if !accepted {
            return Err(bad_parameter(&parameter));
        }
    }
    loop {
        let (after, leg) = require(union_leg(rest), rest, || {
            "expected a table, a wildcard such as 'T*' or a parenthesised query in 'union'"
                .to_owned()
        })?;
        union.legs.push(leg);
        rest = after;
        match punct(",")(rest) {
            Ok((after_comma, _)) => rest = after_comma,
            Err(_) => break,
        }
    }
    union.span = span_from(start, rest);
    Ok((rest, union))
}

/// The error for a parameter `union` does not take, or a value it cannot have.
fn bad_parameter(parameter: &OperatorParameter) -> nom::Err<SyntaxError> {
    let diagnostic = match parameter.name.as_str() {
        "kind" => Diagnostic::syntax(
            format!("unknown union kind '{}'", parameter.value),
            parameter.value_span,
        )
        .with_help("union supports kind=outer (the default) and kind=inner"),
        "withsource" | "with_source" => Diagnostic::syntax(
            format!("expected a column name after '{}='", parameter.name),
            parameter.value_span,
        ),
        "isfuzzy" => Diagnostic::syntax(
            format!(
                "expected true or false after 'isfuzzy=', found '{}'",
                parameter.value
            ),
            parameter.value_span,
        ),
        other => Diagnostic::syntax(
            format!("unknown union parameter '{other}'"),
            parameter.name_span,
        )
        .with_help(
            "union takes kind=, withsource=, isfuzzy= and the hints hint.concurrency, hint.spread",
        ),
    };
    nom::Err::Failure(SyntaxError::new(diagnostic))
}

/// One leg: a parenthesised query, a wildcard over table names, or a table name.
///
/// ```ebnf
/// union_leg     ::= parenthesized_pipeline | wildcard_name | tabular_operand
/// wildcard_name ::= [A-Za-z0-9_*]+      (* at least one "*", starting with a letter, "_" or "*" *)
/// ```
pub(crate) fn union_leg(input: Input<'_>) -> PResult<'_, UnionLeg> {
    let (at, ()) = ws(input)?;
    if at.starts_with('(') {
        let (rest, (pipeline, span)) = parenthesized_pipeline(at)?;
        return Ok((
            rest,
            UnionLeg::Operand(TabularOperand {
                pipeline: Box::new(pipeline),
                parenthesized: true,
                span,
            }),
        ));
    }
    let text: &str = at.fragment();
    let len = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '*'))
        .unwrap_or(text.len());
    let candidate = &text[..len];
    if candidate.contains('*') && !candidate.starts_with(|c: char| c.is_ascii_digit()) {
        let (rest, span) = advance(at, len);
        return Ok((
            rest,
            UnionLeg::Wildcard {
                pattern: candidate.to_owned(),
                span,
            },
        ));
    }
    let (rest, operand) = tabular_operand(at)?;
    Ok((rest, UnionLeg::Operand(operand)))
}

impl UnionLeg {
    /// The leg's span.
    pub fn span(&self) -> Span {
        match self {
            UnionLeg::Operand(operand) => operand.span,
            UnionLeg::Wildcard { span, .. } => *span,
        }
    }

    /// The leg as a pipeline, unless it is a wildcard.
    pub fn pipeline(&self) -> Option<&Pipeline> {
        match self {
            UnionLeg::Operand(operand) => Some(&operand.pipeline),
            UnionLeg::Wildcard { .. } => None,
        }
    }
}

/// `union kind=inner withsource=C isfuzzy=true T, (U | take 1), V*`.
impl fmt::Display for Union {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("union ")?;
        match self.kind {
            Some(UnionKind::Inner) => f.write_str("kind=inner ")?,
            Some(UnionKind::Outer) => f.write_str("kind=outer ")?,
            None => {}
        }
        if let Some(column) = &self.with_source {
            write!(f, "withsource={} ", column.name)?;
        }
        if let Some(fuzzy) = self.is_fuzzy {
            write!(f, "isfuzzy={fuzzy} ")?;
        }
        for hint in &self.hints {
            write!(f, "{hint} ")?;
        }
        write_list(f, &self.legs)
    }
}

/// A leg as written (a wildcard keeps its pattern).
impl fmt::Display for UnionLeg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnionLeg::Operand(operand) => write!(f, "{operand}"),
            UnionLeg::Wildcard { pattern, .. } => f.write_str(pattern),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DiagnosticKind::Syntax;
    use crate::ast::Source;
    use crate::parse_query;
    use crate::testing::{assert_error, assert_round_trip};

    #[test]
    fn source_and_operator_forms() {
        let text = "union withsource=Src kind=inner isfuzzy=True T, (U | take 1), Aml*, *Events \
                    | union V";
        let query = parse_query(text).unwrap();
        let Source::Union(union) = &query.body.source else {
            panic!("a union source")
        };
        assert_eq!(union.kind, Some(UnionKind::Inner));
        assert_eq!(union.is_fuzzy, Some(true));
        let source = union.with_source.as_ref().expect("withsource");
        assert_eq!(
            (source.name.as_str(), source.span.text(text)),
            ("Src", "Src")
        );
        let legs: Vec<String> = union
            .legs
            .iter()
            .map(|l| l.span().text(text).to_owned())
            .collect();
        assert_eq!(legs, ["T", "(U | take 1)", "Aml*", "*Events"]);
        assert!(matches!(&union.legs[2], UnionLeg::Wildcard { pattern, .. } if pattern == "Aml*"));
        assert_eq!(
            union.span.text(text),
            &text[..text.find(" | union").unwrap()]
        );
        assert_eq!(query.body.span.text(text), text);
        let OperatorKind::Union(op) = &query.body.operators[0].kind else {
            panic!("a union operator")
        };
        assert_eq!(op.legs.len(), 1);
        assert_eq!(op.span.text(text), "union V");
        assert_eq!(
            assert_round_trip(text),
            "union kind=inner withsource=Src isfuzzy=true T, (U | take 1), Aml*, *Events | union V"
        );
        assert_round_trip("union *");
        assert_round_trip("union with_source=S T");
        assert_round_trip("T | union hint.concurrency=2 (print x = 1), ['a b']");
    }

    #[test]
    fn errors_point_at_the_fault() {
        assert_error("union kind=«left» T", Syntax, "unknown union kind 'left'");
        assert_error(
            "union isfuzzy=«yes» T",
            Syntax,
            "expected true or false after 'isfuzzy=', found 'yes'",
        );
        assert_error(
            "union withsource=«\"S\"» T",
            Syntax,
            "expected a column name after 'withsource='",
        );
        assert_error(
            "union T, «»",
            Syntax,
            "expected a table, a wildcard such as 'T*' or a parenthesised query",
        );
        assert_error("union T, («)»", Syntax, "expected a table name, found ')'");
    }
}
