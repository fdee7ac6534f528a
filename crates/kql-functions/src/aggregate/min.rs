//! `min(expr)`: the smallest non-null value.

use crate::args::Arg;
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};
use datafusion::functions_aggregate::expr_fn::min;

/// `min`: see [`DOC`].
pub(crate) struct MinFunc;

/// The reference entry of `min`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "min",
    aliases: &[],
    category: "aggregate",
    syntax: "min(expr)",
    description: "The minimum of expr over the group; nulls are ignored. The result keeps the \
        input's type (min of a long column is a long).",
    returns: "the type of expr; null when the group has no non-null value",
    examples: &[
        Example {
            query: "datatable(x:long)[1, 5, 3] | summarize min(x)",
            output: "min_x\n1",
        },
        Example {
            query: "datatable(t:datetime)[datetime(2024-01-02), datetime(null), datetime(2024-03-01)] | summarize earliest = min(t)",
            output: "earliest\n2024-01-02T00:00:00.0000000Z",
        },
    ],
};

/// `min(value)`, of the value's type; also `minif`'s plan before its filter.
pub(super) fn min_of(value: Arg) -> AggregatePlan {
    let value = value.any();
    AggregatePlan::new(min(value.expr), value.kql_type)
}

impl KqlFunction for MinFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("min")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        Ok(min_of(super::one_argument(&DOC, args)?))
    }
}
