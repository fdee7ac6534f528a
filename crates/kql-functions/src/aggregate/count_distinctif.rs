//! `count_distinctif(expr, predicate)`: the exact number of distinct values on rows where the
//! predicate holds.

use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};

/// `count_distinctif`: see [`DOC`].
pub(crate) struct CountDistinctifFunc;

/// The reference entry of `count_distinctif`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "count_distinctif",
    aliases: &[],
    category: "aggregate",
    syntax: "count_distinctif(expr, predicate)",
    description: "The exact number of distinct values of expr over the rows of the group where \
        predicate is true (false and null predicates skip the row); nulls are not counted. \
        0 when no row counts.",
    returns: "long",
    examples: &[Example {
        query: r#"datatable(State:string, EventType:string, Deaths:long)["TEXAS", "Hail", 0, "TEXAS", "Flood", 2, "TEXAS", "Tornado", 1, "TEXAS", "Flood", 3, "IOWA", "Hail", 0] | summarize UniqueFatalEvents = count_distinctif(EventType, Deaths > 0) by State | sort by State asc"#,
        output: "State,UniqueFatalEvents\nIOWA,0\nTEXAS,2",
    }],
};

impl KqlFunction for CountDistinctifFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("count_distinctif")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        let (value, predicate) = super::value_and_predicate(&DOC, args)?;
        super::only_where(super::count_distinct::count_distinct_of(value), predicate)
    }
}
