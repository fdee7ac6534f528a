//! `hll_merge(hll)`: merges the HyperLogLog sketches of the group into one.

use super::common::hyperloglog::{Input, Output, SketchAggregate};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};
use kql_syntax::KqlType;

/// `hll_merge`: see [`DOC`].
pub(crate) struct HllMergeFunc;

/// The reference entry of `hll_merge`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "hll_merge",
    aliases: &[],
    category: "aggregate",
    syntax: "hll_merge(hll)",
    description: "Merges the hll() sketches of the group into one sketch of the union of their \
        values; values that are not sketches (null included) are skipped. Sketches of \
        different accuracy cannot be merged: the query fails. Null when no sketch is merged. \
        (The scalar hll_merge(hll1, hll2, …) is not supported yet.)",
    returns: "dynamic",
    examples: &[Example {
        query: r#"datatable(day:long, user:string)[1, "a", 1, "b", 2, "b", 2, "c"] | summarize h = hll(user) by day | summarize hll_merge(h) | project n = dcount_hll(hll_merge_h)"#,
        output: "n\n3",
    }],
};

impl KqlFunction for HllMergeFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("hll_merge")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        let [sketches] = crate::args::fixed(&DOC, args)?;
        let sketches = sketches.dynamic()?;
        let aggregate = SketchAggregate {
            input: Input::Sketches,
            output: Output::Sketch,
        };
        Ok(AggregatePlan::new(
            super::common::udaf::call(aggregate, vec![sketches.expr]),
            KqlType::Dynamic,
        ))
    }
}
