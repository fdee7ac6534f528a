//! `array_reverse(value)`: an array's elements in reverse order.

use super::push_array;
use crate::args::fixed;
use crate::json::elements;
use crate::udf::{Batch, unary};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `array_reverse`: see [`DOC`].
pub(crate) struct ArrayReverseFunc;

/// The reference entry of `array_reverse`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "array_reverse",
    aliases: &[],
    category: "dynamic",
    syntax: "array_reverse(value)",
    description: "The elements of the array value in reverse order; null when value is not \
        an array.",
    returns: "dynamic (an array); null when value is not an array",
    examples: &[Example {
        query: r#"print arr = dynamic(["this", "is", "an", "example"]) | project Result = array_reverse(arr)"#,
        output: "Result\n\"[\"\"example\"\",\"\"an\"\",\"\"is\"\",\"\"this\"\"]\"",
    }],
};

impl KqlFunction for ArrayReverseFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [value] = fixed(&DOC, args)?;
        Ok(unary(
            "kql_array_reverse",
            value.dynamic()?,
            KqlType::Dynamic,
            reverse_batch,
        ))
    }
}

fn reverse_batch(batch: &Batch) -> Result<ColumnarValue> {
    let arrays = batch.strings(0)?;
    batch.string_result(|row, out| {
        let Some(items) = arrays.get(row).and_then(elements) else {
            return false;
        };
        push_array(out, items.iter().rev().copied());
        true
    })
}
