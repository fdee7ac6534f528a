//! `make_list(expr [, maxSize])`: a dynamic array of the values.

use super::common::collect::{MAX_SIZE, Shape, collect_in_order};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};
use datafusion::logical_expr::SortExpr;

/// `make_list`: see [`DOC`].
pub(crate) struct MakeListFunc;

/// The reference entry of `make_list`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "make_list",
    aliases: &[],
    category: "aggregate",
    syntax: "make_list(expr [, maxSize])",
    description: "A dynamic array of the values of expr in the group, at most maxSize of them (a \
        constant 1 to 1,048,576, the default). Null values are skipped; the empty string is a \
        value. Values keep their JSON form (numbers as numbers, strings quoted, datetimes and \
        timespans as their text, dynamic values embedded: an array value is one element). The \
        order is the input's within each parallel partition: Kusto promises input order only \
        for sorted input and leaves it undefined otherwise. [] over no rows.",
    returns: "dynamic (an array)",
    examples: &[
        Example {
            query: r#"datatable(name:string, sideCount:long)["triangle", 3, "square", 4, "rectangle", 4, "pentagon", 5, "hexagon", 6, "heptagon", 7, "octagon", 8, "nonagon", 9, "decagon", 10] | summarize mylist = make_list(name)"#,
            output: r#"mylist
"[""triangle"",""square"",""rectangle"",""pentagon"",""hexagon"",""heptagon"",""octagon"",""nonagon"",""decagon""]""#,
        },
        Example {
            query: r#"datatable(name:string, sideCount:long)["triangle", 3, "square", 4, "rectangle", 4, "pentagon", 5, "hexagon", 6, "heptagon", 7, "octagon", 8, "nonagon", 9, "decagon", 10] | extend d = bag_pack("name", name, "sideCount", sideCount) | where sideCount < 5 | summarize make_list(d, 2)"#,
            output: r#"list_d
"[{""name"":""triangle"",""sideCount"":3},{""name"":""square"",""sideCount"":4}]""#,
        },
    ],
};

impl KqlFunction for MakeListFunc {
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
        let ([value], [max_size]) = crate::args::optional::<1, 1>(&DOC, args)?;
        collect_in_order(value, Shape::List, max_size, MAX_SIZE, order)
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        self.plan_aggregate_in_order(args, &[])
    }
}
