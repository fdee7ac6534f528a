//! `take N` / `limit N`: at most N rows (which ones is unspecified unless the input is sorted).

use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation, internal};
use kql_syntax::Diagnostic;
use kql_syntax::ast::Take;

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `take`.
    pub(crate) fn take_to_plan(
        &self,
        take: &Take,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        let n = self.row_count(&take.count, "take", &input.columns)?;
        let plan = input
            .builder()
            .limit(0, Some(n))
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation {
            plan,
            columns: input.columns,
        })
    }
}
