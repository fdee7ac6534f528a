//! `project-reorder`: move columns to the front, optionally ordering a pattern's matches.

use super::project_away::{ColumnPattern, column_pattern};
use super::{OperatorName, write_list};
use crate::Span;
use crate::ast::OperatorKind;
use crate::parser::lexical::{advance, is_word_char, punct, require, span_from, ws};
use crate::parser::{Input, PResult};
use std::fmt;

/// `project-reorder b, a* asc`: the listed columns first, then the others in input order.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectReorder {
    /// The columns or patterns, in the order they go first.
    pub columns: Vec<ReorderColumn>,
}

/// One column or pattern of `project-reorder`, with how to order a pattern's matches.
#[derive(Debug, Clone, PartialEq)]
pub struct ReorderColumn {
    /// The column or pattern.
    pub pattern: ColumnPattern,
    /// `asc`, `desc`, `granny-asc` or `granny-desc`; without it, a pattern's matches keep the
    /// input order.
    pub order: Option<ColumnOrder>,
    /// The pattern and its order.
    pub span: Span,
}

/// How `project-reorder` orders the columns a pattern matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnOrder {
    /// `asc`: by name, ignoring ASCII case.
    Asc,
    /// `desc`: by name, descending, ignoring ASCII case.
    Desc,
    /// `granny-asc`: by name, runs of digits compared as numbers (`a20` before `a100`).
    GrannyAsc,
    /// `granny-desc`: the reverse of `granny-asc`.
    GrannyDesc,
}

impl ColumnOrder {
    const ALL: [(&'static str, ColumnOrder); 4] = [
        ("granny-asc", ColumnOrder::GrannyAsc),
        ("granny-desc", ColumnOrder::GrannyDesc),
        ("asc", ColumnOrder::Asc),
        ("desc", ColumnOrder::Desc),
    ];
}

/// `project-reorder` ColumnNameOrPattern [`asc` | `desc` | `granny-asc` | `granny-desc`], ….
///
/// ```ebnf
/// project_reorder_operator ::= "project-reorder" reorder_column ("," reorder_column)*
/// reorder_column           ::= column_pattern ["asc" | "desc" | "granny-asc" | "granny-desc"]
/// ```
pub(crate) fn project_reorder_operator(
    name: OperatorName,
    input: Input<'_>,
) -> PResult<'_, OperatorKind> {
    let (mut rest, first) = require(reorder_column(input), input, || {
        format!("expected a column name or pattern after '{name}'")
    })?;
    let mut columns = vec![first];
    while let Ok((after_comma, _)) = punct(",")(rest) {
        let (after, column) = require(reorder_column(after_comma), after_comma, || {
            "expected a column name or pattern after ','".to_owned()
        })?;
        columns.push(column);
        rest = after;
    }
    Ok((
        rest,
        OperatorKind::ProjectReorder(ProjectReorder { columns }),
    ))
}

fn reorder_column(input: Input<'_>) -> PResult<'_, ReorderColumn> {
    let (rest, pattern) = column_pattern(input)?;
    let (at, ()) = ws(rest)?;
    let text: &str = at.fragment();
    for (word, order) in ColumnOrder::ALL {
        if text.starts_with(word) && !text[word.len()..].starts_with(is_word_char) {
            let (rest, _) = advance(at, word.len());
            let span = span_from(pattern.span().start, rest);
            let order = Some(order);
            return Ok((
                rest,
                ReorderColumn {
                    pattern,
                    order,
                    span,
                },
            ));
        }
    }
    let span = pattern.span();
    Ok((
        rest,
        ReorderColumn {
            pattern,
            order: None,
            span,
        },
    ))
}

/// `project-reorder b, a* asc`.
impl fmt::Display for ProjectReorder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("project-reorder ")?;
        write_list(f, &self.columns)
    }
}

/// `a* granny-asc`.
impl fmt::Display for ReorderColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.pattern)?;
        if let Some(order) = self.order {
            let word = ColumnOrder::ALL
                .iter()
                .find(|(_, o)| *o == order)
                .map_or("", |(w, _)| w);
            write!(f, " {word}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::ast::{ColumnOrder, ColumnPattern, OperatorKind};
    use crate::parse_query;
    use crate::testing::assert_round_trip;

    #[test]
    fn patterns_and_orders() {
        let text = "T | project-reorder b, a* asc, *x*y granny-desc, ['c*'] desc, ascii";
        let query = parse_query(text).unwrap();
        let OperatorKind::ProjectReorder(reorder) = &query.body.operators[0].kind else {
            panic!()
        };
        let got: Vec<(bool, &str, Option<ColumnOrder>)> = reorder
            .columns
            .iter()
            .map(|c| {
                let wildcard = matches!(c.pattern, ColumnPattern::Wildcard(_));
                (wildcard, c.pattern.text(), c.order)
            })
            .collect();
        assert_eq!(
            got,
            [
                (false, "b", None),
                (true, "a*", Some(ColumnOrder::Asc)),
                (true, "*x*y", Some(ColumnOrder::GrannyDesc)),
                (false, "c*", Some(ColumnOrder::Desc)),
                (false, "ascii", None),
            ]
        );
        assert_eq!(assert_round_trip(text), text);
        // A space ends a pattern: `a *` is not `a*`.
        assert!(parse_query("T | project-away a *").is_err());
    }
}
