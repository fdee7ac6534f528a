//! `variancep(expr)`: the population variance.

use super::variance::{Spread, spread_of};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};

/// `variancep`: see [`DOC`].
pub(crate) struct VariancepFunc;

/// The reference entry of `variancep`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "variancep",
    aliases: &[],
    category: "aggregate",
    syntax: "variancep(expr)",
    description: "The variance of expr over the group, taken as the whole population (the sum \
        of squared deviations divided by n); null values are ignored.",
    returns: "real; null when the group has no non-null value",
    examples: &[Example {
        query: r#"datatable(x:long)[1, 2, 3, 4, 5] | summarize variancep(x)"#,
        output: "variancep_x\n2",
    }],
};

impl KqlFunction for VariancepFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("variancep")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        spread_of(super::one_argument(&DOC, args)?, Spread::Variancep)
    }
}
