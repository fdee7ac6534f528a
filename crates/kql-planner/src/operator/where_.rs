//! `where Predicate`: keep the rows for which the predicate is true (null counts as false).
//! The predicate may use window functions on serialized input (`window.rs`).

use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation, internal};
use crate::window::keep_columns;
use datafusion::logical_expr::LogicalPlanBuilder;
use kql_syntax::Diagnostic;
use kql_syntax::ast::Where;

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `where`.
    pub(crate) fn where_to_plan(
        &self,
        where_: &Where,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        let (predicate, plan, windows) =
            self.with_windows(&input, self.input_serialized.get(), || {
                self.predicate_to_df(&where_.predicate, &input.columns)
            })?;
        let mut plan = LogicalPlanBuilder::from(plan)
            .filter(predicate)
            .and_then(|b| b.build())
            .map_err(internal)?;
        if windows {
            // Drop the hidden window columns.
            plan = keep_columns(plan, &input.columns)?;
        }
        Ok(Relation {
            plan,
            columns: input.columns,
        })
    }
}
