//! `series_decompose(series [, seasonality, trend, test_points, seasonality_threshold])`: a
//! series split into baseline, seasonal, trend and residual components, as four columns.
//!
//! Kusto documents the steps (seasonal = median of the points in the same phase; deseasonal =
//! x − seasonal; trend = its average, line fit or none; baseline = seasonal + trend; residual
//! = x − baseline) and that test points are left out of the learning. Where it is silent
//! kqlake chooses, and says so in the doc: the seasonal and trend components are learned on
//! the first n − test_points points and extended over all n (the seasonal medians repeat by
//! phase, the trend line continues); a phase without numbers has seasonal 0; missing
//! elements (null, not a finite number) are left out of the learning and have a null
//! residual; seasonality −1 takes `series_periods_detect`'s best period of the learning
//! points (from 4 to under half their length) when it scores at least seasonality_threshold.

use super::series_periods_detect::best_period;
use super::{numbers, push_reals, series_elements};
use crate::args::{Arg, optional};
use crate::udf::{Batch, udf};
use crate::{Example, FunctionDoc, FunctionError, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Float64Type, Int64Type};
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, Expr, lit};
use kql_syntax::KqlType;

/// `series_decompose`.
pub(crate) struct SeriesDecomposeFunc;

const DOC: FunctionDoc = FunctionDoc {
    name: "series_decompose",
    aliases: &[],
    category: "series",
    syntax: "series_decompose(series [, seasonality, trend, test_points, seasonality_threshold])",
    description: "Splits a numeric array into columns baseline, seasonal, trend and residual \
        (dynamic arrays of reals, named series_decompose_<series column>_<component>). \
        seasonal: for a period of seasonality bins, the median of the points in the same \
        phase (i mod period; the mean of the middle two for an even count); 0 for \
        seasonality 0 or below -1. seasonality -1 (the default) detects the period with \
        series_periods_detect (kqlake's scoring: see it) from 4 to under half the learning \
        points, used when it scores at least seasonality_threshold (default 0.6), else 0. \
        trend, of x - seasonal: 'avg' (the default) its average, 'linefit' its least-squares \
        line over the positions, 'none' 0. baseline = seasonal + trend; residual = x - \
        baseline. Seasonal and trend are learned on the first n - test_points points \
        (default 0) and extended over all points. Kusto leaves open, and kqlake chooses: \
        elements that are null or not finite numbers are left out of the learning and get a \
        null residual; a phase without numbers has seasonal 0. Used alone as an item of \
        extend or project.",
    returns: "four columns: baseline, seasonal, trend, residual dynamic; null when series is \
        not an array",
    examples: &[Example {
        query: "print y = dynamic([1, 3, 2, 5, 3, 4, 6, 4]) | project series_decompose(y, 2)",
        output: "series_decompose_y_baseline,series_decompose_y_seasonal,series_decompose_y_trend,series_decompose_y_residual\n\"[2.75,4.25,2.75,4.25,2.75,4.25,2.75,4.25]\",\"[2.5,4.0,2.5,4.0,2.5,4.0,2.5,4.0]\",\"[0.25,0.25,0.25,0.25,0.25,0.25,0.25,0.25]\",\"[-1.75,-1.25,-0.75,0.75,0.25,-0.25,3.25,-0.25]\"",
    }],
};

several_columns_function!(SeriesDecomposeFunc, DOC, plan_decompose);

/// Plans the columns of a call.
fn plan_decompose(args: Vec<TypedExpr>) -> Result<Vec<(&'static str, TypedExpr)>, FunctionError> {
    let ([series], [seasonality, trend, test_points, threshold]) = optional::<1, 4>(&DOC, args)?;
    let mut call = vec![series.dynamic()?.expr];
    call.extend(decompose_args(seasonality, trend, test_points, threshold)?);
    let f = udf(
        "series_decompose",
        decompose_types(&[]),
        DataType::Utf8,
        |batch| {
            decompose_rows(batch, |_, values, parts, out| {
                for (i, (key, component)) in [
                    ("baseline", &parts.baseline),
                    ("seasonal", &parts.seasonal),
                    ("trend", &parts.trend),
                ]
                .into_iter()
                .enumerate()
                {
                    out.push(if i == 0 { '{' } else { ',' });
                    out.push_str(&format!("\"{key}\":"));
                    push_reals(out, component.iter().copied());
                }
                out.push_str(",\"residual\":");
                push_optional_reals(out, &parts.residual(values));
                out.push('}');
            })
        },
    );
    let bag = TypedExpr::new(f.call(call), KqlType::Dynamic);
    Ok(super::bag_columns(
        &bag,
        &["baseline", "seasonal", "trend", "residual"],
    ))
}

