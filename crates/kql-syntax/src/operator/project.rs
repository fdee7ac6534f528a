//! `project`: choose, rename and compute the output columns.

use super::{named_expression_list, operator, write_list};
use crate::ast::{Operator, OperatorKind, ProjectItem};
use crate::parser::lexical::keyword;
use crate::parser::{Input, PResult};
use std::fmt;

/// `project a, b = c, d * 2`: the output columns, in order.
///
/// ```ebnf
/// project_operator ::= "project" named_expression_list
/// ```
pub(crate) fn project_operator(input: Input<'_>) -> PResult<'_, Operator> {
    let (after_kw, span) = keyword("project")(input)?;
    let (rest, items) =
        named_expression_list(after_kw, "expected a column or expression after 'project'")?;
    operator(span, rest, OperatorKind::Project(items))
}

/// `project a, b = c`.
pub(super) fn fmt_project(f: &mut fmt::Formatter<'_>, items: &[ProjectItem]) -> fmt::Result {
    f.write_str("project ")?;
    write_list(f, items)
}
