//! `project-away a, b*`: every input column except the matching ones, in input order; and the
//! column patterns (`session*`) that `project-keep` and `project-reorder` share.

use super::union::wildcard_matches;
use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::{Column, lookup};
use kql_syntax::Diagnostic;
use kql_syntax::ast::{ColumnPattern, ProjectAway};

/// The indexes of the input columns `pattern` stands for, in input order: the named column,
/// or every column a wildcard matches. Matching nothing is an error, as in Kusto.Language.
pub(crate) fn pattern_columns(
    pattern: &ColumnPattern,
    columns: &[Column],
) -> Result<Vec<usize>, Diagnostic> {
    match pattern {
        ColumnPattern::Name(ident) => {
            lookup(columns, &ident.name, ident.span)?;
            Ok(columns
                .iter()
                .position(|c| c.name == ident.name)
                .into_iter()
                .collect())
        }
        ColumnPattern::Wildcard(pattern) => {
            let matched: Vec<usize> = (0..columns.len())
                .filter(|&i| wildcard_matches(&pattern.name, &columns[i].name))
                .collect();
            if matched.is_empty() {
                return Err(Diagnostic::semantic(
                    format!("'{}' matches no column", pattern.name),
                    pattern.span,
                )
                .with_label("no column of the input matches")
                .with_help("'*' stands for any characters; names are case-sensitive"));
            }
            Ok(matched)
        }
    }
}

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `project-away`.
    pub(crate) fn project_away_to_plan(
        &self,
        away: &ProjectAway,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        let mut drop = vec![false; input.columns.len()];
        for pattern in &away.columns {
            for i in pattern_columns(pattern, &input.columns)? {
                drop[i] = true;
            }
        }
        let kept: Vec<Column> = input
            .columns
            .iter()
            .zip(&drop)
            .filter(|(_, d)| !**d)
            .map(|(c, _)| c.clone())
            .collect();
        if kept.is_empty() {
            let span = away.columns[0]
                .span()
                .to(away.columns[away.columns.len() - 1].span());
            return Err(Diagnostic::semantic(
                "project-away would remove every column",
                span,
            ));
        }
        input.select(kept)
    }
}

impl Relation {
    /// The relation with only `columns` (input columns, by name), in that order.
    pub(crate) fn select(self, columns: Vec<Column>) -> Result<Relation, Diagnostic> {
        let plan = self
            .builder()
            .project(columns.iter().map(Column::reference))
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation { plan, columns })
    }
}
