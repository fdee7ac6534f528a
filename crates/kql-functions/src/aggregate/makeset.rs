//! `makeset(expr [, maxSize])`: the deprecated `make_set`, with a default limit of 128.

use super::common::collect::{DEPRECATED_MAX_SIZE, Shape, collect};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};

/// `makeset`: see [`DOC`].
pub(crate) struct MakesetFunc;

/// The reference entry of `makeset`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "makeset",
    aliases: &[],
    category: "aggregate",
    syntax: "makeset(expr [, maxSize])",
    description: "Deprecated: make_set with a smaller default maxSize, 128 values (make-set-aggregation-function.md). Everything else as make_set.",
    returns: "dynamic (an array)",
    examples: &[Example {
        query: r#"datatable(x:long)[1, 2, 1, 3] | summarize makeset(x), two = makeset(x, 2)"#,
        output: r#"set_x,two
"[1,2,3]","[1,2]""#,
    }],
};

impl KqlFunction for MakesetFunc {
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
        let ([value], [max_size]) = crate::args::optional::<1, 1>(&DOC, args)?;
        collect(value, Shape::Set, max_size, DEPRECATED_MAX_SIZE)
    }
}
