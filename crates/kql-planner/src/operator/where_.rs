//! `where Predicate`: keep the rows for which the predicate is true (null counts as false).

use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation, internal};
use kql_syntax::Diagnostic;
use kql_syntax::ast::Where;

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `where`.
    pub(crate) fn where_to_plan(
        &self,
        where_: &Where,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        let predicate = self.predicate_to_df(&where_.predicate, &input.columns)?;
        let plan = input
            .builder()
            .filter(predicate)
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation {
            plan,
            columns: input.columns,
        })
    }
}
