//! `array_sum(array)`: the sum of an array of numbers, as a real.

use crate::args::fixed;
use crate::json::{JsonKind, elements, kind};
use crate::udf::{Batch, unary};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::Float64Type;
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `array_sum`: see [`DOC`].
pub(crate) struct ArraySumFunc;

/// The reference entry of `array_sum`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "array_sum",
    aliases: &[],
    category: "dynamic",
    syntax: "array_sum(array)",
    description: "The sum of the elements of array, as a real. Null when an element is not a \
        number (a string, bool, null, array or bag) or array is not an array; an empty array \
        sums to 0 (kqlake's choice).",
    returns: "real",
    examples: &[Example {
        query: "print arr = dynamic([1,2,3,4]) | extend arr_sum = array_sum(arr)",
        output: "arr,arr_sum\n\"[1,2,3,4]\",10",
    }],
};

impl KqlFunction for ArraySumFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [array] = fixed(&DOC, args)?;
        Ok(unary(
            "kql_array_sum",
            array.dynamic()?,
            KqlType::Real,
            sum_batch,
        ))
    }
}

fn sum_batch(batch: &Batch) -> Result<ColumnarValue> {
    let arrays = batch.strings(0)?;
    batch.primitive_result::<Float64Type>(|row| {
        let items = arrays.get(row).and_then(elements)?;
        items.iter().try_fold(0.0, |sum, item| {
            if kind(item) != JsonKind::Number {
                return None;
            }
            Some(sum + item.parse::<f64>().ok()?)
        })
    })
}
