//! `project-keep`: keep only the named columns (wildcards allowed), in input order.

use super::project_away::{ColumnPattern, column_pattern_list};
use super::{OperatorName, write_list};
use crate::ast::OperatorKind;
use crate::parser::{Input, PResult};
use std::fmt;

/// `project-keep a, b*`: the matching input columns, in input order.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectKeep {
    /// The columns or patterns to keep.
    pub columns: Vec<ColumnPattern>,
}

/// `project-keep` ColumnNameOrPattern, ….
///
/// ```ebnf
/// project_keep_operator ::= "project-keep" column_pattern ("," column_pattern)*
/// ```
pub(crate) fn project_keep_operator(
    name: OperatorName,
    input: Input<'_>,
) -> PResult<'_, OperatorKind> {
    let (rest, columns) = column_pattern_list(name, input)?;
    Ok((rest, OperatorKind::ProjectKeep(ProjectKeep { columns })))
}

/// `project-keep a, b*`.
impl fmt::Display for ProjectKeep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("project-keep ")?;
        write_list(f, &self.columns)
    }
}
