//! `series_outliers(series [, kind, ignore_val, min_percentile, max_percentile])`: Tukey's
//! fence score of each element of a numeric array.
//!
//! Kusto's page names the test (Tukey's fences, `tukey` on the 25th–75th percentiles,
//! `ctukey` on 10th–90th by default) and says a score above 1.5 / below −1.5 is a rise /
//! decline anomaly, but not the score itself nor how percentiles are interpolated. kqlake uses
//! the textbook score: with `lo`, `hi` the percentiles (linear interpolation between closest
//! ranks), `(x − hi) / (hi − lo)` above `hi`, `(x − lo) / (hi − lo)` below `lo`, else 0 — so
//! that ±1.5 is exactly Tukey's fence `hi + 1.5 (hi − lo)`. The one numeric example Kusto ever
//! published (an old revision of the page: `[30,28,5,27,31,38,29,80,25,37,30]`) is not
//! reproduced by this nor by any interpolation × score shape tried: its decline scores are
//! Tukey's 25th–75th score with the scored point left out of the percentiles, its rise scores
//! are not (they are `(x − 30) / 3`), and neither side uses the documented 10/90 default.

use super::{numbers, series_elements};
use crate::args::{Arg, optional};
use crate::udf::udf;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Float64Type};
use datafusion::logical_expr::{Expr, lit};
use kql_syntax::KqlType;

/// `series_outliers`.
pub(crate) struct SeriesOutliersFunc;

const DOC: FunctionDoc = FunctionDoc {
    name: "series_outliers",
    aliases: &[],
    category: "series",
    syntax: "series_outliers(series [, kind, ignore_val, min_percentile, max_percentile])",
    description: "Tukey's fence score of each element of a numeric array. With lo and hi the \
        percentiles of the array's numbers (linear interpolation between closest ranks, as \
        percentile() of a sorted sample at rank p/100 × (count − 1)), an element x scores \
        (x − hi)/(hi − lo) above hi, (x − lo)/(hi − lo) below lo and 0 in between, so a \
        score above 1.5 (below −1.5) is beyond Tukey's upper (lower) fence. kind 'ctukey' \
        (the default) takes min_percentile and max_percentile (default 10 and 90, each in \
        [2, 98]: a constant out of range is an error, a computed one, or min not below max, \
        gives null); 'tukey' takes the 25th and \
        75th and ignores them; any other kind is an error. Elements that are null, not \
        numbers, not finite or equal to ignore_val are left out of the percentiles and score \
        0. When hi = lo, elements outside score ±Infinity. Kusto does not document the score \
        or the interpolation; its one published numeric example (from an old revision of its \
        page) fits no single formula and is not reproduced.",
    returns: "dynamic array of reals as long as series; null when series is not an array or \
        the percentiles are out of range",
    examples: &[Example {
        query: "print s = dynamic([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 50]) | project series_outliers(s)",
        output: "Column1\n\"[-0.125,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,5.0]\"",
    }],
};

impl KqlFunction for SeriesOutliersFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let ([series], [kind, ignore, lo, hi]) = optional::<1, 4>(&DOC, args)?;
        let series = series.dynamic()?;
        let (lo, hi) = percentiles(kind, lo, hi)?;
        let f = udf(
            "series_outliers",
            vec![
                DataType::Utf8,
                DataType::Float64,
                DataType::Float64,
                DataType::Float64,
            ],
            DataType::Utf8,
            |batch| {
                let series = batch.strings(0)?;
                let ignore = batch.primitives::<Float64Type>(1)?;
                let lo = batch.primitives::<Float64Type>(2)?;
                let hi = batch.primitives::<Float64Type>(3)?;
                batch.string_result(|row, out| {
                    let Some(elements) = series.get(row).and_then(series_elements) else {
                        return false;
                    };
                    let Some(fence) = Fence::new(lo.get(row), hi.get(row)) else {
                        return false;
                    };
                    let mut values = numbers(&elements);
                    if let Some(ignore) = ignore.get(row) {
                        for v in &mut values {
                            if *v == Some(ignore) {
                                *v = None;
                            }
                        }
                    }
                    let scores = fence.scores(&values, values.len());
                    super::push_reals(out, scores);
                    true
                })
            },
        );
        Ok(TypedExpr::new(
            f.call(vec![series.expr, real_or_null(ignore)?, lo, hi]),
            KqlType::Dynamic,
        ))
    }
}

/// A numeric argument as a real, or a null real when omitted.
pub(crate) fn real_or_null(arg: Option<Arg>) -> Result<Expr, FunctionError> {
    match arg {
        Some(arg) => Ok(arg.real()?.expr),
        None => Ok(lit(datafusion::common::ScalarValue::Float64(None))),
    }
}

