//! `max(expr)`: the largest non-null value.

use crate::args::Arg;
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};
use datafusion::functions_aggregate::expr_fn::max;

/// `max`: see [`DOC`].
pub(crate) struct MaxFunc;

/// The reference entry of `max`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "max",
    aliases: &[],
    category: "aggregate",
    syntax: "max(expr)",
    description: "The maximum of expr over the group; nulls are ignored. The result keeps the \
        input's type (max of a long column is a long).",
    returns: "the type of expr; null when the group has no non-null value",
    examples: &[
        Example {
            query: "datatable(x:long)[1, 5, 3] | summarize max(x)",
            output: "max_x\n5",
        },
        Example {
            query: "datatable(t:datetime)[datetime(2024-01-02), datetime(null), datetime(2024-03-01)] | summarize latest = max(t)",
            output: "latest\n2024-03-01T00:00:00.0000000Z",
        },
    ],
};

/// `max(value)`, of the value's type; also `maxif`'s plan before its filter.
pub(super) fn max_of(value: Arg) -> AggregatePlan {
    let value = value.any();
    AggregatePlan::new(max(value.expr), value.kql_type)
}

impl KqlFunction for MaxFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("max")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        Ok(max_of(super::one_argument(&DOC, args)?))
    }
}
