//! `make_list_with_nulls(expr)`: a dynamic array of the values, nulls included.

use super::common::collect::{MAX_SIZE, Shape, collect_in_order};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};
use datafusion::logical_expr::SortExpr;

/// `make_list_with_nulls`: see [`DOC`].
pub(crate) struct MakeListWithNullsFunc;

/// The reference entry of `make_list_with_nulls`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "make_list_with_nulls",
    aliases: &[],
    category: "aggregate",
    syntax: "make_list_with_nulls(expr)",
    description: "A dynamic array of all the values of expr in the group, with null values kept as null (make_list skips them), up to 1,048,576 values. Order as make_list. [] over no rows.",
    returns: "dynamic (an array)",
    examples: &[Example {
        query: r#"datatable(name:string, sideCount:int)["triangle", int(null), "square", int(4), "pentagon", int(5)] | summarize mylist = make_list_with_nulls(sideCount)"#,
        output: r#"mylist
"[null,4,5]""#,
    }],
};

impl KqlFunction for MakeListWithNullsFunc {
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
        let [value] = crate::args::fixed(&DOC, args)?;
        collect_in_order(value, Shape::ListWithNulls, None, MAX_SIZE, order)
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        self.plan_aggregate_in_order(args, &[])
    }
}
