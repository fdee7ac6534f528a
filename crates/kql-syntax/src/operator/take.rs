//! `take` (alias `limit`): keep the first N rows.

use super::OperatorName;
use crate::ast::{Expr, OperatorKind};
use crate::parser::expr::expression;
use crate::parser::lexical::require;
use crate::parser::{Input, PResult};
use std::fmt;

/// `take N` / `limit N`: at most N rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Take {
    /// The row count.
    pub count: Expr,
}

/// `take` / `limit`: keep the first N rows.
///
/// ```ebnf
/// take_operator ::= ("take" | "limit") expression
/// ```
pub(crate) fn take_operator(name: OperatorName, input: Input<'_>) -> PResult<'_, OperatorKind> {
    let (rest, count) = require(expression(input), input, || {
        format!("expected a row count after '{name}'")
    })?;
    Ok((rest, OperatorKind::Take(Take { count })))
}

/// `take <count>` (never `limit`).
impl fmt::Display for Take {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "take {}", self.count)
    }
}
