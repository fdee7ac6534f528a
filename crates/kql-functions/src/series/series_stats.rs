//! `series_stats(series [, ignore_nonfinite])`: a series' statistics as several columns.

use super::series_stats_dynamic::SERIES_STATS_DYNAMIC;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use kql_syntax::KqlType;

/// `series_stats`.
pub(crate) struct SeriesStatsFunc;

const DOC: FunctionDoc = FunctionDoc {
    name: "series_stats",
    aliases: &[],
    category: "series",
    syntax: "series_stats(series [, ignore_nonfinite])",
    description: "The statistics of series_stats_dynamic() as columns min, min_idx, max, \
        max_idx, avg, stdev, variance, named series_stats_<series column>_<statistic> \
        (series_stats_<statistic> when series is not a column). Used alone as an item of \
        extend or project; extend (a, b, …) = series_stats(x) names the first columns and \
        drops the rest.",
    returns: "seven columns: min, max, avg, stdev, variance real; min_idx, max_idx long",
    examples: &[Example {
        query: "print x = dynamic([23, 46, 23, 87, 4, 8, 3, 75, 2, 56, 13, 75, 32, 16, 29]) | project series_stats(x)",
        output: "series_stats_x_min,series_stats_x_min_idx,series_stats_x_max,series_stats_x_max_idx,series_stats_x_avg,series_stats_x_stdev,series_stats_x_variance\n2,8,87,3,32.8,28.50363385354827,812.4571428571429",
    }],
};

impl KqlFunction for SeriesStatsFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn yields_scalar_columns(&self) -> bool {
        true
    }

    fn plan_scalar(&self, _: Vec<TypedExpr>, _: &CallContext) -> Result<TypedExpr, FunctionError> {
        Err(several_columns(&DOC, Some("series_stats_dynamic")))
    }

    fn plan_columns(
        &self,
        args: Vec<TypedExpr>,
    ) -> Result<Vec<(&'static str, TypedExpr)>, FunctionError> {
        let bag = SERIES_STATS_DYNAMIC.plan(&DOC, args)?;
        Ok([
            ("min", KqlType::Real),
            ("min_idx", KqlType::Long),
            ("max", KqlType::Real),
            ("max_idx", KqlType::Long),
            ("avg", KqlType::Real),
            ("stdev", KqlType::Real),
            ("variance", KqlType::Real),
        ]
        .into_iter()
        .map(|(key, ty)| (key, super::member_as(&bag, key, ty)))
        .collect())
    }
}

/// The error of a multi-column function used inside an expression, naming its one-value twin
/// (`series_stats_dynamic`) when it has one.
pub(crate) fn several_columns(doc: &FunctionDoc, dynamic: Option<&str>) -> FunctionError {
    let twin = dynamic.map_or_else(String::new, |d| format!(", or use {d}()"));
    FunctionError::call(
        doc,
        format!(
            "returns several columns: use it alone in extend or project (extend {}(x)){twin}",
            doc.name
        ),
    )
}
