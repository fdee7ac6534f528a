//! `array_slice(array, start, end)`: the elements from start to end, both included.

use crate::args::fixed;
use crate::json::elements;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `array_slice`: see [`DOC`].
pub(crate) struct ArraySliceFunc;

/// The reference entry of `array_slice`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "array_slice",
    aliases: &[],
    category: "dynamic",
    syntax: "array_slice(array, start, end)",
    description: "The elements of array from index start to index end, both included (0-based; \
        a negative index counts from the end: -1 is the last). Indexes past either end are \
        clamped; start after end gives []. Null when array is not an array.",
    returns: "dynamic (an array)",
    examples: &[Example {
        query: "print a = array_slice(dynamic([1,2,3]), 1, 2), b = array_slice(dynamic([1,2,3,4,5]), 2, -1), c = array_slice(dynamic([1,2,3,4,5]), -3, -2)",
        output: "a,b,c\n\"[2,3]\",\"[3,4,5]\",\"[3,4]\"",
    }],
};

impl KqlFunction for ArraySliceFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [array, start, end] = fixed(&DOC, args)?;
        let exprs = vec![array.dynamic()?.expr, start.long()?.expr, end.long()?.expr];
        let f = udf(
            "kql_array_slice",
            vec![DataType::Utf8, DataType::Int64, DataType::Int64],
            DataType::Utf8,
            slice_batch,
        );
        Ok(TypedExpr::new(f.call(exprs), KqlType::Dynamic))
    }
}

fn slice_batch(batch: &Batch) -> Result<ColumnarValue> {
    let arrays = batch.strings(0)?;
    let [start, end] = [
        batch.primitives::<Int64Type>(1)?,
        batch.primitives::<Int64Type>(2)?,
    ];
    batch.string_result(|row, out| {
        let (Some(items), Some(start), Some(end)) = (
            arrays.get(row).and_then(elements),
            start.get(row),
            end.get(row),
        ) else {
            return false;
        };
        let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
        let at = |i: i64| if i < 0 { len.saturating_add(i) } else { i };
        let (from, to) = (at(start).max(0), at(end).min(len - 1));
        out.push('[');
        let mut i = from;
        while i <= to {
            if i > from {
                out.push(',');
            }
            out.push_str(items[usize::try_from(i).unwrap_or(0)]);
            i += 1;
        }
        out.push(']');
        true
    })
}
