//! `series_fir(series, filter [, normalize [, center]])`: a finite impulse response filter.

use super::{Num, push_real, series_elements};
use crate::args::optional;
use crate::udf::udf;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::logical_expr::lit;
use kql_syntax::KqlType;

/// `series_fir`.
pub(crate) struct SeriesFirFunc;

const DOC: FunctionDoc = FunctionDoc {
    name: "series_fir",
    aliases: &[],
    category: "series",
    syntax: "series_fir(series, filter [, normalize [, center]])",
    description: "y[i] = Σ filter[k]·series[i − k] (k from 0), elements outside the series \
        counting as 0. normalize divides the filter by the sum of its coefficients (default: \
        true unless a coefficient is negative; true with a negative coefficient gives null). \
        center shifts the window by (length of filter − 1) / 2 (rounded down) so it is \
        centred on i. A series or filter element that is not a number gives null.",
    returns: "dynamic array of reals; null when series or filter is not a numeric array",
    examples: &[Example {
        query: "print x = dynamic([0, 0, 10, 20, 0]) | project avg3 = series_fir(x, dynamic([1, 1, 1])), centred = series_fir(x, dynamic([1, 1, 1]), true, true), diff = series_fir(x, dynamic([1, -1]), false)",
        output: "avg3,centred,diff\n\"[0.0,0.0,3.333333333333333,10.0,10.0]\",\"[0.0,3.333333333333333,10.0,10.0,6.666666666666666]\",\"[0.0,0.0,10.0,10.0,-20.0]\"",
    }],
};

impl KqlFunction for SeriesFirFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let ([series, filter], [normalize, center]) = optional::<2, 2>(&DOC, args)?;
        let (series, filter) = (series.dynamic()?, filter.dynamic()?);
        // A missing normalize is a null: "true unless a coefficient is negative".
        let normalize = match normalize {
            Some(n) => n.bool()?.expr,
            None => lit(datafusion::common::ScalarValue::Boolean(None)),
        };
        let center = match center {
            Some(c) => c.bool()?.expr,
            None => lit(false),
        };
        let f = udf(
            "series_fir",
            vec![
                DataType::Utf8,
                DataType::Utf8,
                DataType::Boolean,
                DataType::Boolean,
            ],
            DataType::Utf8,
            |batch| {
                let series = batch.strings(0)?;
                let filter = batch.strings(1)?;
                let normalize = batch.bools(2)?;
                let center = batch.bools(3)?;
                batch.string_result(|row, out| {
                    let (Some(x), Some(f)) = (
                        series.get(row).and_then(numbers),
                        filter.get(row).and_then(numbers),
                    ) else {
                        return false;
                    };
                    let negative = f.iter().any(|c| *c < 0.0);
                    let mut f = f;
                    match normalize.get(row) {
                        Some(true) if negative => return false,
                        Some(true) | None if !negative => {
                            let sum: f64 = f.iter().sum();
                            f.iter_mut().for_each(|c| *c /= sum);
                        }
                        _ => {}
                    }
                    let shift = if center.get(row).unwrap_or(false) {
                        (f.len().saturating_sub(1) / 2) as isize
                    } else {
                        0
                    };
                    out.push('[');
                    for i in 0..x.len() {
                        if i > 0 {
                            out.push(',');
                        }
                        let mut y = 0.0;
                        for (k, c) in f.iter().enumerate() {
                            let j = i as isize + shift - k as isize;
                            if let Some(v) = usize::try_from(j).ok().and_then(|j| x.get(j)) {
                                y += c * v;
                            }
                        }
                        push_real(out, y);
                    }
                    out.push(']');
                    true
                })
            },
        );
        Ok(TypedExpr::new(
            f.call(vec![series.expr, filter.expr, normalize, center]),
            KqlType::Dynamic,
        ))
    }
}

/// The elements of a numeric array as reals; `None` when it is not an array or an element is
/// not a number.
pub(crate) fn numbers(json: &str) -> Option<Vec<f64>> {
    series_elements(json)?
        .iter()
        .map(|e| Num::parse(e).map(Num::real))
        .collect()
}
