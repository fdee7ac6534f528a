//! `stdevif(expr, predicate)`: the sample standard deviation on rows where the predicate holds.

use super::variance::{Spread, spread_of};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};

/// `stdevif`: see [`DOC`].
pub(crate) struct StdevifFunc;

/// The reference entry of `stdevif`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "stdevif",
    aliases: &[],
    category: "aggregate",
    syntax: "stdevif(expr, predicate)",
    description: "The sample standard deviation (as stdev) of expr over the rows of the group \
        where predicate is true (false and null predicates skip the row). 0 when fewer than \
        two rows count.",
    returns: "real",
    examples: &[Example {
        query: r#"datatable(x:long)[1, 2, 3, 4, 5, 6] | summarize stdevif(x, x % 2 == 0)"#,
        output: "stdevif_x\n2",
    }],
};

impl KqlFunction for StdevifFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("stdevif")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        let (value, predicate) = super::value_and_predicate(&DOC, args)?;
        super::only_where(spread_of(value, Spread::Stdev)?, predicate)
    }
}
