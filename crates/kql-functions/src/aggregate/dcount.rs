//! `dcount(expr [, accuracy])`: the estimated number of distinct values (HyperLogLog).

use super::common::hyperloglog::{Output, sketch_values};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};
use kql_syntax::KqlType;

/// `dcount`: see [`DOC`].
pub(crate) struct DcountFunc;

/// The reference entry of `dcount`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "dcount",
    aliases: &[],
    category: "aggregate",
    syntax: "dcount(expr [, accuracy])",
    description: "An estimate of the number of distinct values of expr in the group, by \
        HyperLogLog; nulls are ignored, the empty string is a value. accuracy is a constant 0 \
        to 4 (default 1); the error (one standard deviation, 99.7 % of estimates within three) \
        is 1.6 %, 0.8 %, 0.4 %, 0.28 % and 0.2 % — Kusto's figures — and the count is exact \
        up to 512, 1,024, 8,192, 16,384 and 32,768 distinct values respectively (Kusto \
        promises 1,000 at accuracy 1 and 8,000 at accuracy 2). 0 over no rows. The same input \
        always gives the same estimate. For an exact count at any size use count_distinct.",
    returns: "long",
    examples: &[
        Example {
            query: r#"datatable(State:string, EventType:string)["TEXAS", "Hail", "TEXAS", "Flood", "TEXAS", "Hail", "IOWA", "Hail"] | summarize DifferentEvents = dcount(EventType) by State | sort by State asc"#,
            output: "State,DifferentEvents\nIOWA,1\nTEXAS,2",
        },
        Example {
            query: "datatable(x:long)[1, 2, 2, 3, long(null)] | summarize dcount(x, 0), dcount(x, 4)",
            output: "dcount_x,dcount_x1\n3,3",
        },
    ],
};

impl KqlFunction for DcountFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("dcount")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        let ([value], [accuracy]) = crate::args::optional::<1, 1>(&DOC, args)?;
        let sketch = sketch_values(value, accuracy, Output::Count)?;
        Ok(AggregatePlan::new(sketch, KqlType::Long))
    }
}
