//! `maxif(expr, predicate)`: the maximum of the non-null values on rows where the predicate holds.

use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};

/// `maxif`: see [`DOC`].
pub(crate) struct MaxifFunc;

/// The reference entry of `maxif`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "maxif",
    aliases: &[],
    category: "aggregate",
    syntax: "maxif(expr, predicate)",
    description: "The maximum of expr over the rows of the group where predicate is true \
        (false and null predicates skip the row); null values are ignored. The result keeps \
        expr's type.",
    returns: "the type of expr; null when no row counts",
    examples: &[Example {
        query: r#"datatable(name:string, day_of_birth:long)["John", 9, "Paul", 18, "George", 25, "Ringo", 7] | summarize maxif(day_of_birth, strlen(name) > 4)"#,
        output: "maxif_day_of_birth\n25",
    }],
};

impl KqlFunction for MaxifFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("maxif")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        let (value, predicate) = super::value_and_predicate(&DOC, args)?;
        super::only_where(super::max::max_of(value), predicate)
    }
}
