//! `stdevp(expr)`: the population standard deviation.

use super::variance::{Spread, spread_of};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};

/// `stdevp`: see [`DOC`].
pub(crate) struct StdevpFunc;

/// The reference entry of `stdevp`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "stdevp",
    aliases: &[],
    category: "aggregate",
    syntax: "stdevp(expr)",
    description: "The standard deviation of expr over the group, taken as the whole population \
        (the square root of variancep); null values are ignored.",
    returns: "real; null when the group has no non-null value",
    examples: &[Example {
        query: r#"datatable(x:long)[1, 2, 3, 4, 5] | summarize stdevp(x)"#,
        output: "stdevp_x\n1.4142135623730951",
    }],
};

impl KqlFunction for StdevpFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("stdevp")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        spread_of(super::one_argument(&DOC, args)?, Spread::Stdevp)
    }
}
