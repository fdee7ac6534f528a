//! `tdigest(expr [, weight])`: the digest of the group's values, to merge and take
//! percentiles of later.

use super::common::tdigest::{DigestAggregate, DigestType};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};
use kql_syntax::KqlType;

/// `tdigest`: see [`DOC`].
pub(crate) struct TdigestFunc;

/// The reference entry of `tdigest`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "tdigest",
    aliases: &[],
    category: "aggregate",
    syntax: "tdigest(expr [, weight])",
    description: "The intermediate result of percentiles over the group, as a dynamic value: \
        merge digests with tdigest_merge and read percentiles with percentile_tdigest, so \
        that daily digests give weekly percentiles. expr is an int, long, real, decimal (as \
        real), datetime or timespan; weight (an int or long) counts each value that many \
        times, and rows whose weight is null or not positive are skipped, as are null and NaN \
        values. kqlake's digest is exact: [[type],[distinct values, ascending],[weights]], the \
        layout Kusto's examples show (type 7 for long; kqlake's 8 real, 9 datetime, 10 \
        timespan, datetimes and timespans in nanoseconds), so its percentiles are exact \
        nearest-rank ones. Null over no values.",
    returns: "dynamic",
    examples: &[Example {
        query: "datatable(V:real, W:long) [1.0, 1, 2.0, 2] | summarize TD = tdigest(V, W) | project TD, P50 = percentile_tdigest(TD, 50)",
        output: "TD,P50\n\"[[8],[1.0,2.0],[1,2]]\",2.0",
    }],
};

impl KqlFunction for TdigestFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("tdigest")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        let ([value], [weight]) = crate::args::optional::<1, 1>(&DOC, args)?;
        let Some(kind) = DigestType::of(value.kql_type()) else {
            return Err(value.type_error("number, datetime or timespan"));
        };
        let value = match kind {
            DigestType::Real => value.real()?,
            _ => value.any(),
        };
        let mut args = vec![value.expr];
        if let Some(weight) = weight {
            args.push(weight.long()?.expr);
        }
        let aggregate = DigestAggregate::Values {
            kind,
            weighted: args.len() == 2,
        };
        Ok(AggregatePlan::new(
            super::common::udaf::call(aggregate, args),
            KqlType::Dynamic,
        ))
    }
}
