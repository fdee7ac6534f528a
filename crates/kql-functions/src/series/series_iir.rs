//! `series_iir(series, numerators, denominators)`: an infinite impulse response filter.

use super::push_real;
use super::series_fir::numbers;
use crate::args::fixed;
use crate::udf::udf;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use kql_syntax::KqlType;

/// `series_iir`.
pub(crate) struct SeriesIirFunc;

const DOC: FunctionDoc = FunctionDoc {
    name: "series_iir",
    aliases: &[],
    category: "series",
    syntax: "series_iir(series, numerators, denominators)",
    description: "y[i] = (Σ numerators[k]·series[i − k] − Σ denominators[k]·y[i − k] for k ≥ 1) \
        / denominators[0], elements before the start counting as 0. A series or coefficient \
        that is not a number, or denominators[0] = 0, gives null.",
    returns: "dynamic array of reals; null when an argument is not a numeric array",
    examples: &[Example {
        query: "print x = dynamic([1.0, 2.0, 3.0, 4.0]) | project y = series_iir(x, dynamic([1]), dynamic([1, -1]))",
        output: "y\n\"[1.0,3.0,6.0,10.0]\"",
    }],
};

impl KqlFunction for SeriesIirFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [series, b, a] = fixed(&DOC, args)?;
        let (series, b, a) = (series.dynamic()?, b.dynamic()?, a.dynamic()?);
        let f = udf(
            "series_iir",
            vec![DataType::Utf8, DataType::Utf8, DataType::Utf8],
            DataType::Utf8,
            |batch| {
                let series = batch.strings(0)?;
                let numerators = batch.strings(1)?;
                let denominators = batch.strings(2)?;
                batch.string_result(|row, out| {
                    let (Some(x), Some(b), Some(a)) = (
                        series.get(row).and_then(numbers),
                        numerators.get(row).and_then(numbers),
                        denominators.get(row).and_then(numbers),
                    ) else {
                        return false;
                    };
                    let Some(&a0) = a.first().filter(|a0| **a0 != 0.0) else {
                        return false;
                    };
                    let mut y: Vec<f64> = Vec::with_capacity(x.len());
                    for i in 0..x.len() {
                        let mut v = 0.0;
                        for (k, c) in b.iter().enumerate() {
                            if k <= i {
                                v += c * x[i - k];
                            }
                        }
                        for (k, c) in a.iter().enumerate().skip(1) {
                            if k <= i {
                                v -= c * y[i - k];
                            }
                        }
                        y.push(v / a0);
                    }
                    out.push('[');
                    for (i, v) in y.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        push_real(out, *v);
                    }
                    out.push(']');
                    true
                })
            },
        );
        Ok(TypedExpr::new(
            f.call(vec![series.expr, b.expr, a.expr]),
            KqlType::Dynamic,
        ))
    }
}
