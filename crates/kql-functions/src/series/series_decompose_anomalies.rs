//! `series_decompose_anomalies(series [, threshold, seasonality, trend, test_points,
//! ad_method, seasonality_threshold])`: anomalies of a series' residual, as three columns.
//!
//! Kusto documents the algorithm: `series_decompose` with the same arguments, then
//! `series_outliers` of the residual with ad_method (the score), then a flag of +1 / −1 where
//! the score is above threshold / below −threshold. Where it is silent kqlake chooses: the
//! outlier percentiles are taken over the residuals of the learning points only (test points
//! are scored against them, like a forecast), and a missing point scores 0.

use super::push_reals;
use super::series_decompose::{
    Decomposition, decompose_args, decompose_rows, decompose_types, real_or,
};
use super::series_outliers::{Fence, percentiles};
use crate::args::optional;
use crate::udf::udf;
use crate::{Example, FunctionDoc, FunctionError, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Float64Type};
use kql_syntax::KqlType;
use std::fmt::Write;

/// `series_decompose_anomalies`.
pub(crate) struct SeriesDecomposeAnomaliesFunc;

const DOC: FunctionDoc = FunctionDoc {
    name: "series_decompose_anomalies",
    aliases: &[],
    category: "series",
    syntax: "series_decompose_anomalies(series [, threshold, seasonality, trend, test_points, ad_method, seasonality_threshold])",
    description: "Anomalies of a numeric array: series_decompose(series, seasonality, trend, \
        test_points, seasonality_threshold) (see it for the defaults and kqlake's choices), \
        then ad_score = series_outliers(residual, ad_method) ('ctukey', the default, on the \
        10th-90th percentiles, or 'tukey' on the 25th-75th; see series_outliers for the \
        score), then ad_flag = 1 where ad_score > threshold (default 1.5), -1 where ad_score < \
        -threshold, else 0. Columns ad_flag (longs), ad_score and baseline (reals), named \
        series_decompose_anomalies_<series column>_<field>. kqlake's choices where Kusto is \
        silent: the percentiles are taken over the residuals of the learning points only \
        (the first n - test_points), and a missing point (null, not a finite number) scores \
        0. Used alone as an item of extend or project.",
    returns: "three columns: ad_flag, ad_score, baseline dynamic; null when series is not an \
        array",
    examples: &[Example {
        query: "print y = dynamic([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 50]) | project series_decompose_anomalies(y, 1.5, 0, 'none')",
        output: "series_decompose_anomalies_y_ad_flag,series_decompose_anomalies_y_ad_score,series_decompose_anomalies_y_baseline\n\"[0,0,0,0,0,0,0,0,0,0,1]\",\"[-0.125,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,5.0]\",\"[0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0]\"",
    }],
};

several_columns_function!(SeriesDecomposeAnomaliesFunc, DOC, plan_anomalies);

/// Plans the columns of a call.
fn plan_anomalies(args: Vec<TypedExpr>) -> Result<Vec<(&'static str, TypedExpr)>, FunctionError> {
    let (
        [series],
        [
            threshold,
            seasonality,
            trend,
            test_points,
            method,
            season_threshold,
        ],
    ) = optional::<1, 6>(&DOC, args)?;
    let mut call = vec![series.dynamic()?.expr];
    let threshold = real_or(threshold, 1.5)?;
    let (lo, hi) = percentiles(method, None, None)?;
    call.extend(decompose_args(
        seasonality,
        trend,
        test_points,
        season_threshold,
    )?);
    call.extend([threshold, lo, hi]);
    let f = udf(
        "series_decompose_anomalies",
        decompose_types(&[DataType::Float64, DataType::Float64, DataType::Float64]),
        DataType::Utf8,
        |batch| {
            let threshold = batch.primitives::<Float64Type>(5)?;
            let lo = batch.primitives::<Float64Type>(6)?;
            let hi = batch.primitives::<Float64Type>(7)?;
            decompose_rows(batch, |row, values, parts, out| {
                let scores = anomaly_scores(values, parts, Fence::new(lo.get(row), hi.get(row)));
                let threshold = threshold.get(row).unwrap_or(1.5);
                out.push_str("{\"ad_flag\":[");
                for (i, score) in scores.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    let flag = if *score > threshold {
                        1
                    } else if *score < -threshold {
                        -1
                    } else {
                        0
                    };
                    let _ = write!(out, "{flag}");
                }
                out.push_str("],\"ad_score\":");
                push_reals(out, scores);
                out.push_str(",\"baseline\":");
                push_reals(out, parts.baseline.iter().copied());
                out.push('}');
            })
        },
    );
    let bag = TypedExpr::new(f.call(call), KqlType::Dynamic);
    Ok(super::bag_columns(
        &bag,
        &["ad_flag", "ad_score", "baseline"],
    ))
}

/// The outlier scores of the residuals, percentiles from the learning points'; all 0 without
/// a fence.
fn anomaly_scores(values: &[Option<f64>], parts: &Decomposition, fence: Option<Fence>) -> Vec<f64> {
    match fence {
        Some(fence) => fence.scores(&parts.residual(values), parts.learned),
        None => vec![0.0; values.len()],
    }
}
