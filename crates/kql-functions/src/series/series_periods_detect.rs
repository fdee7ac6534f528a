//! `series_periods_detect(series, min_period, max_period, num_periods)`: the most significant
//! periods of a series, as two columns.
//!
//! Kusto documents the inputs and outputs (periods in bins, ordered by a score in [0, 1];
//! periods of at least 4 points and at most half the series) but not the scoring, so kqlake
//! chooses a standard one: the autocorrelation of the mean-removed series at each whole lag
//! (normalised by the energies of the two overlapping parts, so an exactly repeated pattern
//! scores 1). A lag is a candidate when its autocorrelation is the largest within a quarter
//! of its length on either side (so the harmonics of a shorter, undetectable period — the
//! daily cycle of 12-hour bins — do not count) and at least 2/√n (the usual 95% bound of a
//! white-noise autocorrelation); multiples of a better period are dropped. Periods are shorter
//! than half the series (more than two cycles): `series_seasonal`'s page detects nothing in 12
//! points made of two 6-point cycles. On Kusto's examples this finds the documented periods
//! (14 here; 6 and 5 on `series_seasonal`'s page); the scores differ (Kusto's 14 scores
//! "approximately .84").

use super::{numbers, push_reals, series_elements};
use crate::args::fixed;
use crate::udf::udf;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Float64Type, Int64Type};
use kql_syntax::KqlType;
use std::fmt::Write;

/// `series_periods_detect`.
pub(crate) struct SeriesPeriodsDetectFunc;

const DOC: FunctionDoc = FunctionDoc {
    name: "series_periods_detect",
    aliases: &[],
    category: "series",
    syntax: "series_periods_detect(series, min_period, max_period, num_periods)",
    description: "The num_periods most significant periods of a numeric array, in bins, \
        between min_period and max_period, at least 4 and shorter than half the array's \
        length (more than two cycles, as Kusto's series_seasonal examples imply). Kusto does not document the scoring; kqlake's score of a whole period k is \
        the autocorrelation at lag k of the series less its mean (elements that are not \
        finite numbers count as the mean), Σ d[i]·d[i+k] / √(Σ d[i]² · Σ d[i+k]²) over the \
        overlap, so a repeated pattern scores 1. A period is found when its score is the \
        largest of the lags within a quarter of it on either side and at least 2/√n, and is \
        not a multiple of a better one. Columns periods (longs) and scores (reals, clamped \
        to [0, 1]), named series_periods_detect_<series column>_periods / _scores, ordered \
        by score (ties: shorter first), padded with 0 to num_periods. Used alone as an item \
        of extend or project.",
    returns: "two columns: periods, scores dynamic; null when series is not an array or an \
        argument is null",
    examples: &[Example {
        query: "print y = dynamic([1, 5, 2, 8, 3, 1, 5, 2, 8, 3, 1, 5, 2, 8, 3, 1, 5, 2, 8, 3]) | project series_periods_detect(y, 0.0, 10.0, 2)",
        output: "series_periods_detect_y_periods,series_periods_detect_y_scores\n\"[5,0]\",\"[1.0,0.0]\"",
    }],
};

impl KqlFunction for SeriesPeriodsDetectFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn yields_scalar_columns(&self) -> bool {
        true
    }

    fn plan_scalar(&self, _: Vec<TypedExpr>, _: &CallContext) -> Result<TypedExpr, FunctionError> {
        Err(super::series_stats::several_columns(&DOC, None))
    }

    fn plan_columns(
        &self,
        args: Vec<TypedExpr>,
    ) -> Result<Vec<(&'static str, TypedExpr)>, FunctionError> {
        let [series, min, max, count] = fixed(&DOC, args)?;
        let (series, min, max, count) =
            (series.dynamic()?, min.real()?, max.real()?, count.long()?);
        let f = udf(
            "series_periods_detect",
            vec![
                DataType::Utf8,
                DataType::Float64,
                DataType::Float64,
                DataType::Int64,
            ],
            DataType::Utf8,
            |batch| {
                let series = batch.strings(0)?;
                let min = batch.primitives::<Float64Type>(1)?;
                let max = batch.primitives::<Float64Type>(2)?;
                let count = batch.primitives::<Int64Type>(3)?;
                batch.string_result(|row, out| {
                    let (Some(elements), Some(min), Some(max), Some(count)) = (
                        series.get(row).and_then(series_elements),
                        min.get(row),
                        max.get(row),
                        count.get(row),
                    ) else {
                        return false;
                    };
                    let count = usize::try_from(count).unwrap_or(0);
                    let found = detect(&numbers(&elements), min, max, count);
                    out.push_str("{\"periods\":[");
                    for i in 0..count {
                        if i > 0 {
                            out.push(',');
                        }
                        let _ = write!(out, "{}", found.get(i).map_or(0, |f| f.0));
                    }
                    out.push_str("],\"scores\":");
                    push_reals(out, (0..count).map(|i| found.get(i).map_or(0.0, |f| f.1)));
                    out.push('}');
                    true
                })
            },
        );
        let bag = TypedExpr::new(
            f.call(vec![series.expr, min.expr, max.expr, count.expr]),
            KqlType::Dynamic,
        );
        Ok(["periods", "scores"]
            .into_iter()
            .map(|key| (key, super::member_as(&bag, key, KqlType::Dynamic)))
            .collect())
    }
}

