//! `hll_if(expr, predicate [, accuracy])`: the HyperLogLog sketch of the values on rows where
//! the predicate holds.

use super::common::hyperloglog::{Output, sketch_values};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};
use kql_syntax::KqlType;

/// `hll_if`: see [`DOC`].
pub(crate) struct HllIfFunc;

/// The reference entry of `hll_if`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "hll_if",
    aliases: &[],
    category: "aggregate",
    syntax: "hll_if(expr, predicate [, accuracy])",
    description: "hll over the rows of the group where predicate is true (false and null \
        predicates skip the row). Null when no row counts.",
    returns: "dynamic",
    examples: &[Example {
        query: r#"datatable(user:string, ok:bool)["a", true, "b", false, "c", true, "a", true] | summarize h = hll_if(user, ok) | project n = dcount_hll(h)"#,
        output: "n\n2",
    }],
};

impl KqlFunction for HllIfFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("hll_if")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        let ([value, predicate], [accuracy]) = crate::args::optional::<2, 1>(&DOC, args)?;
        let sketch = sketch_values(value, accuracy, Output::Sketch)?;
        super::only_where(AggregatePlan::new(sketch, KqlType::Dynamic), predicate)
    }
}
