//! `extend`: add computed columns.

use super::{OperatorName, named_expression_list, write_list};
use crate::ast::{OperatorKind, ProjectItem};
use crate::parser::{Input, PResult};
use std::fmt;

/// `extend b = expr, expr`: the input's columns plus computed ones.
#[derive(Debug, Clone, PartialEq)]
pub struct Extend {
    /// The new (or replaced) columns, in order.
    pub items: Vec<ProjectItem>,
}

/// `extend b = a * 2, a + 1`: append computed columns.
///
/// ```ebnf
/// extend_operator ::= "extend" named_expression_list
/// ```
pub(crate) fn extend_operator(_name: OperatorName, input: Input<'_>) -> PResult<'_, OperatorKind> {
    let (rest, items) =
        named_expression_list(input, "expected a column or expression after 'extend'")?;
    Ok((rest, OperatorKind::Extend(Extend { items })))
}

/// `extend b = a * 2, a + 1`.
impl fmt::Display for Extend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("extend ")?;
        write_list(f, &self.items)
    }
}
