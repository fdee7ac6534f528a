//! `makelist(expr [, maxSize])`: the deprecated `make_list`, with a default limit of 128.

use super::common::collect::{DEPRECATED_MAX_SIZE, Shape, collect_in_order};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};
use datafusion::logical_expr::SortExpr;

/// `makelist`: see [`DOC`].
pub(crate) struct MakelistFunc;

/// The reference entry of `makelist`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "makelist",
    aliases: &[],
    category: "aggregate",
    syntax: "makelist(expr [, maxSize])",
    description: "Deprecated: make_list with a smaller default maxSize, 128 values (make-list-aggregation-function.md). Everything else as make_list.",
    returns: "dynamic (an array)",
    examples: &[Example {
        query: r#"datatable(x:long)[1, 2, long(null), 3] | summarize makelist(x), two = makelist(x, 2)"#,
        output: r#"list_x,two
"[1,2,3]","[1,2]""#,
    }],
};

impl KqlFunction for MakelistFunc {
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
        collect_in_order(value, Shape::List, max_size, DEPRECATED_MAX_SIZE, order)
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        self.plan_aggregate_in_order(args, &[])
    }
}
