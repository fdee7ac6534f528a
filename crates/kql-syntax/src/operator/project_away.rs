//! `project-away`: drop the named columns (wildcards allowed); and the column patterns that
//! `project-away`, `project-keep` and `project-reorder` share.

use super::{OperatorName, write_list};
use crate::Span;
use crate::ast::{Ident, OperatorKind};
use crate::parser::lexical::{advance, is_word_char, name, punct, require, ws};
use crate::parser::{Input, PResult};
use std::fmt;

/// `project-away a, b*`: every input column except the matching ones, in input order.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectAway {
    /// The columns or patterns to drop.
    pub columns: Vec<ColumnPattern>,
}

/// A column name or a wildcard pattern, in `project-away`, `project-keep` and
/// `project-reorder`.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnPattern {
    /// `Col`, `['a b']`: exactly this column (a `*` inside brackets is an ordinary character).
    Name(Ident),
    /// `session*`, `*Id`, `a*b*`: every column the pattern matches, `*` standing for any run of
    /// characters (case-sensitive). The pattern text is `Ident::name`.
    Wildcard(Ident),
}

impl ColumnPattern {
    /// The name or pattern as written (brackets removed).
    pub fn text(&self) -> &str {
        match self {
            ColumnPattern::Name(ident) | ColumnPattern::Wildcard(ident) => &ident.name,
        }
    }

    /// Where it was written.
    pub fn span(&self) -> Span {
        match self {
            ColumnPattern::Name(ident) | ColumnPattern::Wildcard(ident) => ident.span,
        }
    }
}

/// `project-away` ColumnNameOrPattern, ….
///
/// ```ebnf
/// project_away_operator ::= "project-away" column_pattern ("," column_pattern)*
/// ```
pub(crate) fn project_away_operator(
    name: OperatorName,
    input: Input<'_>,
) -> PResult<'_, OperatorKind> {
    let (rest, columns) = column_pattern_list(name, input)?;
    Ok((rest, OperatorKind::ProjectAway(ProjectAway { columns })))
}

/// One or more column patterns after `name`, separated by commas.
pub(crate) fn column_pattern_list<'a>(
    name: OperatorName,
    input: Input<'a>,
) -> PResult<'a, Vec<ColumnPattern>> {
    let (mut rest, first) = require(column_pattern(input), input, || {
        format!("expected a column name or pattern after '{name}'")
    })?;
    let mut columns = vec![first];
    while let Ok((after_comma, _)) = punct(",")(rest) {
        let (after, column) = require(column_pattern(after_comma), after_comma, || {
            "expected a column name or pattern after ','".to_owned()
        })?;
        columns.push(column);
        rest = after;
    }
    Ok((rest, columns))
}

/// A column name, or a pattern with `*` written without spaces: it starts with `*` or a word
/// directly followed by `*`, and continues with words, digits and `*`.
///
/// ```ebnf
/// column_pattern ::= wildcard_pattern | name
/// wildcard_pattern ::= ("*" | word "*") ([A-Za-z0-9_] | "*")*
/// ```
pub(crate) fn column_pattern(input: Input<'_>) -> PResult<'_, ColumnPattern> {
    let (at, ()) = ws(input)?;
    let text: &str = at.fragment();
    let word_len = if text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        text.find(|c: char| !is_word_char(c)).unwrap_or(text.len())
    } else {
        0
    };
    if text[word_len..].starts_with('*') {
        let len = text
            .find(|c: char| !is_word_char(c) && c != '*')
            .unwrap_or(text.len());
        let (rest, span) = advance(at, len);
        let pattern = Ident {
            name: text[..len].to_owned(),
            span,
        };
        return Ok((rest, ColumnPattern::Wildcard(pattern)));
    }
    let (rest, ident) = name(at)?;
    Ok((rest, ColumnPattern::Name(ident)))
}

/// `project-away a, b*`.
impl fmt::Display for ProjectAway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("project-away ")?;
        write_list(f, &self.columns)
    }
}

/// A name as `Ident` prints it (bracketed when needed); a pattern as written.
impl fmt::Display for ColumnPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ColumnPattern::Name(ident) => write!(f, "{ident}"),
            ColumnPattern::Wildcard(pattern) => f.write_str(&pattern.name),
        }
    }
}
