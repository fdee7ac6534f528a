//! `series_pearson_correlation(series1, series2)`: the Pearson correlation coefficient of two
//! numeric arrays.

use super::{Num, series_elements};
use crate::args::fixed;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};

/// `series_pearson_correlation`.
pub(crate) struct SeriesPearsonCorrelationFunc;

const DOC: FunctionDoc = FunctionDoc {
    name: "series_pearson_correlation",
    aliases: &[],
    category: "series",
    syntax: "series_pearson_correlation(series1, series2)",
    description: "The Pearson correlation coefficient of two numeric arrays of the same \
        length: the sum of (x - mean x) * (y - mean y) over the square root of the product \
        of the sums of (x - mean x)² and (y - mean y)². Arrays of different lengths, or an \
        element that is not a number (null included), give null, as Kusto's page says; so do \
        empty arrays. A constant array gives NaN (0 / 0).",
    returns: "real; null when an argument is not an array",
    examples: &[Example {
        query: "print s1 = dynamic([1, 2, 3]), s2 = dynamic([6, 4, 2]) | project series_pearson_correlation(s1, s2)",
        output: "Column1\n-1",
    }],
};

impl KqlFunction for SeriesPearsonCorrelationFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [a, b] = fixed(&DOC, args)?;
        let (a, b) = (a.dynamic()?, b.dynamic()?);
        Ok(super::real_of_two::<Self>(a, b))
    }
}

impl super::RealOfTwo for SeriesPearsonCorrelationFunc {
    const NAME: &'static str = "series_pearson_correlation";

    fn compute(a: &str, b: &str) -> Option<f64> {
        let a = series_elements(a)?;
        let b = series_elements(b)?;
        if a.is_empty() || a.len() != b.len() {
            return None;
        }
        let (xs, ys): (Vec<f64>, Vec<f64>) = a
            .iter()
            .zip(&b)
            .map(|(x, y)| Some((Num::parse(x)?.real(), Num::parse(y)?.real())))
            .collect::<Option<Vec<_>>>()?
            .into_iter()
            .unzip();
        Some(pearson(&xs, &ys))
    }
}

/// The coefficient of two equally long, non-empty samples (two passes: means, then sums of
/// deviations, which stay accurate where one-pass sums of squares cancel).
fn pearson(xs: &[f64], ys: &[f64]) -> f64 {
    let n = xs.len() as f64;
    let mx = xs.iter().sum::<f64>() / n;
    let my = ys.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        let (dx, dy) = (x - mx, y - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    sxy / (sxx * syy).sqrt()
}
