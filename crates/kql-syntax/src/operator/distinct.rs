//! `distinct`: the distinct combinations of some columns or expressions, or of all columns.

use super::operand::OperatorParameter;
use super::summarize::operator_hints;
use super::{OperatorName, named_expression_list, write_list};
use crate::Span;
use crate::ast::{OperatorKind, ProjectItem};
use crate::parser::lexical::punct;
use crate::parser::{Input, PResult};
use std::fmt;

/// `distinct a, b = tolower(c)` / `distinct *`: the distinct combinations of the values.
#[derive(Debug, Clone, PartialEq)]
pub struct Distinct {
    /// `hint.strategy=shuffle` and the like: accepted, they do not change the result.
    pub hints: Vec<OperatorParameter>,
    /// The columns or expressions, or all columns.
    pub columns: DistinctColumns,
}

/// The columns of `distinct`.
#[derive(Debug, Clone, PartialEq)]
pub enum DistinctColumns {
    /// `distinct *`: every column (the span of the `*`).
    All(Span),
    /// `distinct a, n = tolower(b)`: columns and named or unnamed expressions, named like
    /// `project` items.
    Items(Vec<ProjectItem>),
}

/// `distinct a, b` / `distinct *`; Kusto.Language also takes expressions, named like `project`
/// items (`distinct k = tolower(Name)`).
///
/// ```ebnf
/// distinct_operator ::= "distinct" operator_hint* ("*" | named_expression_list)
/// ```
pub(crate) fn distinct_operator(
    _name: OperatorName,
    input: Input<'_>,
) -> PResult<'_, OperatorKind> {
    let (input, hints) = operator_hints(input)?;
    if let Ok((rest, star)) = punct("*")(input) {
        let columns = DistinctColumns::All(star);
        return Ok((rest, OperatorKind::Distinct(Distinct { hints, columns })));
    }
    let (rest, items) = named_expression_list(
        input,
        "expected a column, an expression or '*' after 'distinct'",
    )?;
    let columns = DistinctColumns::Items(items);
    Ok((rest, OperatorKind::Distinct(Distinct { hints, columns })))
}

/// `distinct *` / `distinct hint.strategy=shuffle a, b`.
impl fmt::Display for Distinct {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("distinct")?;
        for hint in &self.hints {
            write!(f, " {hint}")?;
        }
        match &self.columns {
            DistinctColumns::All(_) => f.write_str(" *"),
            DistinctColumns::Items(items) => {
                f.write_str(" ")?;
                write_list(f, items)
            }
        }
    }
}
