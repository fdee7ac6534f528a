//! `facet by Column`: the values a column takes, each with its number of rows.
//!
//! Kusto's `facet` returns several result tables: one per column of `by`, and one more for a
//! `with (…)` clause. kqlake returns one table per query, so it implements the one-table form
//! exactly (`facet by Column`, a table of `Column` and `count_Column`) and rejects several
//! columns and `with` by name.

use super::OperatorName;
use crate::ast::{Ident, OperatorKind};
use crate::parser::lexical::{SyntaxError, keyword, name, punct, require, span_from};
use crate::parser::{Input, PResult};
use crate::{Diagnostic, Span};
use std::fmt;

/// `facet by Column`.
#[derive(Debug, Clone, PartialEq)]
pub struct Facet {
    /// The column whose values are counted.
    pub column: Ident,
}

/// `facet by` one column.
///
/// ```ebnf
/// facet_operator ::= "facet" "by" name
/// ```
///
/// Valid KQL that kqlake rejects by name, because each would be a result table of its own: more
/// columns (`facet by a, b`) and a `with (…)` or `with operator` clause.
pub(crate) fn facet_operator(name_: OperatorName, input: Input<'_>) -> PResult<'_, OperatorKind> {
    let (after_by, _) = require(keyword("by")(input), input, || {
        format!("expected 'by' after '{name_}'")
    })?;
    let (rest, column) = require(name(after_by), after_by, || {
        "expected a column name after 'by'".to_owned()
    })?;
    if let Ok((after_comma, comma)) = punct(",")(rest) {
        let mut end = rest;
        let mut tail = after_comma;
        while let Ok((after, _)) = name(tail) {
            end = after;
            match punct(",")(after) {
                Ok((next, _)) => tail = next,
                Err(_) => break,
            }
        }
        return Err(several_tables(
            "facet by several columns",
            span_from(comma.start, end),
            "run one facet per column: `T | facet by a`, then `T | facet by b`",
        ));
    }
    if let Ok((_, with)) = keyword("with")(rest) {
        return Err(several_tables(
            "facet's 'with' clause",
            with,
            "run the 'with' pipeline as a query of its own",
        ));
    }
    Ok((rest, OperatorKind::Facet(Facet { column })))
}

/// "… is not supported yet", explaining that it returns several result tables.
fn several_tables(what: &str, span: Span, help: &str) -> nom::Err<SyntaxError> {
    nom::Err::Failure(SyntaxError::new(
        Diagnostic::unsupported(what, span)
            .with_note(
                "it returns a result table per column (and one for 'with'); kqlake returns one \
                 table per query",
            )
            .with_help(help),
    ))
}

/// `facet by Column`.
impl fmt::Display for Facet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "facet by {}", self.column)
    }
}