/// The trend component's kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Trend {
    /// The average of the deseasonal learning points.
    Avg,
    /// Their least-squares line over the positions.
    LineFit,
    /// No trend (0).
    None,
}

impl Trend {
    fn parse(name: &str) -> Option<Trend> {
        match name {
            "avg" => Some(Trend::Avg),
            "linefit" => Some(Trend::LineFit),
            "none" => Some(Trend::None),
            _ => None,
        }
    }
}

/// The argument expressions a decomposition UDF takes after the series: seasonality (long,
/// default −1), trend (its name), test points (long, default 0), seasonality threshold (real,
/// default 0.6). A trend other than avg/linefit/none is an error on that argument.
pub(crate) fn decompose_args(
    seasonality: Option<Arg>,
    trend: Option<Arg>,
    test_points: Option<Arg>,
    threshold: Option<Arg>,
) -> std::result::Result<Vec<Expr>, FunctionError> {
    let trend = match trend {
        Some(arg) => {
            let error = arg.error("expected 'avg', 'linefit' or 'none'");
            let name = arg.string_literal()?;
            Trend::parse(&name).ok_or(error)?;
            name
        }
        None => "avg".to_owned(),
    };
    Ok(vec![
        long_or(seasonality, -1)?,
        lit(trend),
        long_or(test_points, 0)?,
        real_or(threshold, 0.6)?,
    ])
}

/// A long argument, `default` when omitted or null.
pub(crate) fn long_or(arg: Option<Arg>, default: i64) -> std::result::Result<Expr, FunctionError> {
    Ok(match arg {
        Some(arg) => {
            datafusion::functions::core::expr_fn::coalesce(vec![arg.long()?.expr, lit(default)])
        }
        None => lit(default),
    })
}

/// A numeric argument as a real, `default` when omitted or null.
pub(crate) fn real_or(arg: Option<Arg>, default: f64) -> std::result::Result<Expr, FunctionError> {
    Ok(match arg {
        Some(arg) => {
            datafusion::functions::core::expr_fn::coalesce(vec![arg.real()?.expr, lit(default)])
        }
        None => lit(default),
    })
}

/// The Arrow types of a decomposition UDF's arguments, followed by `extra`.
pub(crate) fn decompose_types(extra: &[DataType]) -> Vec<DataType> {
    let mut types = vec![
        DataType::Utf8,
        DataType::Int64,
        DataType::Utf8,
        DataType::Int64,
        DataType::Float64,
    ];
    types.extend_from_slice(extra);
    types
}

/// A string result of each row's decomposition (arguments as [`decompose_args`] plans them,
/// after the series): `emit(row, values, parts, out)`; null where the series is not an array.
pub(crate) fn decompose_rows(
    batch: &Batch,
    mut emit: impl FnMut(usize, &[Option<f64>], &Decomposition, &mut String),
) -> Result<ColumnarValue> {
    let series = batch.strings(0)?;
    let seasonality = batch.primitives::<Int64Type>(1)?;
    let trend = batch.strings(2)?;
    let test_points = batch.primitives::<Int64Type>(3)?;
    let threshold = batch.primitives::<Float64Type>(4)?;
    batch.string_result(|row, out| {
        let Some(elements) = series.get(row).and_then(series_elements) else {
            return false;
        };
        let values = numbers(&elements);
        let parts = decompose(
            &values,
            seasonality.get(row).unwrap_or(-1),
            trend.get(row).and_then(Trend::parse).unwrap_or(Trend::Avg),
            test_points.get(row).unwrap_or(0),
            threshold.get(row).unwrap_or(0.6),
        );
        emit(row, &values, &parts, out);
        true
    })
}

/// A series' components.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Decomposition {
    pub(crate) baseline: Vec<f64>,
    pub(crate) seasonal: Vec<f64>,
    pub(crate) trend: Vec<f64>,
    /// How many points the components were learned on (the first ones).
    pub(crate) learned: usize,
}

impl Decomposition {
    /// x − baseline; `None` where x is missing.
    pub(crate) fn residual(&self, values: &[Option<f64>]) -> Vec<Option<f64>> {
        values
            .iter()
            .zip(&self.baseline)
            .map(|(x, b)| x.map(|x| x - b))
            .collect()
    }
}

