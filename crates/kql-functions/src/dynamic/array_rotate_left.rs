//! `array_rotate_left(array, rotate_count)` and `array_rotate_right(array, rotate_count)`: an
//! array's elements rotated.

use super::push_array;
use crate::args::fixed;
use crate::json::elements;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `array_rotate_left` or `array_rotate_right`: see each `DOC`.
pub(crate) struct ArrayRotateFunc {
    doc: &'static FunctionDoc,
    left: bool,
}

/// `array_rotate_left`.
pub(crate) const ARRAY_ROTATE_LEFT: ArrayRotateFunc = ArrayRotateFunc {
    doc: &LEFT_DOC,
    left: true,
};
/// `array_rotate_right`.
pub(crate) const ARRAY_ROTATE_RIGHT: ArrayRotateFunc = ArrayRotateFunc {
    doc: &RIGHT_DOC,
    left: false,
};

const LEFT_DOC: FunctionDoc = FunctionDoc {
    name: "array_rotate_left",
    aliases: &[],
    category: "dynamic",
    syntax: "array_rotate_left(array, rotate_count)",
    description: "The elements of array rotated rotate_count positions to the left (the first \
        ones move to the end); a negative count rotates to the right. Null when array is not \
        an array or rotate_count is null.",
    returns: "dynamic (an array)",
    examples: &[Example {
        query: "print arr = dynamic([1,2,3,4,5]) | extend l = array_rotate_left(arr, 2), r = array_rotate_left(arr, -2)",
        output: "arr,l,r\n\"[1,2,3,4,5]\",\"[3,4,5,1,2]\",\"[4,5,1,2,3]\"",
    }],
};

const RIGHT_DOC: FunctionDoc = FunctionDoc {
    name: "array_rotate_right",
    aliases: &[],
    category: "dynamic",
    syntax: "array_rotate_right(array, rotate_count)",
    description: "The elements of array rotated rotate_count positions to the right (the last \
        ones move to the front); a negative count rotates to the left. Null when array is not \
        an array or rotate_count is null.",
    returns: "dynamic (an array)",
    examples: &[Example {
        query: "print arr = dynamic([1,2,3,4,5]) | extend r = array_rotate_right(arr, 2), l = array_rotate_right(arr, -2)",
        output: "arr,r,l\n\"[1,2,3,4,5]\",\"[4,5,1,2,3]\",\"[3,4,5,1,2]\"",
    }],
};

impl KqlFunction for ArrayRotateFunc {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [array, count] = fixed(self.doc, args)?;
        let exprs = vec![array.dynamic()?.expr, count.long()?.expr];
        let (name, body): (_, crate::udf::UdfBody) = if self.left {
            ("kql_array_rotate_left", rotate_left_batch)
        } else {
            ("kql_array_rotate_right", rotate_right_batch)
        };
        let f = udf(
            name,
            vec![DataType::Utf8, DataType::Int64],
            DataType::Utf8,
            body,
        );
        Ok(TypedExpr::new(f.call(exprs), KqlType::Dynamic))
    }
}

fn rotate_batch(batch: &Batch, sign: i64) -> Result<ColumnarValue> {
    let arrays = batch.strings(0)?;
    let counts = batch.primitives::<Int64Type>(1)?;
    batch.string_result(|row, out| {
        let (Some(items), Some(count)) = (arrays.get(row).and_then(elements), counts.get(row))
        else {
            return false;
        };
        let len = items.len();
        let shift = if len == 0 {
            0
        } else {
            let len = i64::try_from(len).unwrap_or(i64::MAX);
            usize::try_from(count.saturating_mul(sign).rem_euclid(len)).unwrap_or(0)
        };
        push_array(out, items[shift..].iter().chain(&items[..shift]).copied());
        true
    })
}

fn rotate_left_batch(batch: &Batch) -> Result<ColumnarValue> {
    rotate_batch(batch, 1)
}

fn rotate_right_batch(batch: &Batch) -> Result<ColumnarValue> {
    rotate_batch(batch, -1)
}
