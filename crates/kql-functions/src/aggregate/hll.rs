//! `hll(expr [, accuracy])`: the HyperLogLog sketch of the values, to merge and count later.

use super::common::hyperloglog::{Output, sketch_values};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};
use kql_syntax::KqlType;

/// `hll`: see [`DOC`].
pub(crate) struct HllFunc;

/// The reference entry of `hll`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "hll",
    aliases: &[],
    category: "aggregate",
    syntax: "hll(expr [, accuracy])",
    description: "The intermediate result of dcount over the group: a HyperLogLog sketch of \
        expr's values (nulls ignored) at accuracy 0 to 4 (default 1; errors and exact ranges \
        as dcount's), as a dynamic value. Merge sketches with hll_merge and count them with \
        dcount_hll: counting merged daily sketches gives the weekly distinct count. While \
        exact, the value is Kusto's layout [[limit, p], [hashes…], []]; past that kqlake's own \
        ([[limit, p], [], \"<hex registers>\"]), and kqlake hashes values its own way, so \
        sketches are exchangeable between kqlake runs and machines, not with Kusto. Null \
        over no rows.",
    returns: "dynamic",
    examples: &[Example {
        query: r#"datatable(day:long, user:string)[1, "a", 1, "b", 2, "b", 2, "c", 2, "c"] | summarize h = hll(user) by day | summarize m = hll_merge(h) | project dcount_hll(m)"#,
        output: "dcount_hll_m\n3",
    }],
};

impl KqlFunction for HllFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("hll")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        let ([value], [accuracy]) = crate::args::optional::<1, 1>(&DOC, args)?;
        let sketch = sketch_values(value, accuracy, Output::Sketch)?;
        Ok(AggregatePlan::new(sketch, KqlType::Dynamic))
    }
}
