//! `make_bag_if(expr, predicate [, maxSize])`: a dynamic property bag of the keys of the bag values on rows where the predicate holds.

use super::common::collect::{MAX_SIZE, Shape, collect};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};

/// `make_bag_if`: see [`DOC`].
pub(crate) struct MakeBagIfFunc;

/// The reference entry of `make_bag_if`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "make_bag_if",
    aliases: &[],
    category: "aggregate",
    syntax: "make_bag_if(expr, predicate [, maxSize])",
    description: "make_bag over the rows of the group where predicate is true (false and null predicates skip the row). {} when no row counts.",
    returns: "dynamic (a property bag)",
    examples: &[Example {
        query: r#"datatable(prop:string, value:string, predicate:bool)["prop01", "val_a", true, "prop02", "val_b", false, "prop03", "val_c", true] | extend p = bag_pack(prop, value) | summarize dict = make_bag_if(p, predicate)"#,
        output: r#"dict
"{""prop01"":""val_a"",""prop03"":""val_c""}""#,
    }],
};

impl KqlFunction for MakeBagIfFunc {
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
        let ([value, predicate], [max_size]) = crate::args::optional::<2, 1>(&DOC, args)?;
        super::only_where(collect(value, Shape::Bag, max_size, MAX_SIZE)?, predicate)
    }
}
