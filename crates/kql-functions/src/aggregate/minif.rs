//! `minif(expr, predicate)`: the minimum of the non-null values on rows where the predicate holds.

use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};

/// `minif`: see [`DOC`].
pub(crate) struct MinifFunc;

/// The reference entry of `minif`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "minif",
    aliases: &[],
    category: "aggregate",
    syntax: "minif(expr, predicate)",
    description: "The minimum of expr over the rows of the group where predicate is true \
        (false and null predicates skip the row); null values are ignored. The result keeps \
        expr's type.",
    returns: "the type of expr; null when no row counts",
    examples: &[Example {
        query: r#"datatable(name:string, day_of_birth:long)["John", 9, "Paul", 18, "George", 25, "Ringo", 7] | summarize minif(day_of_birth, strlen(name) > 4)"#,
        output: "minif_day_of_birth\n7",
    }],
};

impl KqlFunction for MinifFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("minif")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        let (value, predicate) = super::value_and_predicate(&DOC, args)?;
        super::only_where(super::min::min_of(value), predicate)
    }
}
