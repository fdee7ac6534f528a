//! `stdev(expr)`: the sample standard deviation.

use super::variance::{Spread, spread_of};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};

/// `stdev`: see [`DOC`].
pub(crate) struct StdevFunc;

/// The reference entry of `stdev`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "stdev",
    aliases: &[],
    category: "aggregate",
    syntax: "stdev(expr)",
    description: "The standard deviation of expr over the group, taken as a sample (Bessel's \
        correction: the square root of variance); null values are ignored. 0 over no rows and \
        over one value, like variance.",
    returns: "real",
    examples: &[Example {
        query: r#"datatable(x:long)[1, 2, 3, 4, 5] | summarize stdev(x)"#,
        output: "stdev_x\n1.5811388300841898",
    }],
};

impl KqlFunction for StdevFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("stdev")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        spread_of(super::one_argument(&DOC, args)?, Spread::Stdev)
    }
}
