//! `series_cosine_similarity(series1, series2 [, magnitude1 [, magnitude2]])`: the cosine of
//! the angle between two numeric arrays.

use super::series_dot_product::paired_numbers;
use super::series_elements;
use crate::args::optional;
use crate::udf::udf;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Float64Type};
use datafusion::logical_expr::lit;
use kql_syntax::KqlType;

/// `series_cosine_similarity`.
pub(crate) struct SeriesCosineSimilarityFunc;

const DOC: FunctionDoc = FunctionDoc {
    name: "series_cosine_similarity",
    aliases: &[],
    category: "series",
    syntax: "series_cosine_similarity(series1, series2 [, magnitude1 [, magnitude2]])",
    description: "The cosine similarity of two numeric arrays: series_dot_product(series1, \
        series2) / (magnitude1 * magnitude2). The longer array is cut to the length of the \
        shorter, and a position where either element is not a number is skipped, for the dot \
        product and for the magnitudes kqlake computes (those of the vectors compared), when \
        magnitude1 or magnitude2 is not given. An empty array gives null; a vector of zeros \
        gives NaN (0 / 0), as does a given magnitude of 0.",
    returns: "real; null when a series is not an array or empty, or a given magnitude is null",
    examples: &[Example {
        query: "print s1 = dynamic([3, 4]), s2 = dynamic([4, 3]) | project series_cosine_similarity(s1, s2), series_cosine_similarity(s1, s2, 10, 1)",
        output: "Column1,Column2\n0.96,2.4",
    }],
};

impl KqlFunction for SeriesCosineSimilarityFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let ([a, b], [m1, m2]) = optional::<2, 2>(&DOC, args)?;
        let (a, b) = (a.dynamic()?, b.dynamic()?);
        // A magnitude not given is a null here, with a flag saying so: the body computes it.
        let magnitude = |m: Option<crate::args::Arg>| match m {
            Some(m) => m.real().map(|m| (m.expr, lit(true))),
            None => Ok((
                lit(datafusion::common::ScalarValue::Float64(None)),
                lit(false),
            )),
        };
        let ((m1, given1), (m2, given2)) = (magnitude(m1)?, magnitude(m2)?);
        let f = udf(
            "series_cosine_similarity",
            vec![
                DataType::Utf8,
                DataType::Utf8,
                DataType::Float64,
                DataType::Boolean,
                DataType::Float64,
                DataType::Boolean,
            ],
            DataType::Float64,
            |batch| {
                let a = batch.strings(0)?;
                let b = batch.strings(1)?;
                let m1 = batch.primitives::<Float64Type>(2)?;
                let given1 = batch.bools(3)?;
                let m2 = batch.primitives::<Float64Type>(4)?;
                let given2 = batch.bools(5)?;
                batch.primitive_result::<Float64Type>(|row| {
                    let a = a.get(row).and_then(series_elements)?;
                    let b = b.get(row).and_then(series_elements)?;
                    if a.is_empty() || b.is_empty() {
                        return None;
                    }
                    let (mut dot, mut aa, mut bb) = (0.0, 0.0, 0.0);
                    for (x, y) in paired_numbers(&a, &b) {
                        dot += x * y;
                        aa += x * x;
                        bb += y * y;
                    }
                    let m1 = if given1.get(row)? {
                        m1.get(row)?
                    } else {
                        aa.sqrt()
                    };
                    let m2 = if given2.get(row)? {
                        m2.get(row)?
                    } else {
                        bb.sqrt()
                    };
                    Some(dot / (m1 * m2))
                })
            },
        );
        Ok(TypedExpr::new(
            f.call(vec![a.expr, b.expr, m1, given1, m2, given2]),
            KqlType::Real,
        ))
    }
}
