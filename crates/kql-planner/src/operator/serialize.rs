//! `serialize [Name = Expr, …]`: the input in its order, with the items added as `extend`
//! adds them; window functions may be used in them and after it. kqlake keeps the order of
//! rows through every operator that does not change it, so marking them serialized changes
//! nothing else (`window.rs`).

use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation};
use kql_syntax::Diagnostic;
use kql_syntax::ast::Serialize;

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `serialize`.
    pub(crate) fn serialize_to_plan(
        &self,
        serialize: &Serialize,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        if serialize.items.is_empty() {
            return Ok(input);
        }
        self.add_columns(&serialize.items, &[], input, "serialize", true)
    }
}
