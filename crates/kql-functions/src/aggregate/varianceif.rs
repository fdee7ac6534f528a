//! `varianceif(expr, predicate)`: the sample variance on rows where the predicate holds.

use super::variance::{Spread, spread_of};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};

/// `varianceif`: see [`DOC`].
pub(crate) struct VarianceifFunc;

/// The reference entry of `varianceif`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "varianceif",
    aliases: &[],
    category: "aggregate",
    syntax: "varianceif(expr, predicate)",
    description: "The sample variance (as variance) of expr over the rows of the group where \
        predicate is true (false and null predicates skip the row). 0 when fewer than two rows \
        count.",
    returns: "real",
    examples: &[Example {
        query: r#"datatable(x:long)[1, 2, 3, 4, 5, 6] | summarize varianceif(x, x % 2 == 0)"#,
        output: "varianceif_x\n4",
    }],
};

impl KqlFunction for VarianceifFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("varianceif")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        let (value, predicate) = super::value_and_predicate(&DOC, args)?;
        super::only_where(spread_of(value, Spread::Variance)?, predicate)
    }
}
