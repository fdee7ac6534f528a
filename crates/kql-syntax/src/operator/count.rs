//! `count`: one row with one column `Count`, the number of input rows.

use super::OperatorName;
use crate::ast::OperatorKind;
use crate::parser::{Input, PResult};
use std::fmt;

/// `count`: the number of input rows, as one row with one column `Count`.
#[derive(Debug, Clone, PartialEq)]
pub struct Count;

/// `count`: the number of rows. Nothing follows the name.
///
/// ```ebnf
/// count_operator ::= "count"
/// ```
pub(crate) fn count_operator(_name: OperatorName, input: Input<'_>) -> PResult<'_, OperatorKind> {
    Ok((input, OperatorKind::Count(Count)))
}

/// `count`.
impl fmt::Display for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("count")
    }
}
