//! `take` (alias `limit`): keep the first N rows.

use super::operator;
use crate::ast::{Expr, Operator, OperatorKind};
use crate::parser::expr::expression;
use crate::parser::lexical::{keyword, require};
use crate::parser::{Input, PResult};
use std::fmt;

/// `take` / `limit`: keep the first N rows.
///
/// ```ebnf
/// take_operator ::= ("take" | "limit") expression
/// ```
pub(crate) fn take_operator(input: Input<'_>) -> PResult<'_, Operator> {
    let (after_kw, (kw, span)) = match keyword("take")(input) {
        Ok((rest, span)) => (rest, ("take", span)),
        Err(_) => {
            let (rest, span) = keyword("limit")(input)?;
            (rest, ("limit", span))
        }
    };
    let (rest, count) = require(expression(after_kw), after_kw, || {
        format!("expected a row count after '{kw}'")
    })?;
    operator(span, rest, OperatorKind::Take(count))
}

/// `take <count>`.
pub(super) fn fmt_take(f: &mut fmt::Formatter<'_>, count: &Expr) -> fmt::Result {
    write!(f, "take {count}")
}
