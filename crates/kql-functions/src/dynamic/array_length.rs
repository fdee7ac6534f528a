//! `array_length(array)` (alias `arraylength`): the number of elements of a dynamic array.

use crate::args::fixed;
use crate::json::{JsonKind, elements, kind};
use crate::udf::{Batch, unary};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::Int64Type;
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `array_length`: see [`DOC`].
pub(crate) struct ArrayLengthFunc;

/// The reference entry of `array_length`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "array_length",
    aliases: &["arraylength"],
    category: "dynamic",
    syntax: "array_length(array)",
    description: "The number of elements in array. Null when the value is not an array \
        (a property bag, a scalar or null).",
    returns: "long; null when array is not an array",
    examples: &[
        Example {
            query: r#"print array_length(dynamic([1, 2, 3, "four"]))"#,
            output: "print_0\n4",
        },
        Example {
            query: r#"print a = array_length(dynamic([])), b = array_length(dynamic({"a": 1})), c = arraylength(split("a,b", ","))"#,
            output: "a,b,c\n0,,2",
        },
    ],
};

impl KqlFunction for ArrayLengthFunc {
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
            "kql_array_length",
            array.dynamic()?,
            KqlType::Long,
            array_length_batch,
        ))
    }
}

fn array_length_batch(batch: &Batch) -> Result<ColumnarValue> {
    let values = batch.strings(0)?;
    batch.primitive_result::<Int64Type>(|row| {
        let value = values.get(row)?;
        if kind(value) != JsonKind::Array {
            return None;
        }
        elements(value).and_then(|items| i64::try_from(items.len()).ok())
    })
}
