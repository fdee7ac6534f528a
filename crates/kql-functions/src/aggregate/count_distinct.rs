//! `count_distinct(expr)`: the exact number of distinct values.

use crate::args::Arg;
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};
use kql_syntax::KqlType;

/// `count_distinct`: see [`DOC`].
pub(crate) struct CountDistinctFunc;

/// The reference entry of `count_distinct`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "count_distinct",
    aliases: &[],
    category: "aggregate",
    syntax: "count_distinct(expr)",
    description: "The exact number of distinct values of expr in the group; nulls are not \
        counted, the empty string is a value. 0 over no rows. Exact at any size, unlike dcount \
        (which estimates past a few thousand values), at the cost of memory for every distinct \
        value. expr cannot be dynamic.",
    returns: "long",
    examples: &[Example {
        query: r#"datatable(State:string, EventType:string)["TEXAS", "Hail", "TEXAS", "Flood", "TEXAS", "Hail", "IOWA", "Hail"] | summarize UniqueEvents = count_distinct(EventType) by State | sort by State asc"#,
        output: "State,UniqueEvents\nIOWA,1\nTEXAS,2",
    }],
};

/// `count_distinct(value)`; also `count_distinctif`'s plan before its filter.
pub(super) fn count_distinct_of(value: Arg) -> AggregatePlan {
    let value = super::kql_values(value);
    AggregatePlan::new(
        datafusion::functions_aggregate::expr_fn::count_distinct(value.expr),
        KqlType::Long,
    )
    .with_finish(super::or_zero_long)
}

impl KqlFunction for CountDistinctFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("count_distinct")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        Ok(count_distinct_of(super::one_argument(&DOC, args)?))
    }
}
