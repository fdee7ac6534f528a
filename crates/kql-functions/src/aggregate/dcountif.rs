//! `dcountif(expr, predicate [, accuracy])`: the estimated number of distinct values on rows
//! where the predicate holds.

use super::common::hyperloglog::{Output, sketch_values};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};
use kql_syntax::KqlType;

/// `dcountif`: see [`DOC`].
pub(crate) struct DcountifFunc;

/// The reference entry of `dcountif`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "dcountif",
    aliases: &[],
    category: "aggregate",
    syntax: "dcountif(expr, predicate [, accuracy])",
    description: "dcount (same estimate, accuracy levels and exact range) over the rows of the \
        group where predicate is true (false and null predicates skip the row). 0 when no row \
        counts.",
    returns: "long",
    examples: &[Example {
        query: r#"datatable(State:string, EventType:string, Deaths:long)["TEXAS", "Hail", 0, "TEXAS", "Flood", 2, "TEXAS", "Tornado", 1, "TEXAS", "Flood", 3, "IOWA", "Hail", 0] | summarize DifferentFatalEvents = dcountif(EventType, Deaths > 0) by State | sort by State asc"#,
        output: "State,DifferentFatalEvents\nIOWA,0\nTEXAS,2",
    }],
};

impl KqlFunction for DcountifFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("dcountif")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        let ([value, predicate], [accuracy]) = crate::args::optional::<2, 1>(&DOC, args)?;
        let sketch = sketch_values(value, accuracy, Output::Count)?;
        super::only_where(AggregatePlan::new(sketch, KqlType::Long), predicate)
    }
}
