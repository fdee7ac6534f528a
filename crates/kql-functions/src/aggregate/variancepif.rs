//! `variancepif(expr, predicate)`: the population variance on rows where the predicate holds.

use super::variance::{Spread, spread_of};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};

/// `variancepif`: see [`DOC`].
pub(crate) struct VariancepifFunc;

/// The reference entry of `variancepif`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "variancepif",
    aliases: &[],
    category: "aggregate",
    syntax: "variancepif(expr, predicate)",
    description: "The population variance (as variancep) of expr over the rows of the group \
        where predicate is true (false and null predicates skip the row).",
    returns: "real; null when no row counts",
    examples: &[Example {
        query: r#"datatable(x:long)[1, 2, 3, 4, 5, 6] | summarize variancepif(x, x % 2 == 0)"#,
        output: "variancepif_x\n2.6666666666666665",
    }],
};

impl KqlFunction for VariancepifFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("variancepif")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        let (value, predicate) = super::value_and_predicate(&DOC, args)?;
        super::only_where(spread_of(value, Spread::Variancep)?, predicate)
    }
}
