//! `percentiles_array(expr, percentile1 [, percentile2, …])`: several nearest-rank percentiles as one dynamic array.

use super::common::nearest_rank::{Shape, percentile_array, percentile_value, percentiles_of};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};

/// `percentiles_array`: see [`DOC`].
pub(crate) struct PercentilesArrayFunc;

/// The reference entry of `percentiles_array`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "percentiles_array",
    aliases: &[],
    category: "aggregate",
    syntax: "percentiles_array(expr, percentile1 [, percentile2, …])",
    description: "The percentiles of expr as one dynamic array, in order; the percentiles are constants 0 \
        to 100, or one constant dynamic array of them (percentiles_array(x, dynamic([50, \
        95]))). An unnamed column is percentiles_<expr>. Nearest-rank as Kusto defines it: the value of rank ⌈P/100 · n⌉ among the ascending \
        values, the smallest for P = 0; never interpolated, so the median of 1, 2, 3, 4 is 2. \
        Kusto estimates with a t-digest (rank error up to 1 %); kqlake computes it exactly \
        (zero error, always an input value), keeping every value of the group in memory. \
        Nulls and NaN are skipped. expr is an int, long, real, decimal, datetime or timespan; the result has its type, \
        with int as long and decimal as real (Kusto.Language). Values keep their JSON \
        form (a real keeps a fraction: 20.0). Null over no rows.",
    returns: "dynamic (an array)",
    examples: &[Example {
        query: r#"datatable(x:long)[10, 20, 30, 40, 50, 60, 70, 80, 90, 100] | summarize percentiles_array(x, 5, 50, 99.9), d = percentiles_array(x, dynamic([25, 75]))"#,
        output: r#"percentiles_x,d
"[10,50,100]","[30,80]""#,
    }],
};

impl KqlFunction for PercentilesArrayFunc {
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
        let args = crate::args::variadic(&DOC, args, 2..=usize::MAX)?;
        let mut args = args.into_iter();
        let value = args
            .next()
            .ok_or_else(|| FunctionError::call(&DOC, "expected a value"))?;
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
        percentiles_of(value, None, ps, Shape::Array)
    }
}
