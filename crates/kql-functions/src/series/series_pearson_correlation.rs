//! `series_pearson_correlation(series1, series2)`: the Pearson correlation coefficient of two
//! numeric arrays.

use super::{Num, series_elements};
use crate::args::fixed;
use crate::udf::udf;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Float64Type};
use kql_syntax::KqlType;

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
        let f = udf(
            "series_pearson_correlation",
            vec![DataType::Utf8, DataType::Utf8],
            DataType::Float64,
            |batch| {
                let a = batch.strings(0)?;
                let b = batch.strings(1)?;
                let mut xs = Vec::new();
                let mut ys = Vec::new();
                batch.primitive_result::<Float64Type>(|row| {
                    let a = a.get(row).and_then(series_elements)?;
                    let b = b.get(row).and_then(series_elements)?;
                    if a.is_empty() || a.len() != b.len() {
                        return None;
                    }
                    xs.clear();
                    ys.clear();
                    for (x, y) in a.iter().zip(&b) {
                        xs.push(Num::parse(x)?.real());
                        ys.push(Num::parse(y)?.real());
                    }
                    Some(pearson(&xs, &ys))
                })
            },
        );
        Ok(TypedExpr::new(f.call(vec![a.expr, b.expr]), KqlType::Real))
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
