//! `percentilesw(expr, weight, percentile1 [, percentile2, …])`: several weighted nearest-rank percentiles, one column each.

use super::common::nearest_rank::{Shape, percentile_names, percentile_value, percentiles_of};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};

/// `percentilesw`: see [`DOC`].
pub(crate) struct PercentileswFunc;

/// The reference entry of `percentilesw`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "percentilesw",
    aliases: &[],
    category: "aggregate",
    syntax: "percentilesw(expr, weight, percentile1 [, percentile2, …])",
    description: "Weighted percentiles of expr over the group, one column per constant percentile (0 to \
        100), named percentile_<expr>_<percentile> (99.9 → 99_9). Each value counts as weight copies of itself (weight an int or long; rows whose weight \
        is null or not positive are skipped). Nearest-rank as Kusto defines it: the value of rank ⌈P/100 · n⌉ among the ascending \
        values, the smallest for P = 0; never interpolated, so the median of 1, 2, 3, 4 is 2. \
        Kusto estimates with a t-digest (rank error up to 1 %); kqlake computes it exactly \
        (zero error, always an input value), keeping every value of the group in memory. \
        Nulls and NaN are skipped. expr is an int, long, real, decimal, datetime or timespan; the result has its type, \
        with int as long and decimal as real (Kusto.Language). Null \
        over no rows. The example is the latency buckets of Kusto docs.",
    returns: "one column per percentile, of the type of expr (int as long, decimal as real)",
    examples: &[Example {
        query: r#"datatable(ReqCount:long, LatencyBucket:long)[8, 10, 6, 20, 3, 30, 1, 40] | summarize percentilesw(LatencyBucket, ReqCount, 50, 75, 99.9)"#,
        output: r#"percentile_LatencyBucket_50,percentile_LatencyBucket_75,percentile_LatencyBucket_99_9
20,20,40"#,
    }],
};

impl KqlFunction for PercentileswFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn aggregate_column_names(
        &self,
        _: &str,
        first: Option<&str>,
        args: &[kql_syntax::ast::Expr],
    ) -> Vec<Option<String>> {
        percentile_names(first, args.get(2..).unwrap_or_default())
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        let args = crate::args::variadic(&DOC, args, 3..=usize::MAX)?;
        let mut args = args.into_iter();
        let (Some(value), Some(weight)) = (args.next(), args.next()) else {
            return Err(FunctionError::call(&DOC, "expected a value and a weight"));
        };
        let ps = args.map(percentile_value).collect::<Result<Vec<_>, _>>()?;
        percentiles_of(value, Some(weight), ps, Shape::Columns)
    }
}