/// Decomposes `values` (`None` for missing points), learning on all but the last
/// `test_points`.
pub(crate) fn decompose(
    values: &[Option<f64>],
    seasonality: i64,
    trend: Trend,
    test_points: i64,
    threshold: f64,
) -> Decomposition {
    let n = values.len();
    let learned = n - usize::try_from(test_points.max(0)).unwrap_or(n).min(n);
    let learning = &values[..learned];
    let period = match seasonality {
        -1 => best_period(learning, threshold),
        p if p > 0 => usize::try_from(p).unwrap_or(usize::MAX),
        _ => 0,
    };
    let seasonal = seasonal(learning, period, n);
    let deseasonal: Vec<Option<f64>> = learning
        .iter()
        .zip(&seasonal)
        .map(|(x, s)| x.map(|x| x - s))
        .collect();
    let trend = match trend {
        Trend::Avg => {
            let present: Vec<f64> = deseasonal.iter().flatten().copied().collect();
            let avg = if present.is_empty() {
                0.0
            } else {
                present.iter().sum::<f64>() / present.len() as f64
            };
            vec![avg; n]
        }
        Trend::LineFit => {
            let (slope, intercept) = line(&deseasonal);
            (0..n).map(|i| intercept + slope * i as f64).collect()
        }
        Trend::None => vec![0.0; n],
    };
    let baseline = seasonal.iter().zip(&trend).map(|(s, t)| s + t).collect();
    Decomposition {
        baseline,
        seasonal,
        trend,
        learned,
    }
}

/// The seasonal component over `n` points of a `period` (0: none) learned on `learning`.
fn seasonal(learning: &[Option<f64>], period: usize, n: usize) -> Vec<f64> {
    if period == 0 {
        return vec![0.0; n];
    }
    let mut phase = Vec::new();
    let medians: Vec<f64> = (0..period.min(n))
        .map(|p| {
            phase.clear();
            phase.extend(learning.iter().skip(p).step_by(period).flatten());
            super::series_seasonal::median(&mut phase).unwrap_or(0.0)
        })
        .collect();
    (0..n).map(|i| medians[i % period]).collect()
}

/// The least-squares line (slope, value at position 0) through the present points at
/// positions 0, 1, …; a constant for one point (or all at one position), 0 for none.
fn line(points: &[Option<f64>]) -> (f64, f64) {
    let present: Vec<(f64, f64)> = points
        .iter()
        .enumerate()
        .filter_map(|(i, y)| y.map(|y| (i as f64, y)))
        .collect();
    if present.is_empty() {
        return (0.0, 0.0);
    }
    let count = present.len() as f64;
    let mean_x = present.iter().map(|p| p.0).sum::<f64>() / count;
    let mean_y = present.iter().map(|p| p.1).sum::<f64>() / count;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (x, y) in &present {
        sxy += (x - mean_x) * (y - mean_y);
        sxx += (x - mean_x) * (x - mean_x);
    }
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    (slope, mean_y - slope * mean_x)
}

/// Appends `[a,null,…]`.
pub(crate) fn push_optional_reals(out: &mut String, values: &[Option<f64>]) {
    out.push('[');
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match v {
            Some(v) => super::push_real(out, *v),
            None => out.push_str("null"),
        }
    }
    out.push(']');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some(v: &[f64]) -> Vec<Option<f64>> {
        v.iter().copied().map(Some).collect()
    }

    #[test]
    fn a_line_is_its_own_trend() {
        // y = 2i + 1: linefit recovers it exactly, residuals 0.
        let d = decompose(&some(&[1.0, 3.0, 5.0, 7.0]), 0, Trend::LineFit, 0, 0.6);
        assert_eq!(d.baseline, vec![1.0, 3.0, 5.0, 7.0]);
        assert_eq!(d.seasonal, vec![0.0; 4]);
    }

    #[test]
    fn test_points_are_left_out_of_the_learning() {
        // Learned on [2, 4] (avg 3), extended over the 100.
        let d = decompose(&some(&[2.0, 4.0, 100.0]), 0, Trend::Avg, 1, 0.6);
        assert_eq!(d.trend, vec![3.0; 3]);
        assert_eq!(d.learned, 2);
        let d = decompose(&some(&[2.0, 4.0]), 0, Trend::Avg, 5, 0.6);
        assert_eq!(d.trend, vec![0.0; 2]);
    }
}
