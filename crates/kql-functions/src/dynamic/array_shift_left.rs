//! `array_shift_left(array, shift_count [, default_value])` and `array_shift_right(…)`: an
//! array's elements shifted, the vacated places filled.

use super::push_array;
use crate::args::optional;
use crate::json::{JsonKind, elements, kind};
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, lit};
use kql_syntax::KqlType;

/// `array_shift_left` or `array_shift_right`: see each `DOC`.
pub(crate) struct ArrayShiftFunc {
    doc: &'static FunctionDoc,
    left: bool,
}

/// `array_shift_left`.
pub(crate) const ARRAY_SHIFT_LEFT: ArrayShiftFunc = ArrayShiftFunc {
    doc: &LEFT_DOC,
    left: true,
};
/// `array_shift_right`.
pub(crate) const ARRAY_SHIFT_RIGHT: ArrayShiftFunc = ArrayShiftFunc {
    doc: &RIGHT_DOC,
    left: false,
};

const LEFT_DOC: FunctionDoc = FunctionDoc {
    name: "array_shift_left",
    aliases: &[],
    category: "dynamic",
    syntax: "array_shift_left(array, shift_count [, default_value])",
    description: "The elements of array moved shift_count positions to the left (a negative \
        count moves them right), keeping its length: elements moved out are dropped, and the \
        places left empty hold default_value. Without default_value they hold \"\" when every \
        element of array is a string, else null. Null when array is not an array or \
        shift_count is null.",
    returns: "dynamic (an array)",
    examples: &[Example {
        query: "print arr = dynamic([1,2,3,4,5]) | extend a = array_shift_left(arr, 2), b = array_shift_left(arr, 2, -1), c = array_shift_left(arr, -2, -1)",
        output: "arr,a,b,c\n\"[1,2,3,4,5]\",\"[3,4,5,null,null]\",\"[3,4,5,-1,-1]\",\"[-1,-1,1,2,3]\"",
    }],
};

const RIGHT_DOC: FunctionDoc = FunctionDoc {
    name: "array_shift_right",
    aliases: &[],
    category: "dynamic",
    syntax: "array_shift_right(array, shift_count [, default_value])",
    description: "The elements of array moved shift_count positions to the right (a negative \
        count moves them left), as array_shift_left moves them the other way.",
    returns: "dynamic (an array)",
    examples: &[Example {
        query: "print arr = dynamic([1,2,3,4,5]) | extend a = array_shift_right(arr, 2), b = array_shift_right(arr, 2, -1), c = array_shift_right(arr, -2, -1)",
        output: "arr,a,b,c\n\"[1,2,3,4,5]\",\"[null,null,1,2,3]\",\"[-1,-1,1,2,3]\",\"[3,4,5,-1,-1]\"",
    }],
};

impl KqlFunction for ArrayShiftFunc {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let ([array, count], [default]) = optional::<2, 1>(self.doc, args)?;
        let exprs = vec![
            array.dynamic()?.expr,
            count.long()?.expr,
            match default {
                Some(d) => crate::conversion::to_json(d.any()),
                // No JSON text: the default depends on the elements.
                None => lit(""),
            },
        ];
        let (name, body): (_, crate::udf::UdfBody) = if self.left {
            ("kql_array_shift_left", shift_left_batch)
        } else {
            ("kql_array_shift_right", shift_right_batch)
        };
        let f = udf(
            name,
            vec![DataType::Utf8, DataType::Int64, DataType::Utf8],
            DataType::Utf8,
            body,
        );
        Ok(TypedExpr::new(f.call(exprs), KqlType::Dynamic))
    }
}

fn shift_batch(batch: &Batch, sign: i64) -> Result<ColumnarValue> {
    let arrays = batch.strings(0)?;
    let counts = batch.primitives::<Int64Type>(1)?;
    let defaults = batch.strings(2)?;
    batch.string_result(|row, out| {
        let (Some(items), Some(count)) = (arrays.get(row).and_then(elements), counts.get(row))
        else {
            return false;
        };
        let fill = match defaults.get(row) {
            Some("") => {
                let strings =
                    !items.is_empty() && items.iter().all(|i| kind(i) == JsonKind::String);
                if strings { "\"\"" } else { "null" }
            }
            Some(json) => json,
            None => "null",
        };
        let len = items.len();
        let count = count.saturating_mul(sign);
        let by = usize::try_from(count.unsigned_abs())
            .unwrap_or(usize::MAX)
            .min(len);
        let filler = std::iter::repeat_n(fill, by);
        if count >= 0 {
            push_array(out, items[by..].iter().copied().chain(filler));
        } else {
            push_array(out, filler.chain(items[..len - by].iter().copied()));
        }
        true
    })
}

fn shift_left_batch(batch: &Batch) -> Result<ColumnarValue> {
    shift_batch(batch, 1)
}

fn shift_right_batch(batch: &Batch) -> Result<ColumnarValue> {
    shift_batch(batch, -1)
}
