//! `percentile(expr, percentile)`: the nearest-rank percentile of the values.

use super::common::nearest_rank::{Shape, percentile_names, percentile_value, percentiles_of};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};

/// `percentile`: see [`DOC`].
pub(crate) struct PercentileFunc;

/// The reference entry of `percentile`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "percentile",
    aliases: &[],
    category: "aggregate",
    syntax: "percentile(expr, percentile)",
    description: "The percentile-th percentile (a constant 0 to 100) of expr over the group. Nearest-rank as Kusto defines it: the value of rank ⌈P/100 · n⌉ among the ascending \
        values, the smallest for P = 0; never interpolated, so the median of 1, 2, 3, 4 is 2. \
        Kusto estimates with a t-digest (rank error up to 1 %); kqlake computes it exactly \
        (zero error, always an input value), keeping every value of the group in memory. \
        Nulls and NaN are skipped. expr is an int, long, real, decimal, datetime or timespan; the result has its type, \
        with int as long and decimal as real (Kusto.Language). \
        An unnamed column is percentile_<expr>_<percentile> (99.9 → 99_9). Null over no rows.",
    returns: "the type of expr (int as long, decimal as real); null when the group has no value",
    examples: &[Example {
        query: r#"datatable(x:long)[10, 20, 30, 40, 50, 60, 70, 80, 90, 100] | summarize percentile(x, 95), p50 = percentile(x, 50), percentile(x, 0)"#,
        output: r#"percentile_x_95,p50,percentile_x_0
100,50,10"#,
    }],
};

impl KqlFunction for PercentileFunc {
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
        percentile_names(first, args.get(1..).unwrap_or_default())
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        let [value, p] = crate::args::fixed(&DOC, args)?;
        let p = percentile_value(p)?;
        percentiles_of(value, None, vec![p], Shape::Columns)
    }
}
