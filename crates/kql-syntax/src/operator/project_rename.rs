//! `project-rename`: rename columns in place.

use super::{OperatorName, write_list};
use crate::ast::{Ident, OperatorKind};
use crate::parser::lexical::{SyntaxError, expected_failure, name, punct, require, ws};
use crate::parser::{Input, PResult};
use crate::{Diagnostic, Span};
use std::fmt;

/// `project-rename new_a = a, new_b = b`: the input's columns in their order, some renamed.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectRename {
    /// The renames, in order.
    pub renames: Vec<Rename>,
}

/// `NewName = ExistingName`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rename {
    /// The new name.
    pub new_name: Ident,
    /// The column renamed.
    pub column: Ident,
    /// From the new name to the column.
    pub span: Span,
}

/// `project-rename` NewColumnName `=` ExistingColumnName, ….
///
/// ```ebnf
/// project_rename_operator ::= "project-rename" rename ("," rename)*
/// rename                  ::= name "=" name
/// ```
pub(crate) fn project_rename_operator(
    op: OperatorName,
    input: Input<'_>,
) -> PResult<'_, OperatorKind> {
    let (mut rest, first) = require(rename(input), input, || {
        format!("expected 'NewName = ExistingName' after '{op}'")
    })?;
    let mut renames = vec![first];
    while let Ok((after_comma, _)) = punct(",")(rest) {
        let (after, item) = require(rename(after_comma), after_comma, || {
            "expected 'NewName = ExistingName' after ','".to_owned()
        })?;
        renames.push(item);
        rest = after;
    }
    Ok((rest, OperatorKind::ProjectRename(ProjectRename { renames })))
}

fn rename(input: Input<'_>) -> PResult<'_, Rename> {
    let (after_name, new_name) = name(input)?;
    let Ok((after_eq, _)) = punct("=")(after_name) else {
        return Err(expected_failure(
            &format!(
                "expected '=' after '{new_name}': project-rename takes NewName = ExistingName"
            ),
            after_name,
        ));
    };
    let (rest, column) = require(name(after_eq), after_eq, || {
        format!("expected the name of an existing column after '{new_name} ='")
    })?;
    if let Ok((next, ())) = ws(rest)
        && next.starts_with(['(', '.', '['])
    {
        return Err(nom::Err::Failure(SyntaxError::new(
            Diagnostic::syntax(
                "project-rename takes an existing column's name, not an expression",
                column.span,
            )
            .with_help(format!("compute it with extend {new_name} = …")),
        )));
    }
    let span = new_name.span.to(column.span);
    Ok((
        rest,
        Rename {
            new_name,
            column,
            span,
        },
    ))
}

/// `project-rename a = b, c = d`.
impl fmt::Display for ProjectRename {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("project-rename ")?;
        write_list(f, &self.renames)
    }
}

/// `new = old`.
impl fmt::Display for Rename {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} = {}", self.new_name, self.column)
    }
}
