//! `make_set_if(expr, predicate [, maxSize])`: a dynamic array of the distinct values on rows where the predicate holds.

use super::common::collect::{MAX_SIZE, Shape, collect};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};

/// `make_set_if`: see [`DOC`].
pub(crate) struct MakeSetIfFunc;

/// The reference entry of `make_set_if`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "make_set_if",
    aliases: &[],
    category: "aggregate",
    syntax: "make_set_if(expr, predicate [, maxSize])",
    description: "make_set over the rows of the group where predicate is true (false and null predicates skip the row). [] when no row counts.",
    returns: "dynamic (an array)",
    examples: &[Example {
        query: r#"datatable(name:string, day_of_birth:long)["John", 9, "Paul", 18, "George", 25, "Ringo", 7] | summarize make_set_if(name, strlen(name) > 4)"#,
        output: r#"set_name
"[""George"",""Ringo""]""#,
    }],
};

impl KqlFunction for MakeSetIfFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("set")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        let ([value, predicate], [max_size]) = crate::args::optional::<2, 1>(&DOC, args)?;
        super::only_where(collect(value, Shape::Set, max_size, MAX_SIZE)?, predicate)
    }
}
