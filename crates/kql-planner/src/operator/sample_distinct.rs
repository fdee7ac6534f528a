//! `sample-distinct N of Column`: one column, up to N of its distinct values (which ones is
//! unspecified: Kusto favours speed over fairness, sample-distinct-operator.md).

use crate::aggregate::check_groupable;
use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::lookup;
use kql_syntax::Diagnostic;
use kql_syntax::ast::SampleDistinct;

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `sample-distinct`.
    pub(crate) fn sample_distinct_to_plan(
        &self,
        sample: &SampleDistinct,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        let n = self.row_count(&sample.count, "sample-distinct", &input.columns)?;
        let column = lookup(&input.columns, &sample.column.name, sample.column.span)?.clone();
        check_groupable(
            column.kql_type,
            sample.column.span,
            "a sample-distinct column",
        )?;
        let plan = input
            .builder()
            .project(vec![column.reference()])
            .and_then(|b| b.distinct())
            .and_then(|b| b.limit(0, Some(n)))
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation {
            plan,
            columns: vec![column],
        })
    }
}
