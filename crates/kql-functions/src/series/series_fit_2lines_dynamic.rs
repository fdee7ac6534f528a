//! `series_fit_2lines_dynamic(series)`: the best fit of a series by two lines, one before and
//! one after a split, in a property bag.
//!
//! Each part is fitted by `series_fit_line`'s own code (`fit_values`); the split is chosen in
//! one pass with that code's running sums (`LineSums`), scoring every split in constant time
//! rather than refitting both parts at each one (a make-series has up to 2^20 bins).

use super::series_fit_line_dynamic::{
    LineFit, LineSums, bag_per_row, finite_values, fit_values, plan_series_bag, push_fields,
    rsquare,
};
use super::{push_real, push_reals};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use std::fmt::Write;

/// `series_fit_2lines_dynamic`.
pub(crate) struct SeriesFitTwoLinesDynamicFunc;

const DOC: FunctionDoc = FunctionDoc {
    name: "series_fit_2lines_dynamic",
    aliases: &[],
    category: "series",
    syntax: "series_fit_2lines_dynamic(series)",
    description: "Two-segment linear regression of a numeric array: every split into a left \
        part (the first k elements) and a right part (the rest), each of at least two \
        elements, is tried; each part is fitted by series_fit_line_dynamic() as a series of its \
        own (x = 1, 2, … within the part, so right.interception is the right line's value one \
        step before its first element), and the split with the largest total rsquare, 1 − \
        (left + right residual sums of squares) / total sum of squares, wins (the first of \
        splits equal to within 1e-9 of the total sum of squares, which are rounding noise). \
        split_idx is the index of the right part's first element (zero-based), which is also \
        the number of left elements: left.interception + left.slope·split_idx is the left \
        line at its last element, right.interception + right.slope the right line at its \
        first, as Kusto's series_shapes_fl() reads them. variance and rvariance are the total \
        and residual sums of squares divided by n − 1, as in series_fit_line(); line_fit holds \
        the left line's values, then the right line's. Fewer than four elements, or an element \
        that is null, not a number or not finite, give null fields. A constant series has \
        rsquare 1 and split_idx 2.",
    returns: "dynamic bag {rsquare, split_idx, variance, rvariance, line_fit, right: {rsquare, \
        slope, interception, variance, rvariance}, left: {…the same}}; null when series is \
        not an array",
    examples: &[Example {
        query: "print fit = series_fit_2lines_dynamic(dynamic([1, 2.2, 2.5, 4.7, 5.0, 12, 10.3, 10.3, 9, 8.3, 6.2])) | project SplitIdx = tolong(fit.split_idx), LeftSlope = round(todouble(fit.left.slope), 2), FirstRight = round(todouble(fit.right.interception) + todouble(fit.right.slope), 2), LastRight = round(todouble(fit.line_fit[10]), 2)",
        output: "SplitIdx,LeftSlope,FirstRight,LastRight\n5,1.05,11.94,6.76",
    }],
};

impl KqlFunction for SeriesFitTwoLinesDynamicFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        plan_fit_2lines(&DOC, args)
    }
}

/// Plans the two-line fit's bag, with argument errors reported against `doc`.
pub(crate) fn plan_fit_2lines(
    doc: &'static FunctionDoc,
    args: Vec<TypedExpr>,
) -> Result<TypedExpr, FunctionError> {
    plan_series_bag(doc, "series_fit_2lines_dynamic", args, |batch| {
        bag_per_row(batch, |out, elements| {
            let fit = finite_values(elements).and_then(|ys| fit_two_lines(&ys));
            push_two_lines(out, fit.as_ref());
        })
    })
}

/// The best two-line fit of a series.
#[derive(Debug, Clone)]
pub(crate) struct TwoLines {
    rsquare: f64,
    /// The index of the right part's first element.
    split_idx: usize,
    variance: f64,
    rvariance: f64,
    left: LineFit,
    right: LineFit,
}

/// Splits closer than this fraction of the total sum of squares are ties (rounding noise: a
/// straight line scores 0 at every split, give or take the last bits).
const TIE: f64 = 1e-9;

