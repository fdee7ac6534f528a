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
use crate::{Example, FunctionDoc, FunctionError, TypedExpr};
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
        by score (ties within 1e-9: shorter first), padded with 0 to num_periods. Used alone as an item \
        of extend or project.",
    returns: "two columns: periods, scores dynamic; null when series is not an array or an \
        argument is null",
    examples: &[Example {
        query: "print y = dynamic([1, 5, 2, 8, 3, 1, 5, 2, 8, 3, 1, 5, 2, 8, 3, 1, 5, 2, 8, 3]) | project series_periods_detect(y, 0.0, 10.0, 2)",
        output: "series_periods_detect_y_periods,series_periods_detect_y_scores\n\"[5,0]\",\"[1.0,0.0]\"",
    }],
};

several_columns_function!(SeriesPeriodsDetectFunc, DOC, plan_periods);

/// Plans the columns of a call.
fn plan_periods(args: Vec<TypedExpr>) -> Result<Vec<(&'static str, TypedExpr)>, FunctionError> {
    let [series, min, max, count] = fixed(&DOC, args)?;
    let (series, min, max, count) = (series.dynamic()?, min.real()?, max.real()?, count.long()?);
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
    Ok(super::bag_columns(&bag, &["periods", "scores"]))
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
    let r = autocorrelations(&d, first, last);
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
    // Best first; scores within 1e-9 (rounding: the FFT path) are ties, shorter first, so a
    // period comes before its multiples.
    let rank = |score: f64| (score * 1e9).round();
    candidates.sort_by(|a, b| rank(b.1).total_cmp(&rank(a.1)).then(a.0.cmp(&b.0)));
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

/// The most lags × points computed directly; longer series go through an FFT (the same
/// values up to rounding), so a default seasonality on a long series stays O(n log n).
const DIRECT_WORK: usize = 1 << 26;

/// The autocorrelations of mean-removed values at lags `first..=last` (`last` < n).
fn autocorrelations(d: &[f64], first: usize, last: usize) -> Vec<f64> {
    let n = d.len();
    if (last + 1 - first).saturating_mul(n) <= DIRECT_WORK {
        return (first..=last).map(|k| autocorrelation(d, k)).collect();
    }
    let cross = cross_products(d);
    let mut prefix = Vec::with_capacity(n + 1);
    prefix.push(0.0);
    for v in d {
        prefix.push(prefix[prefix.len() - 1] + v * v);
    }
    (first..=last)
        .map(|k| {
            let energy = prefix[n - k] * (prefix[n] - prefix[k]);
            if energy > 0.0 {
                cross[k] / energy.sqrt()
            } else {
                0.0
            }
        })
        .collect()
}

/// Σ d[i]·d[i+k] for every lag k < n, by FFT: the inverse transform of the power spectrum of
/// `d` zero-padded to a power of two of at least 2n (so no lag wraps around).
fn cross_products(d: &[f64]) -> Vec<f64> {
    let size = (2 * d.len()).next_power_of_two();
    let mut re = d.to_vec();
    re.resize(size, 0.0);
    let mut im = vec![0.0; size];
    fft(&mut re, &mut im, false);
    for (r, i) in re.iter_mut().zip(im.iter_mut()) {
        *r = *r * *r + *i * *i;
        *i = 0.0;
    }
    fft(&mut re, &mut im, true);
    re.truncate(d.len());
    re
}

/// An in-place radix-2 FFT of a power-of-two length (the inverse divides by the length).
fn fft(re: &mut [f64], im: &mut [f64], inverse: bool) {
    let n = re.len();
    let mut j = 0;
    for i in 1..n {
        let mut bit = n >> 1;
        while j & bit != 0 {
            j ^= bit;
            bit >>= 1;
        }
        j |= bit;
        if i < j {
            re.swap(i, j);
            im.swap(i, j);
        }
    }
    let sign = if inverse { 1.0 } else { -1.0 };
    let mut len = 2;
    while len <= n {
        let half = len / 2;
        let step = sign * std::f64::consts::TAU / len as f64;
        for start in (0..n).step_by(len) {
            for k in 0..half {
                let (wi, wr) = (step * k as f64).sin_cos();
                let (a, b) = (start + k, start + k + half);
                let tr = re[b] * wr - im[b] * wi;
                let ti = re[b] * wi + im[b] * wr;
                re[b] = re[a] - tr;
                im[b] = im[a] - ti;
                re[a] += tr;
                im[a] += ti;
            }
        }
        len *= 2;
    }
    if inverse {
        for v in re.iter_mut().chain(im.iter_mut()) {
            *v /= n as f64;
        }
    }
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
    fn the_fft_gives_the_direct_cross_products() {
        // A deterministic irregular series (a linear congruential sequence).
        let mut x: u64 = 12345;
        let d: Vec<f64> = (0..300)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (x >> 40) as f64 / 16777216.0 - 0.5
            })
            .collect();
        let cross = cross_products(&d);
        for k in [0, 1, 7, 150, 299] {
            let direct: f64 = (0..300 - k).map(|i| d[i] * d[i + k]).sum();
            assert!(
                (cross[k] - direct).abs() < 1e-9,
                "lag {k}: {} vs {direct}",
                cross[k]
            );
        }
    }

    #[test]
    fn a_long_series_detects_through_the_fft() {
        // 2^14 points of period 24 with a ramp inside each period: lags × points exceed the
        // direct budget.
        let v: Vec<f64> = (0..1 << 14).map(|i| ((i % 24) as f64).sqrt()).collect();
        let found = detect(&some(&v), 0.0, 1e9, 1);
        assert_eq!(found[0].0, 24);
        assert!((found[0].1 - 1.0).abs() < 1e-9);
    }

    #[test]
    fn constants_and_empty_series_have_none() {
        assert!(detect(&some(&[2.0; 20]), 0.0, 10.0, 2).is_empty());
        assert!(detect(&[], 0.0, 10.0, 2).is_empty());
        assert!(detect(&[None, None], 0.0, 10.0, 2).is_empty());
        assert_eq!(best_period(&some(&[2.0; 20]), 0.6), 0);
    }
}
