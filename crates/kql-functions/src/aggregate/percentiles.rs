//! `percentiles(expr, percentile1 [, percentile2, …])`: several nearest-rank percentiles, one column each.

use super::common::nearest_rank::{Shape, percentile_names, percentile_value, percentiles_of};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};

/// `percentiles`: see [`DOC`].
pub(crate) struct PercentilesFunc;

/// The reference entry of `percentiles`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "percentiles",
    aliases: &[],
    category: "aggregate",
    syntax: "percentiles(expr, percentile1 [, percentile2, …])",
    description: "Percentiles of expr over the group, one column per constant percentile (0 to 100), in \
        order, named percentile_<expr>_<percentile> (99.9 → 99_9); a name given to the call \
        names the first column. Nearest-rank as Kusto defines it: the value of rank ⌈P/100 · n⌉ among the ascending \
        values, the smallest for P = 0; never interpolated, so the median of 1, 2, 3, 4 is 2. \
        Kusto estimates with a t-digest (rank error up to 1 %); kqlake computes it exactly \
        (zero error, always an input value), keeping every value of the group in memory. \
        Nulls and NaN are skipped. expr is an int, long, real, decimal, datetime or timespan; the result has its type, \
        with int as long and decimal as real (Kusto.Language). Null over no rows.",
    returns: "one column per percentile, of the type of expr (int as long, decimal as real)",
    examples: &[
        Example {
            query: r#"datatable(x:long)[10, 20, 30, 40, 50, 60, 70, 80, 90, 100] | summarize percentiles(x, 5, 50, 99.9)"#,
            output: r#"percentile_x_5,percentile_x_50,percentile_x_99_9
10,50,100"#,
        },
        Example {
            query: r#"datatable(k:string, d:timespan)["a", 1s, "a", 3s, "a", 2s, "b", 5s] | summarize percentiles(d, 50, 100) by k | sort by k asc"#,
            output: r#"k,percentile_d_50,percentile_d_100
a,00:00:02,00:00:03
b,00:00:05,00:00:05"#,
        },
    ],
};

impl KqlFunction for PercentilesFunc {
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
        let args = crate::args::variadic(&DOC, args, 2..=usize::MAX)?;
        let mut args = args.into_iter();
        let value = args
            .next()
            .ok_or_else(|| FunctionError::call(&DOC, "expected a value"))?;
        let ps = args.map(percentile_value).collect::<Result<Vec<_>, _>>()?;
        percentiles_of(value, None, ps, Shape::Columns)
    }
}