/// The percentile expressions of a `kind` (`ctukey` when omitted) and its optional
/// percentile arguments; an unknown kind is an error on that argument.
pub(crate) fn percentiles(
    kind: Option<Arg>,
    lo: Option<Arg>,
    hi: Option<Arg>,
) -> Result<(Expr, Expr), FunctionError> {
    let kind_name = match kind {
        Some(kind) => {
            let error = kind.error("expected 'tukey' or 'ctukey'");
            let name = kind.string_literal()?;
            match name.as_str() {
                "tukey" | "ctukey" => name,
                _ => return Err(error),
            }
        }
        None => "ctukey".to_owned(),
    };
    // The percentiles are type-checked for both kinds, range-checked for ctukey only (tukey
    // ignores them).
    let out_of_range = [&lo, &hi].into_iter().flatten().find_map(|arg| {
        let v = constant_number(arg.get()).filter(|v| !(2.0..=98.0).contains(v))?;
        Some(arg.error(format!(
            "{} must be in the range [2, 98], found {v}",
            arg.name()
        )))
    });
    let (lo, hi) = (real_or_null(lo)?, real_or_null(hi)?);
    if kind_name == "tukey" {
        return Ok((lit(25.0), lit(75.0)));
    }
    if let Some(error) = out_of_range {
        return Err(error);
    }
    let or = |e: Expr, default: f64| {
        datafusion::functions::core::expr_fn::coalesce(vec![e, lit(default)])
    };
    Ok((or(lo, 10.0), or(hi, 90.0)))
}

/// The value of a constant number argument (`10`, `-1`, `2.5`).
fn constant_number(arg: &TypedExpr) -> Option<f64> {
    use datafusion::common::ScalarValue;
    if let Some(v) = arg.as_long_literal() {
        return Some(v as f64);
    }
    match &arg.expr {
        Expr::Literal(ScalarValue::Float64(Some(v)), _) => Some(*v),
        Expr::Negative(inner) => match inner.as_ref() {
            Expr::Literal(ScalarValue::Float64(Some(v)), _) => Some(-v),
            _ => None,
        },
        _ => None,
    }
}

/// The percentile range of a Tukey test.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fence {
    lo: f64,
    hi: f64,
}

impl Fence {
    /// The fence of percentiles `lo` and `hi` (0–100); `None` unless 2 ≤ lo < hi ≤ 98.
    pub(crate) fn new(lo: Option<f64>, hi: Option<f64>) -> Option<Fence> {
        let (lo, hi) = (lo?, hi?);
        ((2.0..=98.0).contains(&lo) && (2.0..=98.0).contains(&hi) && lo < hi)
            .then_some(Fence { lo, hi })
    }

    /// The score of each value (0 for `None`), the percentiles taken over the numbers among
    /// the first `learn` values.
    pub(crate) fn scores(&self, values: &[Option<f64>], learn: usize) -> Vec<f64> {
        let mut sample: Vec<f64> = values.iter().take(learn).flatten().copied().collect();
        sample.sort_by(f64::total_cmp);
        let (Some(lo), Some(hi)) = (percentile(&sample, self.lo), percentile(&sample, self.hi))
        else {
            return vec![0.0; values.len()];
        };
        values
            .iter()
            .map(|v| match *v {
                Some(x) if x > hi => (x - hi) / (hi - lo),
                Some(x) if x < lo => (x - lo) / (hi - lo),
                _ => 0.0,
            })
            .collect()
    }
}

/// Percentile `p` (0–100) of sorted values, interpolated linearly between the closest ranks
/// (rank p/100 × (n − 1)); `None` when empty.
fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let rank = p / 100.0 * last as f64;
    let below = rank.floor() as usize;
    let above = (below + 1).min(last);
    let fraction = rank - below as f64;
    Some(sorted[below] + fraction * (sorted[above] - sorted[below]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_interpolate_between_ranks() {
        let s = [1.0, 2.0, 3.0, 4.0];
        // rank 0.1 × 3 = 0.3: 1 + 0.3 × (2 − 1).
        assert!((percentile(&s, 10.0).unwrap() - 1.3).abs() < 1e-12);
        assert_eq!(percentile(&s, 100.0), Some(4.0));
        assert_eq!(percentile(&[7.0], 90.0), Some(7.0));
        assert_eq!(percentile(&[], 90.0), None);
    }

    #[test]
    fn fence_bounds_are_checked() {
        assert!(Fence::new(Some(2.0), Some(98.0)).is_some());
        assert!(Fence::new(Some(1.0), Some(90.0)).is_none());
        assert!(Fence::new(Some(50.0), Some(50.0)).is_none());
        assert!(Fence::new(None, Some(90.0)).is_none());
    }
}
