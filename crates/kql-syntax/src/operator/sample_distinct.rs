//! `sample-distinct N of Column`: up to N distinct values of one column.

use super::OperatorName;
use crate::ast::{Expr, Ident, OperatorKind};
use crate::parser::expr::expression;
use crate::parser::lexical::{expected_failure, keyword, name, require};
use crate::parser::{Input, PResult};
use std::fmt;

/// `sample-distinct 10 of State`: one column, up to 10 of its distinct values.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleDistinct {
    /// How many values.
    pub count: Expr,
    /// The column sampled.
    pub column: Ident,
}

/// `sample-distinct` NumberOfValues `of` ColumnName.
///
/// ```ebnf
/// sample_distinct_operator ::= "sample-distinct" expression "of" name
/// ```
pub(crate) fn sample_distinct_operator(
    op: OperatorName,
    input: Input<'_>,
) -> PResult<'_, OperatorKind> {
    let (rest, count) = require(expression(input), input, || {
        format!("expected a number of values after '{op}'")
    })?;
    let Ok((after_of, _)) = keyword("of")(rest) else {
        return Err(expected_failure(
            &format!("expected 'of' after the number of values of '{op}'"),
            rest,
        ));
    };
    let (rest, column) = require(name(after_of), after_of, || {
        "expected a column name after 'of'".to_owned()
    })?;
    Ok((
        rest,
        OperatorKind::SampleDistinct(SampleDistinct { count, column }),
    ))
}

/// `sample-distinct 10 of State`.
impl fmt::Display for SampleDistinct {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sample-distinct {} of {}", self.count, self.column)
    }
}
