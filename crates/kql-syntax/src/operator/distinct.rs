//! `distinct`: the distinct combinations of some columns, or of all of them.

use super::{operator, write_list};
use crate::ast::{DistinctColumns, Operator, OperatorKind};
use crate::parser::lexical::{expected_failure, keyword, name, punct, require};
use crate::parser::{Input, PResult};
use std::fmt;

/// `distinct a, b` / `distinct *`.
///
/// ```ebnf
/// distinct_operator ::= "distinct" ("*" | name ("," name)*)
/// ```
pub(crate) fn distinct_operator(input: Input<'_>) -> PResult<'_, Operator> {
    let (after_kw, span) = keyword("distinct")(input)?;
    if let Ok((rest, star)) = punct("*")(after_kw) {
        return operator(
            span,
            rest,
            OperatorKind::Distinct(DistinctColumns::All(star)),
        );
    }
    let (mut rest, first) = require(name(after_kw), after_kw, || {
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
    operator(
        span,
        rest,
        OperatorKind::Distinct(DistinctColumns::Columns(columns)),
    )
}

/// `*` or `a, b` (the columns only, without `distinct`).
impl fmt::Display for DistinctColumns {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DistinctColumns::All(_) => f.write_str("*"),
            DistinctColumns::Columns(columns) => write_list(f, columns),
        }
    }
}
