//! `project`: choose, rename and compute the output columns.

use super::{OperatorName, named_expression_list, write_list};
use crate::ast::{OperatorKind, ProjectItem};
use crate::parser::{Input, PResult};
use std::fmt;

/// `project a, b = expr, expr`: exactly these columns, in this order.
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    /// The output columns, in order.
    pub items: Vec<ProjectItem>,
}

/// `project a, b = c, d * 2`: the output columns, in order.
///
/// ```ebnf
/// project_operator ::= "project" named_expression_list
/// ```
pub(crate) fn project_operator(_name: OperatorName, input: Input<'_>) -> PResult<'_, OperatorKind> {
    let (rest, items) =
        named_expression_list(input, "expected a column or expression after 'project'")?;
    Ok((rest, OperatorKind::Project(Project { items })))
}

/// `project a, b = c`.
impl fmt::Display for Project {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("project ")?;
        write_list(f, &self.items)
    }
}
