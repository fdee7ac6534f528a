//! The tabular operands of `join`, `lookup` and `union` (a table or a parenthesised query),
//! planned in one place: each is a pipeline of its own, planned by the planner's entry for
//! pipelines.

use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation};
use kql_syntax::Diagnostic;
use kql_syntax::ast::TabularOperand;

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans a tabular operand: the right side of `join` or `lookup`, a leg of `union`.
    pub(crate) fn operand_to_plan(&self, operand: &TabularOperand) -> Result<Relation, Diagnostic> {
        self.pipeline_to_plan(&operand.pipeline)
    }
}
