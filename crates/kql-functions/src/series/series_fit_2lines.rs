//! `series_fit_2lines(series)`: the best fit of a series by two lines, as several columns.

use super::series_fit_2lines_dynamic::plan_fit_2lines;
use crate::{Example, FunctionDoc, FunctionError, TypedExpr};
use kql_syntax::KqlType;

/// `series_fit_2lines`.
pub(crate) struct SeriesFitTwoLinesFunc;

const DOC: FunctionDoc = FunctionDoc {
    name: "series_fit_2lines",
    aliases: &[],
    category: "series",
    syntax: "series_fit_2lines(series)",
    description: "The fit of series_fit_2lines_dynamic() (its documentation says how the split \
        is chosen and what split_idx and the interceptions mean) as columns rsquare, \
        split_idx, variance, rvariance, line_fit, right_rsquare, right_slope, \
        right_interception, right_variance, right_rvariance, left_rsquare, left_slope, \
        left_interception, left_variance and left_rvariance, named \
        series_fit_2lines_<series column>_<field>. Used alone as an item of extend or project; \
        extend (a, b, …) = series_fit_2lines(y) names the first columns and drops the rest.",
    returns: "fifteen columns: split_idx long, line_fit dynamic, the others real",
    examples: &[Example {
        query: "print y = dynamic([1, 2.2, 2.5, 4.7, 5.0, 12, 10.3, 10.3, 9, 8.3, 6.2]) | extend (RSquare, SplitIdx, Variance, RVariance, LineFit) = series_fit_2lines(y) | project SplitIdx, RSquare = round(RSquare, 4), Variance = round(Variance, 3), First = round(todouble(LineFit[0]), 2), Last = round(todouble(LineFit[10]), 2)",
        output: "SplitIdx,RSquare,Variance,First,Last\n5,0.9865,13.894,0.98,6.76",
    }],
};

/// The columns, in Kusto's documented order, with their types; `right_x` and `left_x` are
/// member `x` of the bag's `right` and `left`.
const COLUMNS: [(&str, KqlType); 15] = [
    ("rsquare", KqlType::Real),
    ("split_idx", KqlType::Long),
    ("variance", KqlType::Real),
    ("rvariance", KqlType::Real),
    ("line_fit", KqlType::Dynamic),
    ("right_rsquare", KqlType::Real),
    ("right_slope", KqlType::Real),
    ("right_interception", KqlType::Real),
    ("right_variance", KqlType::Real),
    ("right_rvariance", KqlType::Real),
    ("left_rsquare", KqlType::Real),
    ("left_slope", KqlType::Real),
    ("left_interception", KqlType::Real),
    ("left_variance", KqlType::Real),
    ("left_rvariance", KqlType::Real),
];

several_columns_function!(
    SeriesFitTwoLinesFunc,
    DOC,
    plan_columns,
    Some("series_fit_2lines_dynamic")
);

/// The columns of the fit's bag (`right_x` and `left_x` from its `right` and `left`).
fn plan_columns(args: Vec<TypedExpr>) -> Result<Vec<(&'static str, TypedExpr)>, FunctionError> {
    let bag = plan_fit_2lines(&DOC, args)?;
    let right = super::member_as(&bag, "right", KqlType::Dynamic);
    let left = super::member_as(&bag, "left", KqlType::Dynamic);
    Ok(COLUMNS
        .into_iter()
        .map(|(name, ty)| {
            let expr = if let Some(key) = name.strip_prefix("right_") {
                super::member_as(&right, key, ty)
            } else if let Some(key) = name.strip_prefix("left_") {
                super::member_as(&left, key, ty)
            } else {
                super::member_as(&bag, name, ty)
            };
            (name, expr)
        })
        .collect())
}
