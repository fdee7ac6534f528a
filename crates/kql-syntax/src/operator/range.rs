//! The `range` source: `range x from 1 to 10 step 2`, one column of evenly spaced values.

use crate::Span;
use crate::ast::{Expr, Ident};
use crate::parser::expr::expression;
use crate::parser::lexical::{keyword, name, require, span_from};
use crate::parser::{Input, PResult};
use std::fmt;

/// `range Column from Start to Stop step Step`.
#[derive(Debug, Clone, PartialEq)]
pub struct Range {
    /// The name of the one output column.
    pub column: Ident,
    /// The first value.
    pub from: Expr,
    /// The bound on the last value (inclusive).
    pub to: Expr,
    /// The difference between consecutive values.
    pub step: Expr,
    /// From `range` to the end of the step.
    pub span: Span,
}

/// `range`: a table of one column, `from`, `from + step`, … while not past `to`.
///
/// ```ebnf
/// range_source ::= "range" name "from" expression "to" expression "step" expression
/// ```
pub(crate) fn range_source(input: Input<'_>) -> PResult<'_, Range> {
    let (after_kw, kw) = keyword("range")(input)?;
    let (after_name, column) = require(name(after_kw), after_kw, || {
        "expected a column name after 'range'".to_owned()
    })?;
    let (after_from, _) = require(keyword("from")(after_name), after_name, || {
        format!("expected 'from' after 'range {column}'")
    })?;
    let (after_start, from) = require(expression(after_from), after_from, || {
        "expected the first value after 'from'".to_owned()
    })?;
    let (after_to, _) = require(keyword("to")(after_start), after_start, || {
        "expected 'to' after the first value of 'range'".to_owned()
    })?;
    let (after_stop, to) = require(expression(after_to), after_to, || {
        "expected the last value after 'to'".to_owned()
    })?;
    let (after_step, _) = require(keyword("step")(after_stop), after_stop, || {
        "expected 'step' after the last value of 'range'".to_owned()
    })?;
    let (rest, step) = require(expression(after_step), after_step, || {
        "expected the step after 'step'".to_owned()
    })?;
    Ok((
        rest,
        Range {
            column,
            from,
            to,
            step,
            span: span_from(kw.start, rest),
        },
    ))
}

/// `range x from 1 to 10 step 1`.
impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "range {} from {} to {} step {}",
            self.column, self.from, self.to, self.step
        )
    }
}
