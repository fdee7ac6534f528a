//! `count`: one row with one column, `Count`, the number of input rows.

use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::Column;
use datafusion::logical_expr::lit;
use kql_syntax::ast::Count;
use kql_syntax::{Diagnostic, KqlType};

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans the `count` operator.
    pub(crate) fn count_to_plan(
        &self,
        _count: &Count,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        let count = datafusion::functions_aggregate::expr_fn::count(lit(1i64)).alias("Count");
        let plan = input
            .builder()
            .aggregate(Vec::<datafusion::logical_expr::Expr>::new(), vec![count])
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation {
            plan,
            columns: vec![Column::new("Count", KqlType::Long)],
        })
    }
}
