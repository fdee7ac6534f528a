//! `extend`: add computed columns.

use super::{named_expression_list, operator, write_list};
use crate::ast::{Operator, OperatorKind, ProjectItem};
use crate::parser::lexical::keyword;
use crate::parser::{Input, PResult};
use std::fmt;

/// `extend b = a * 2, a + 1`: append computed columns.
///
/// ```ebnf
/// extend_operator ::= "extend" named_expression_list
/// ```
pub(crate) fn extend_operator(input: Input<'_>) -> PResult<'_, Operator> {
    let (after_kw, span) = keyword("extend")(input)?;
    let (rest, items) =
        named_expression_list(after_kw, "expected a column or expression after 'extend'")?;
    operator(span, rest, OperatorKind::Extend(items))
}

/// `extend b = a * 2`.
pub(super) fn fmt_extend(f: &mut fmt::Formatter<'_>, items: &[ProjectItem]) -> fmt::Result {
    f.write_str("extend ")?;
    write_list(f, items)
}
