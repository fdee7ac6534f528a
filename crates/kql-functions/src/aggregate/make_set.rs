//! `make_set(expr [, maxSize])`: a dynamic array of the distinct values.

use super::common::collect::{MAX_SIZE, Shape, collect};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};

/// `make_set`: see [`DOC`].
pub(crate) struct MakeSetFunc;

/// The reference entry of `make_set`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "make_set",
    aliases: &[],
    category: "aggregate",
    syntax: "make_set(expr [, maxSize])",
    description: "A dynamic array of the distinct values of expr in the group, at most maxSize of them (a \
        constant 1 to 1,048,576, the default). Null values are skipped. An array value \
        contributes its elements, so make_set of an array column is the set of all their \
        elements. Values are compared by their JSON form. The order is undefined in Kusto; \
        kqlake gives first-seen order within a partition. [] over no rows.",
    returns: "dynamic (an array)",
    examples: &[Example {
        query: r#"datatable(Val:long, Arr1:string)[1, '["A1", "A2", "A3"]', 5, '["A2", "C1"]', 7, '["C2", "A3"]', 5, '["C2", "A1"]'] | extend Arr1 = parse_json(Arr1) | summarize Val_set = make_set(Val), Arr1_set = make_set(Arr1)"#,
        output: r#"Val_set,Arr1_set
"[1,5,7]","[""A1"",""A2"",""A3"",""C1"",""C2""]""#,
    }],
};

impl KqlFunction for MakeSetFunc {
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
        collect(value, Shape::Set, max_size, MAX_SIZE)
    }
}
