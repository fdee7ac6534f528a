//! `count`: one row with one column `Count`, the number of input rows.

use super::operator;
use crate::ast::{Operator, OperatorKind};
use crate::parser::lexical::keyword;
use crate::parser::{Input, PResult};
use std::fmt;

/// `count`: the number of rows.
///
/// ```ebnf
/// count_operator ::= "count"
/// ```
pub(crate) fn count_operator(input: Input<'_>) -> PResult<'_, Operator> {
    let (rest, span) = keyword("count")(input)?;
    operator(span, rest, OperatorKind::Count)
}

/// `count`.
pub(super) fn fmt_count(f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str("count")
}
