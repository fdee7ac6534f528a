//! `sumif(expr, predicate)`: the total of the non-null values on rows where the predicate holds.

use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};

/// `sumif`: see [`DOC`].
pub(crate) struct SumifFunc;

/// The reference entry of `sumif`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "sumif",
    aliases: &[],
    category: "aggregate",
    syntax: "sumif(expr, predicate)",
    description: "The sum of expr over the rows of the group where predicate is true (false \
        and null predicates skip the row); null values are ignored. As for sum, the result is \
        0 when no row counts, int and long sum to a long, real to a real.",
    returns: "long for int/long input, real for real input",
    examples: &[Example {
        query: r#"datatable(name:string, day_of_birth:long)["John", 9, "Paul", 18, "George", 25, "Ringo", 7] | summarize sumif(day_of_birth, strlen(name) > 4)"#,
        output: "sumif_day_of_birth\n32",
    }],
};

impl KqlFunction for SumifFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("sumif")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        let (value, predicate) = super::value_and_predicate(&DOC, args)?;
        super::only_where(super::sum::sum_of(value)?, predicate)
    }
}
