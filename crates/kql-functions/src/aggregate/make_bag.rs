//! `make_bag(expr [, maxSize])`: a dynamic property bag of the keys of all the bag values.

use super::common::collect::{MAX_SIZE, Shape, collect};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};

/// `make_bag`: see [`DOC`].
pub(crate) struct MakeBagFunc;

/// The reference entry of `make_bag`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "make_bag",
    aliases: &[],
    category: "aggregate",
    syntax: "make_bag(expr [, maxSize])",
    description: "A dynamic property bag of all the keys of the property-bag values of expr in the \
        group; values that are not bags (null included) are skipped. A key met twice keeps its \
        first value (Kusto: an arbitrary one). At most maxSize keys (a constant 1 to \
        1,048,576, the default). {} over no rows: summarize-operator.md's table lists make_bag \
        under the empty array, but the function's result is a bag (Kusto.Language types it as \
        one), so kqlake gives the empty bag.",
    returns: "dynamic (a property bag)",
    examples: &[Example {
        query: r#"datatable(prop:string, value:string)["prop01", "val_a", "prop02", "val_b", "prop03", "val_c"] | extend p = bag_pack(prop, value) | summarize dict = make_bag(p)"#,
        output: r#"dict
"{""prop01"":""val_a"",""prop02"":""val_b"",""prop03"":""val_c""}""#,
    }],
};

impl KqlFunction for MakeBagFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("bag")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        let ([value], [max_size]) = crate::args::optional::<1, 1>(&DOC, args)?;
        collect(value, Shape::Bag, max_size, MAX_SIZE)
    }
}
