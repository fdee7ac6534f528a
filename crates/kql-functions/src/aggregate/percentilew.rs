//! `percentilew(expr, weight, percentile)`: the weighted nearest-rank percentile of the values.

use super::common::nearest_rank::{Shape, percentile_names, percentile_value, percentiles_of};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};

/// `percentilew`: see [`DOC`].
pub(crate) struct PercentilewFunc;

/// The reference entry of `percentilew`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "percentilew",
    aliases: &[],
    category: "aggregate",
    syntax: "percentilew(expr, weight, percentile)",
    description: "The weighted percentile-th percentile (a constant 0 to 100) of expr over the group. \
        Each value counts as weight copies of itself (weight an int or long; rows whose weight \
        is null or not positive are skipped). Nearest-rank as Kusto defines it: the value of rank ⌈P/100 · n⌉ among the ascending \
        values, the smallest for P = 0; never interpolated, so the median of 1, 2, 3, 4 is 2. \
        Kusto estimates with a t-digest (rank error up to 1 %); kqlake computes it exactly \
        (zero error, always an input value), keeping every value of the group in memory. \
        Nulls and NaN are skipped. expr is an int, long, real, decimal, datetime or timespan; the result has its type, \
        with int as long and decimal as real (Kusto.Language). An unnamed column is percentile_<expr>_<percentile>. Null over \
        no rows.",
    returns: "the type of expr (int as long, decimal as real); null when the group has no value",
    examples: &[Example {
        query: r#"datatable(ReqCount:long, LatencyBucket:long)[8, 10, 6, 20, 3, 30, 1, 40] | summarize percentilew(LatencyBucket, ReqCount, 50)"#,
        output: r#"percentile_LatencyBucket_50
20"#,
    }],
};

impl KqlFunction for PercentilewFunc {
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
        let [value, weight, p] = crate::args::fixed(&DOC, args)?;
        let p = percentile_value(p)?;
        percentiles_of(value, Some(weight), vec![p], Shape::Columns)
    }
}