/// The best fit of `ys` by two lines; `None` for fewer than four values.
pub(crate) fn fit_two_lines(ys: &[f64]) -> Option<TwoLines> {
    let n = ys.len();
    if n < 4 {
        return None;
    }
    // The residual of the right part ys[s..] for every split s, adding points from the end.
    // The x positions continue the left part's; a residual does not depend on where x starts.
    let mut right_residual = vec![0.0; n];
    let mut right = LineSums::default();
    for s in (2..n).rev() {
        right.push((s + 1) as f64, ys[s]);
        right_residual[s] = right.residual();
    }
    let mut left = LineSums::default();
    left.push(1.0, ys[0]);
    let mut whole = left;
    for (i, y) in ys.iter().enumerate().skip(1) {
        whole.push((i + 1) as f64, *y);
    }
    let total = whole.total();
    let mut best: Option<(usize, f64)> = None;
    for s in 2..=n - 2 {
        left.push(s as f64, ys[s - 1]);
        let residual = left.residual() + right_residual[s];
        if best.is_none_or(|(_, b)| residual < b - TIE * total) {
            best = Some((s, residual));
        }
    }
    let (split_idx, _) = best?;
    let left = fit_values(&ys[..split_idx])?;
    let right = fit_values(&ys[split_idx..])?;
    let residual = left.residual + right.residual;
    let n = n as f64;
    Some(TwoLines {
        rsquare: rsquare(residual, total),
        split_idx,
        variance: total / (n - 1.0),
        rvariance: residual / (n - 1.0),
        left,
        right,
    })
}

/// Appends the bag of a fit (null fields for `None`).
fn push_two_lines(out: &mut String, fit: Option<&TwoLines>) {
    let Some(fit) = fit else {
        out.push_str(
            "{\"rsquare\":null,\"split_idx\":null,\"variance\":null,\"rvariance\":null,\"line_fit\":null,\
             \"right\":{\"rsquare\":null,\"slope\":null,\"interception\":null,\"variance\":null,\"rvariance\":null},\
             \"left\":{\"rsquare\":null,\"slope\":null,\"interception\":null,\"variance\":null,\"rvariance\":null}}",
        );
        return;
    };
    out.push_str("{\"rsquare\":");
    push_real(out, fit.rsquare);
    let _ = write!(out, ",\"split_idx\":{}", fit.split_idx);
    out.push_str(",\"variance\":");
    push_real(out, fit.variance);
    out.push_str(",\"rvariance\":");
    push_real(out, fit.rvariance);
    out.push_str(",\"line_fit\":");
    push_reals(out, fit.left.line.iter().chain(&fit.right.line).copied());
    for (key, line) in [("right", &fit.right), ("left", &fit.left)] {
        let _ = write!(out, ",\"{key}\":");
        push_fields(
            out,
            &[
                ("rsquare", line.rsquare),
                ("slope", line.slope),
                ("interception", line.interception),
                ("variance", line.variance),
                ("rvariance", line.rvariance),
            ],
        );
        out.push('}');
    }
    out.push('}');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The split by brute force: both parts refitted at every split, the first of the best.
    fn brute_force_split(ys: &[f64]) -> usize {
        let mut best = (0, f64::INFINITY);
        for s in 2..=ys.len() - 2 {
            let residual = fit_values(&ys[..s]).map_or(0.0, |f| f.residual)
                + fit_values(&ys[s..]).map_or(0.0, |f| f.residual);
            if residual < best.1 - 1e-9 {
                best = (s, residual);
            }
        }
        best.0
    }

    #[test]
    fn running_sums_pick_the_split_refitting_picks() {
        // The docs' chart series, a step, a V and values far from zero.
        for ys in [
            vec![1.0, 2.2, 2.5, 4.7, 5.0, 12.0, 10.3, 10.3, 9.0, 8.3, 6.2],
            vec![0.0, 0.0, 0.0, 0.0, 0.0, -50.0, -50.0, -50.0],
            vec![5.0, 3.0, 1.0, 0.5, 2.0, 4.0, 6.0],
            vec![
                1e9 + 1.0,
                1e9 + 3.0,
                1e9 + 2.0,
                1e9 + 8.0,
                1e9 + 9.0,
                1e9 + 11.0,
            ],
        ] {
            let fit = fit_two_lines(&ys).expect("at least four values");
            assert_eq!(fit.split_idx, brute_force_split(&ys), "{ys:?}");
        }
    }

    #[test]
    fn a_straight_line_splits_at_the_first_split() {
        let ys: Vec<f64> = (0..100).map(|i| 40.0 + f64::from(i)).collect();
        let fit = fit_two_lines(&ys).expect("at least four values");
        assert_eq!(fit.split_idx, 2);
        assert!((fit.rsquare - 1.0).abs() < 1e-12);
    }

    #[test]
    fn fewer_than_four_values_have_no_fit() {
        assert!(fit_two_lines(&[1.0, 2.0, 3.0]).is_none());
        assert!(fit_two_lines(&[]).is_none());
    }
}
