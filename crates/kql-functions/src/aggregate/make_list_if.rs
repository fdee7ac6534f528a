//! `make_list_if(expr, predicate [, maxSize])`: a dynamic array of the values on rows where the predicate holds.

use super::common::collect::{MAX_SIZE, Shape, collect_in_order};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};
use datafusion::logical_expr::SortExpr;

/// `make_list_if`: see [`DOC`].
pub(crate) struct MakeListIfFunc;

/// The reference entry of `make_list_if`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "make_list_if",
    aliases: &[],
    category: "aggregate",
    syntax: "make_list_if(expr, predicate [, maxSize])",
    description: "make_list over the rows of the group where predicate is true (false and null predicates skip the row). [] when no row counts.",
    returns: "dynamic (an array)",
    examples: &[Example {
        query: r#"datatable(name:string, day_of_birth:long)["John", 9, "Paul", 18, "George", 25, "Ringo", 7] | summarize make_list_if(name, strlen(name) > 4)"#,
        output: r#"list_name
"[""George"",""Ringo""]""#,
    }],
};

impl KqlFunction for MakeListIfFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("list")
    }
    fn plan_aggregate_in_order(
        &self,
        args: Vec<TypedExpr>,
        order: &[SortExpr],
    ) -> Result<AggregatePlan, FunctionError> {
        let ([value, predicate], [max_size]) = crate::args::optional::<2, 1>(&DOC, args)?;
        super::only_where(
            collect_in_order(value, Shape::List, max_size, MAX_SIZE, order)?,
            predicate,
        )
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        self.plan_aggregate_in_order(args, &[])
    }
}
