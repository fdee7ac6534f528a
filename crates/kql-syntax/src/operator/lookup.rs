//! `lookup`: extend each left row with the columns of its matching right rows (a join whose
//! right key columns are not repeated), `kind=leftouter` (default) or `kind=inner`.

use super::OperatorName;
use super::join::{JoinCondition, join_conditions};
use super::operand::{TabularOperand, operator_parameters, tabular_operand};
use super::write_list;
use crate::Diagnostic;
use crate::ast::OperatorKind;
use crate::parser::lexical::{SyntaxError, require};
use crate::parser::{Input, PResult};
use std::fmt;

/// `lookup kind=… (Right) on conditions`.
#[derive(Debug, Clone, PartialEq)]
pub struct Lookup {
    /// `kind=…` if written; the default is `leftouter`.
    pub kind: Option<LookupKind>,
    /// The right side (`$right`), the dimension table.
    pub right: TabularOperand,
    /// The `on` conditions, all of which must hold.
    pub conditions: Vec<JoinCondition>,
}

/// The two lookup kinds (`lookup-operator.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LookupKind {
    /// `leftouter` (the default): every left row; unmatched ones get nulls.
    LeftOuter,
    /// `inner`: only left rows that match.
    Inner,
}

impl LookupKind {
    /// The canonical name.
    pub fn name(self) -> &'static str {
        match self {
            LookupKind::LeftOuter => "leftouter",
            LookupKind::Inner => "inner",
        }
    }
}

/// `lookup`: extend rows with looked-up columns.
///
/// ```ebnf
/// lookup_operator ::= "lookup" operator_parameter* tabular_operand join_conditions
/// ```
///
/// The only parameter is `kind=leftouter|inner`.
pub(crate) fn lookup_operator(name: OperatorName, input: Input<'_>) -> PResult<'_, OperatorKind> {
    let (rest, parameters) = operator_parameters(input)?;
    let mut kind = None;
    for parameter in parameters {
        let diagnostic = if parameter.name == "kind" {
            match parameter.value.as_text() {
                Some("leftouter") => {
                    kind = Some(LookupKind::LeftOuter);
                    continue;
                }
                Some("inner") => {
                    kind = Some(LookupKind::Inner);
                    continue;
                }
                _ => Diagnostic::syntax(
                    format!("unknown lookup kind '{}'", parameter.value),
                    parameter.value_span,
                )
                .with_help("lookup supports kind=leftouter (the default) and kind=inner"),
            }
        } else {
            Diagnostic::syntax(
                format!("unknown {name} parameter '{}'", parameter.name),
                parameter.name_span,
            )
            .with_help("lookup takes only kind=leftouter or kind=inner")
        };
        return Err(nom::Err::Failure(SyntaxError::new(diagnostic)));
    }
    let (rest, right) = require(tabular_operand(rest), rest, || {
        format!("expected the right side of '{name}': a table or a parenthesised query")
    })?;
    let (rest, conditions) = join_conditions(name, rest)?;
    Ok((
        rest,
        OperatorKind::Lookup(Lookup {
            kind,
            right,
            conditions,
        }),
    ))
}

/// `lookup kind=inner (T) on a, $left.b == $right.c`.
impl fmt::Display for Lookup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("lookup ")?;
        if let Some(kind) = self.kind {
            write!(f, "kind={} ", kind.name())?;
        }
        write!(f, "{} on ", self.right)?;
        write_list(f, &self.conditions)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DiagnosticKind::Syntax;
    use crate::parse_query;
    use crate::testing::{assert_error, assert_round_trip};

    #[test]
    fn kinds_and_conditions() {
        let query = parse_query("T | lookup kind=inner (U) on a, $left.b == $right.c").unwrap();
        let OperatorKind::Lookup(lookup) = &query.body.operators[0].kind else {
            panic!("a lookup")
        };
        assert_eq!(lookup.kind, Some(LookupKind::Inner));
        assert_eq!(lookup.conditions.len(), 2);
        assert_round_trip("T | lookup U on a");
        assert_round_trip("T | lookup kind=leftouter (U | take 1) on $left.a == $right.b");
        assert_error(
            "T | lookup kind=«innerunique» U on a",
            Syntax,
            "unknown lookup kind 'innerunique'",
        );
        assert_error(
            "T | lookup «hint.strategy»=broadcast U on a",
            Syntax,
            "unknown lookup parameter 'hint.strategy'",
        );
        assert_error("T | lookup U «|» take 1", Syntax, "expected 'on'");
    }
}
