//! `series_sum`, `series_product`, `series_magnitude`: one real from the elements of a numeric
//! array.
//!
//! Kusto's pages define the value for an array of numbers only. kqlake skips an element that
//! is not a number (null, a string, a bag), as `series_dot_product`'s page says that function
//! does; NaN and infinities are numbers and carry through. An array with no numbers gives the
//! operation's identity (a sum of 0, a product of 1), except `series_magnitude`, which is the
//! square root of `series_dot_product(series, series)` and so null for an empty array, as that
//! function's page says.
//!
//! Sums start from 0.0, not from `Iterator::sum`'s -0.0, so that nothing sums to 0, not -0.

use super::elementwise_unary::OneSeriesFunc;
use super::{Num, series_elements};
use crate::udf::Batch;
use crate::{Example, FunctionDoc, KqlFunction};
use datafusion::arrow::datatypes::Float64Type;
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;
use std::sync::Arc;

/// The functions of this file.
pub(crate) fn functions() -> Vec<Arc<dyn KqlFunction>> {
    macro_rules! func {
        ($name:literal, $description:literal, $example:literal, $output:literal, $op:expr) => {{
            const DOC: FunctionDoc = FunctionDoc {
                name: $name,
                aliases: &[],
                category: "series",
                syntax: concat!($name, "(series)"),
                description: $description,
                returns: "real; null when series is not an array",
                examples: &[Example {
                    query: $example,
                    output: $output,
                }],
            };
            fn body(batch: &Batch) -> Result<ColumnarValue> {
                reduce(batch, $op)
            }
            Arc::new(OneSeriesFunc {
                doc: &DOC,
                body,
                returns: KqlType::Real,
            }) as Arc<dyn KqlFunction>
        }};
    }
    vec![
        func!(
            "series_sum",
            "The sum of the numbers of an array. Elements that are not numbers (null, \
            strings, bags) are skipped; an array without numbers sums to 0.",
            "print arr = dynamic([1, 2, 3, 4]) | project series_sum(arr)",
            "Column1\n10",
            |elements| Some(numbers(elements).fold(0.0, |a, x| a + x))
        ),
        func!(
            "series_product",
            "The product of the numbers of an array. Elements that are not numbers (null, \
            strings, bags) are skipped; the product of an array without numbers is 1.",
            "print arr = dynamic([1, 2, 3, 4]) | project series_product(arr)",
            "Column1\n24",
            |elements| Some(numbers(elements).product())
        ),
        func!(
            "series_magnitude",
            "The magnitude (Euclidean length) of a numeric array: the square root of the sum \
            of the squares of its numbers, series_dot_product(series, series). Elements that \
            are not numbers are skipped; an empty array gives null, as series_dot_product \
            does.",
            "print arr = dynamic([3, 4]) | project series_magnitude(arr)",
            "Column1\n5",
            |elements| {
                (!elements.is_empty()).then(|| numbers(elements).fold(0.0, |a, x| a + x * x).sqrt())
            }
        ),
    ]
}

/// The numbers among `elements`, as reals.
fn numbers<'a>(elements: &'a [&'a str]) -> impl Iterator<Item = f64> + 'a {
    elements.iter().filter_map(|e| Num::parse(e)).map(Num::real)
}

/// `op` of each row's elements; null where the row is not an array.
fn reduce(batch: &Batch, op: fn(&[&str]) -> Option<f64>) -> Result<ColumnarValue> {
    let series = batch.strings(0)?;
    batch.primitive_result::<Float64Type>(|row| {
        let elements = series.get(row).and_then(series_elements)?;
        op(&elements)
    })
}
