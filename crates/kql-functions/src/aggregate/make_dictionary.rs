//! `make_dictionary(expr [, maxSize])`: the deprecated `make_bag`, with a default limit of 128.

use super::common::collect::{DEPRECATED_MAX_SIZE, Shape, collect};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};

/// `make_dictionary`: see [`DOC`].
pub(crate) struct MakeDictionaryFunc;

/// The reference entry of `make_dictionary`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "make_dictionary",
    aliases: &[],
    category: "aggregate",
    syntax: "make_dictionary(expr [, maxSize])",
    description: "Deprecated: make_bag with a smaller default maxSize, 128 keys (make-bag-aggregation-function.md). Everything else as make_bag; an unnamed column is dictionary_<column> (Kusto.Language).",
    returns: "dynamic (a property bag)",
    examples: &[Example {
        query: r#"datatable(prop:string, value:string)["prop01", "val_a", "prop02", "val_b", "prop03", "val_c"] | extend p = bag_pack(prop, value) | summarize make_dictionary(p, 2)"#,
        output: r#"dictionary_p
"{""prop01"":""val_a"",""prop02"":""val_b""}""#,
    }],
};

impl KqlFunction for MakeDictionaryFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("dictionary")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        let ([value], [max_size]) = crate::args::optional::<1, 1>(&DOC, args)?;
        collect(value, Shape::Bag, max_size, DEPRECATED_MAX_SIZE)
    }
}
