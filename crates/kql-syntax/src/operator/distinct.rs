//! `distinct`: the distinct combinations of some columns, or of all of them.

use super::OperatorName;
use super::write_list;
use crate::Span;
use crate::ast::{Ident, OperatorKind};
use crate::parser::lexical::{expected_failure, name, punct, require};
use crate::parser::{Input, PResult};
use std::fmt;

/// `distinct a, b` / `distinct *`: the distinct combinations of the columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Distinct {
    /// The columns, or all of them.
    pub columns: DistinctColumns,
}

/// The columns of `distinct`.
#[derive(Debug, Clone, PartialEq)]
pub enum DistinctColumns {
    /// `distinct *`: every column (the span of the `*`).
    All(Span),
    /// `distinct a, b`.
    Columns(Vec<Ident>),
}

/// `distinct a, b` / `distinct *`.
///
/// ```ebnf
/// distinct_operator ::= "distinct" ("*" | name ("," name)*)
/// ```
pub(crate) fn distinct_operator(
    _name: OperatorName,
    input: Input<'_>,
) -> PResult<'_, OperatorKind> {
    let distinct = |rest, columns| Ok((rest, OperatorKind::Distinct(Distinct { columns })));
    if let Ok((rest, star)) = punct("*")(input) {
        return distinct(rest, DistinctColumns::All(star));
    }
    let (mut rest, first) = require(name(input), input, || {
        "expected a column name or '*' after 'distinct'".to_owned()
    })?;
    let mut columns = vec![first];
    while let Ok((after_comma, _)) = punct(",")(rest) {
        let Ok((after_name, column)) = name(after_comma) else {
            return Err(expected_failure(
                "expected a column name after ','; 'distinct' takes column names only",
                after_comma,
            ));
        };
        columns.push(column);
        rest = after_name;
    }
    distinct(rest, DistinctColumns::Columns(columns))
}

/// `distinct *` / `distinct a, b`.
impl fmt::Display for Distinct {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("distinct ")?;
        match &self.columns {
            DistinctColumns::All(_) => f.write_str("*"),
            DistinctColumns::Columns(columns) => write_list(f, columns),
        }
    }
}
