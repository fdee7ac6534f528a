//! `percentilesw_array(expr, weight, percentile1 [, percentile2, …])`: several weighted nearest-rank percentiles as one dynamic array.

use super::common::nearest_rank::{Shape, percentile_array, percentile_value, percentiles_of};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};

/// `percentilesw_array`: see [`DOC`].
pub(crate) struct PercentileswArrayFunc;

/// The reference entry of `percentilesw_array`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "percentilesw_array",
    aliases: &[],
    category: "aggregate",
    syntax: "percentilesw_array(expr, weight, percentile1 [, percentile2, …])",
    description: "The weighted percentiles of expr as one dynamic array, in order; the percentiles are \
        constants 0 to 100, or one constant dynamic array of them. Each value counts as weight copies of itself (weight an int or long; rows whose weight \
        is null or not positive are skipped). Nearest-rank as Kusto defines it: the value of rank ⌈P/100 · n⌉ among the ascending \
        values, the smallest for P = 0; never interpolated, so the median of 1, 2, 3, 4 is 2. \
        Kusto estimates with a t-digest (rank error up to 1 %); kqlake computes it exactly \
        (zero error, always an input value), keeping every value of the group in memory. \
        Nulls and NaN are skipped. expr is an int, long, real, decimal, datetime or timespan; the result has its type, \
        with int as long and decimal as real (Kusto.Language). An \
        unnamed column is percentiles_<expr> (Kusto.Language; the example in the docs shows \
        percentile_<expr>). Null over no rows.",
    returns: "dynamic (an array)",
    examples: &[Example {
        query: r#"datatable(ReqCount:long, LatencyBucket:long)[8, 10, 6, 20, 3, 30, 1, 40] | summarize percentilesw_array(LatencyBucket, ReqCount, 50, 75, 99.9), d = percentilesw_array(LatencyBucket, ReqCount, dynamic([50, 75, 99.9]))"#,
        output: r#"percentiles_LatencyBucket,d
"[20,20,40]","[20,20,40]""#,
    }],
};

impl KqlFunction for PercentileswArrayFunc {
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
        let _ = args;
        vec![Some(format!("percentiles_{}", first.unwrap_or_default()))]
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        let args = crate::args::variadic(&DOC, args, 3..=usize::MAX)?;
        let mut args = args.into_iter();
        let (Some(value), Some(weight)) = (args.next(), args.next()) else {
            return Err(FunctionError::call(&DOC, "expected a value and a weight"));
        };
        let rest: Vec<_> = args.collect();
        let ps = match <[_; 1]>::try_from(rest) {
            Ok([array]) if array.kql_type() == kql_syntax::KqlType::Dynamic => {
                percentile_array(array)?
            }
            Ok([p]) => vec![percentile_value(p)?],
            Err(rest) => rest
                .into_iter()
                .map(percentile_value)
                .collect::<Result<Vec<_>, _>>()?,
        };
        percentiles_of(value, Some(weight), ps, Shape::Array)
    }
}
