//! `series_fit_line(series)`: the least-squares line through a series, as several columns.

use super::series_fit_line_dynamic::plan_fit;
use super::series_stats::several_columns;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use kql_syntax::KqlType;

/// `series_fit_line`.
pub(crate) struct SeriesFitLineFunc;

const DOC: FunctionDoc = FunctionDoc {
    name: "series_fit_line",
    aliases: &[],
    category: "series",
    syntax: "series_fit_line(series)",
    description: "The fit of series_fit_line_dynamic() as columns rsquare, slope, variance, \
        rvariance, interception (reals) and line_fit (dynamic), named \
        series_fit_line_<series column>_<field>. Used alone as an item of extend or project; \
        extend (a, b, …) = series_fit_line(y) names the first columns and drops the rest.",
    returns: "six columns: rsquare, slope, variance, rvariance, interception real; line_fit \
        dynamic",
    examples: &[Example {
        query: "print y = dynamic([1, 3, 5]) | project series_fit_line(y)",
        output: "series_fit_line_y_rsquare,series_fit_line_y_slope,series_fit_line_y_variance,series_fit_line_y_rvariance,series_fit_line_y_interception,series_fit_line_y_line_fit\n1,2,4,0,-1,\"[1.0,3.0,5.0]\"",
    }],
};

impl KqlFunction for SeriesFitLineFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn yields_scalar_columns(&self) -> bool {
        true
    }

    fn plan_scalar(&self, _: Vec<TypedExpr>, _: &CallContext) -> Result<TypedExpr, FunctionError> {
        Err(several_columns(&DOC, Some("series_fit_line_dynamic")))
    }

    fn plan_columns(
        &self,
        args: Vec<TypedExpr>,
    ) -> Result<Vec<(&'static str, TypedExpr)>, FunctionError> {
        let bag = plan_fit(&DOC, args)?;
        Ok([
            ("rsquare", KqlType::Real),
            ("slope", KqlType::Real),
            ("variance", KqlType::Real),
            ("rvariance", KqlType::Real),
            ("interception", KqlType::Real),
            ("line_fit", KqlType::Dynamic),
        ]
        .into_iter()
        .map(|(key, ty)| (key, super::member_as(&bag, key, ty)))
        .collect())
    }
}
