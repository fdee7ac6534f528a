//! `countif(predicate)`: the number of rows for which the predicate is true.

use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};
use datafusion::logical_expr::{Expr, lit, when};
use kql_syntax::KqlType;

/// `countif`: see [`DOC`].
pub(crate) struct CountifFunc;

/// The reference entry of `countif`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "countif",
    aliases: &[],
    category: "aggregate",
    syntax: "countif(predicate)",
    description: "Counts the rows where predicate is true (false and null are not counted). \
        Over no rows it is 0.",
    returns: "long",
    examples: &[Example {
        query: r#"datatable(EventType:string, n:long)["JobFailed", 1, "JobSucceeded", 2, "JobFailed", long(null)] | summarize failed = countif(EventType == "JobFailed"), big = countif(n > 1)"#,
        output: "failed,big\n2,1",
    }],
};

/// The number of rows where `predicate` is true, 0 over no rows (also `count(predicate)`).
pub(super) fn count_true(predicate: Expr) -> datafusion::common::Result<AggregatePlan> {
    let one = when(predicate, lit(1i64)).otherwise(lit(0i64))?;
    Ok(AggregatePlan::new(
        datafusion::functions_aggregate::expr_fn::sum(one),
        KqlType::Long,
    )
    .with_finish(super::or_zero_long))
}

impl KqlFunction for CountifFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("countif")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        let [predicate] = crate::args::fixed(&DOC, args)?;
        count_true(predicate.bool()?.expr).map_err(|e| FunctionError::call(&DOC, e))
    }
}
