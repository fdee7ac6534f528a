//! `avgif(expr, predicate)`: the mean of the non-null values on rows where the predicate holds.

use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};

/// `avgif`: see [`DOC`].
pub(crate) struct AvgifFunc;

/// The reference entry of `avgif`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "avgif",
    aliases: &[],
    category: "aggregate",
    syntax: "avgif(expr, predicate)",
    description: "The average of expr over the rows of the group where predicate is true \
        (false and null predicates skip the row); null values are ignored. Always a real.",
    returns: "real; null when no row counts",
    examples: &[Example {
        query: r#"datatable(name:string, day_of_birth:long)["John", 9, "Paul", 18, "George", 25, "Ringo", 7] | summarize avgif(day_of_birth, strlen(name) > 4)"#,
        output: "avgif_day_of_birth\n16",
    }],
};

impl KqlFunction for AvgifFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("avgif")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        let (value, predicate) = super::value_and_predicate(&DOC, args)?;
        super::only_where(super::avg::avg_of(value)?, predicate)
    }
}
