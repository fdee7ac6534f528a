//! `series_decompose_forecast(series, points [, seasonality, trend, seasonality_threshold])`:
//! the baseline of a series decomposed on all but its last points.
//!
//! Kusto documents it as `series_decompose` with the last `points` left out of the learning:
//! the forecast is the seasonal and trend components extended over the whole series (its
//! example forecasts the learned weeks and the empty last one alike). kqlake returns that
//! baseline; the choices of `series_decompose` apply.

use super::push_reals;
use super::series_decompose::{decompose_args, decompose_rows, decompose_types};
use crate::args::optional;
use crate::udf::udf;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use kql_syntax::KqlType;

/// `series_decompose_forecast`.
pub(crate) struct SeriesDecomposeForecastFunc;

const DOC: FunctionDoc = FunctionDoc {
    name: "series_decompose_forecast",
    aliases: &[],
    category: "series",
    syntax: "series_decompose_forecast(series, points [, seasonality, trend, seasonality_threshold])",
    description: "The forecast of a numeric array: the baseline (seasonal + trend) of \
        series_decompose(series, seasonality, trend, points, seasonality_threshold), learned \
        on all but the last points elements and extended over the whole array, so the last \
        points elements (typically empty bins make-series added) are predicted. Defaults and \
        kqlake's choices are series_decompose's (seasonality -1, detected; trend 'avg'; \
        seasonality_threshold 0.6).",
    returns: "dynamic array of reals as long as series; null when series is not an array",
    examples: &[Example {
        query: "print y = dynamic([1, 3, 5, 7, 0, 0]) | project series_decompose_forecast(y, 2, 0, 'linefit')",
        output: "Column1\n\"[1.0,3.0,5.0,7.0,9.0,11.0]\"",
    }],
};

impl KqlFunction for SeriesDecomposeForecastFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let ([series, points], [seasonality, trend, threshold]) = optional::<2, 3>(&DOC, args)?;
        let mut call = vec![series.dynamic()?.expr];
        call.extend(decompose_args(seasonality, trend, Some(points), threshold)?);
        let f = udf(
            "series_decompose_forecast",
            decompose_types(&[]),
            DataType::Utf8,
            |batch| {
                decompose_rows(batch, |_, _, parts, out| {
                    push_reals(out, parts.baseline.iter().copied());
                })
            },
        );
        Ok(TypedExpr::new(f.call(call), KqlType::Dynamic))
    }
}
