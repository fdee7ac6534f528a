//! `where` (alias `filter`): keep the rows for which a predicate is true.

use super::OperatorName;
use crate::ast::{Expr, OperatorKind};
use crate::parser::expr::expression;
use crate::parser::lexical::require;
use crate::parser::{Input, PResult};
use std::fmt;

/// `where Predicate` / `filter Predicate`: the rows whose predicate is true.
#[derive(Debug, Clone, PartialEq)]
pub struct Where {
    /// The predicate.
    pub predicate: Expr,
}

/// `where` / `filter`: keep the rows whose predicate is true.
///
/// ```ebnf
/// where_operator ::= ("where" | "filter") expression
/// ```
pub(crate) fn where_operator(name: OperatorName, input: Input<'_>) -> PResult<'_, OperatorKind> {
    let (rest, predicate) = require(expression(input), input, || {
        format!("expected an expression after '{name}'")
    })?;
    Ok((rest, OperatorKind::Where(Where { predicate })))
}

/// `where <predicate>` (never `filter`).
impl fmt::Display for Where {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "where {}", self.predicate)
    }
}
