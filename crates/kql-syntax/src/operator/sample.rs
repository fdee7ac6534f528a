//! `sample N`: up to N rows picked at random.

use super::OperatorName;
use crate::ast::{Expr, OperatorKind};
use crate::parser::expr::expression;
use crate::parser::lexical::require;
use crate::parser::{Input, PResult};
use std::fmt;

/// `sample 10`: up to 10 random rows of the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// The row count.
    pub count: Expr,
}

/// `sample` NumberOfRows.
///
/// ```ebnf
/// sample_operator ::= "sample" expression
/// ```
pub(crate) fn sample_operator(name: OperatorName, input: Input<'_>) -> PResult<'_, OperatorKind> {
    let (rest, count) = require(expression(input), input, || {
        format!("expected a row count after '{name}'")
    })?;
    Ok((rest, OperatorKind::Sample(Sample { count })))
}

/// `sample 10`.
impl fmt::Display for Sample {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sample {}", self.count)
    }
}
