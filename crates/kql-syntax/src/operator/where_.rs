//! `where` (alias `filter`): keep the rows for which a predicate is true.

use super::operator;
use crate::ast::{Expr, Operator, OperatorKind};
use crate::parser::expr::expression;
use crate::parser::lexical::{keyword, require};
use crate::parser::{Input, PResult};
use std::fmt;

/// `where` / `filter`: keep the rows whose predicate is true.
///
/// ```ebnf
/// where_operator ::= ("where" | "filter") expression
/// ```
pub(crate) fn where_operator(input: Input<'_>) -> PResult<'_, Operator> {
    let (after_kw, (kw, span)) = match keyword("where")(input) {
        Ok((rest, span)) => (rest, ("where", span)),
        Err(_) => {
            let (rest, span) = keyword("filter")(input)?;
            (rest, ("filter", span))
        }
    };
    let (rest, predicate) = require(expression(after_kw), after_kw, || {
        format!("expected an expression after '{kw}'")
    })?;
    operator(span, rest, OperatorKind::Where(predicate))
}

/// `where <predicate>`.
pub(super) fn fmt_where(f: &mut fmt::Formatter<'_>, predicate: &Expr) -> fmt::Result {
    write!(f, "where {predicate}")
}