/// The shortest period the detection finds (Kusto's page: at least 4 points).
const MIN_PERIOD: usize = 4;

/// Up to `count` periods of `values` between `min` and `max` (and from 4 to under half the
/// length) with their scores, best first.
pub(crate) fn detect(
    values: &[Option<f64>],
    min: f64,
    max: f64,
    count: usize,
) -> Vec<(usize, f64)> {
    let n = values.len();
    let present: Vec<f64> = values.iter().flatten().copied().collect();
    if present.is_empty() || count == 0 || min.is_nan() || max.is_nan() {
        return Vec::new();
    }
    let mean = present.iter().sum::<f64>() / present.len() as f64;
    let d: Vec<f64> = values.iter().map(|v| v.map_or(0.0, |v| v - mean)).collect();
    let lo = MIN_PERIOD.max(min.max(0.0).ceil().min(n as f64) as usize);
    let hi = ((n - 1) / 2).min(max.max(0.0).floor().min(n as f64) as usize);
    if lo > hi {
        return Vec::new();
    }
    let window = |k: usize| (k / 4).max(1);
    // The autocorrelation of every lag a candidate is compared with.
    let first = lo - window(lo);
    let last = (hi + window(hi)).min(n - 1);
    let r: Vec<f64> = (first..=last).map(|k| autocorrelation(&d, k)).collect();
    let at = |k: usize| r[k - first];
    let bound = 2.0 / (n as f64).sqrt();
    let mut candidates: Vec<(usize, f64)> = (lo..=hi)
        .filter(|&k| {
            let w = window(k);
            let score = at(k);
            score >= bound
                && (k - w..=(k + w).min(last))
                    .all(|j| j == k || at(j) < score || (j > k && at(j) <= score))
        })
        .map(|k| (k, at(k).min(1.0)))
        .collect();
    candidates.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut kept: Vec<(usize, f64)> = Vec::new();
    for (k, score) in candidates {
        if kept.len() == count {
            break;
        }
        if kept.iter().all(|(p, _)| k % p != 0) {
            kept.push((k, score));
        }
    }
    kept
}

/// The autocorrelation at lag `k` of mean-removed values, normalised by the energies of the
/// two overlapping parts; 0 when either is 0.
fn autocorrelation(d: &[f64], k: usize) -> f64 {
    let n = d.len();
    if k >= n {
        return 0.0;
    }
    let (head, tail) = (&d[..n - k], &d[k..]);
    let cross: f64 = head.iter().zip(tail).map(|(a, b)| a * b).sum();
    let energy = head.iter().map(|a| a * a).sum::<f64>() * tail.iter().map(|b| b * b).sum::<f64>();
    if energy > 0.0 {
        cross / energy.sqrt()
    } else {
        0.0
    }
}

/// The period `series_decompose` and `series_seasonal` use for seasonality −1: the best period
/// from 4 to under half the length whose score is at least `threshold`, else 0 (no seasonality).
pub(crate) fn best_period(values: &[Option<f64>], threshold: f64) -> usize {
    detect(values, 0.0, values.len() as f64, 1)
        .first()
        .filter(|(_, score)| *score >= threshold)
        .map_or(0, |(k, _)| *k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some(v: &[f64]) -> Vec<Option<f64>> {
        v.iter().copied().map(Some).collect()
    }

    #[test]
    fn a_repeated_pattern_has_its_period() {
        let v: Vec<f64> = (0..42)
            .map(|i| [3.0, 1.0, 4.0, 1.0, 5.0, 9.0][i % 6])
            .collect();
        let found = detect(&some(&v), 0.0, 100.0, 3);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 6);
        assert!((found[0].1 - 1.0).abs() < 1e-12);
        assert_eq!(best_period(&some(&v), 0.6), 6);
    }

    #[test]
    fn constants_and_empty_series_have_none() {
        assert!(detect(&some(&[2.0; 20]), 0.0, 10.0, 2).is_empty());
        assert!(detect(&[], 0.0, 10.0, 2).is_empty());
        assert!(detect(&[None, None], 0.0, 10.0, 2).is_empty());
        assert_eq!(best_period(&some(&[2.0; 20]), 0.6), 0);
    }
}
