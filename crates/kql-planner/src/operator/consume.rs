//! `consume`: the input is run to its end and no row is returned; the result keeps the input's
//! columns (consume-operator.md: "the same tabular data stream as its input, but it doesn't
//! return the data").
//!
//! The rows are dropped by a filter DataFusion cannot fold away at planning time (`random() <
//! 0`, never true, and volatile, so never pushed into a scan or simplified): a constant `false`
//! would let the optimizer replace the input by an empty relation and skip running it.

use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation, internal};
use datafusion::functions::math::expr_fn::random;
use datafusion::logical_expr::lit;
use kql_syntax::Diagnostic;
use kql_syntax::ast::Consume;

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `consume`.
    pub(crate) fn consume_to_plan(
        &self,
        _consume: &Consume,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        let plan = input
            .builder()
            .filter(random().lt(lit(0.0)))
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation {
            plan,
            columns: input.columns,
        })
    }
}
