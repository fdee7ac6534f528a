//! `sample N`: up to N rows picked at random (each query run picks anew).

use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation, internal};
use datafusion::functions::math::expr_fn::random;
use datafusion::logical_expr::SortExpr;
use kql_syntax::Diagnostic;
use kql_syntax::ast::Sample;

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `sample`: the first N rows in a random order.
    pub(crate) fn sample_to_plan(
        &self,
        sample: &Sample,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        let n = self.row_count(&sample.count, "sample", &input.columns)?;
        let plan = input
            .builder()
            .sort(vec![SortExpr::new(random(), true, false)])
            .and_then(|b| b.limit(0, Some(n)))
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation {
            plan,
            columns: input.columns,
        })
    }
}
