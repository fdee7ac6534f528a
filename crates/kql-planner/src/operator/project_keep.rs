//! `project-keep a, b*`: only the matching input columns, in input order.

use super::project_away::pattern_columns;
use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation};
use kql_syntax::Diagnostic;
use kql_syntax::ast::ProjectKeep;

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `project-keep`.
    pub(crate) fn project_keep_to_plan(
        &self,
        keep: &ProjectKeep,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        let mut kept = vec![false; input.columns.len()];
        for pattern in &keep.columns {
            for i in pattern_columns(pattern, &input.columns)? {
                kept[i] = true;
            }
        }
        let columns = input
            .columns
            .iter()
            .zip(&kept)
            .filter(|(_, k)| **k)
            .map(|(c, _)| c.clone())
            .collect();
        input.select(columns)
    }
}
