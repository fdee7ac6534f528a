//! `repeat(value, count)`: a dynamic array of one value repeated.

use super::push_array;
use crate::args::fixed;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `repeat`: see [`DOC`].
pub(crate) struct RepeatFunc;

/// The most elements kqlake builds (as `range()`'s limit, 2^20).
const MAX_ELEMENTS: i64 = 1 << 20;

/// The reference entry of `repeat`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "repeat",
    aliases: &[],
    category: "dynamic",
    syntax: "repeat(value, count)",
    description: "An array holding value (a bool, number, datetime, timespan or string) count \
        times: [] when count is 0, null when it is negative or null. Truncated at 1,048,576 \
        elements (kqlake's limit, as range()'s).",
    returns: "dynamic (an array)",
    examples: &[Example {
        query: r#"print a = repeat(1, 3), b = repeat("x", 2), c = repeat(1.5, 0), d = isnull(repeat(1, -1))"#,
        output: "a,b,c,d\n\"[1,1,1]\",\"[\"\"x\"\",\"\"x\"\"]\",[],true",
    }],
};

impl KqlFunction for RepeatFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [value, count] = fixed(&DOC, args)?;
        if value.kql_type() == KqlType::Dynamic {
            return Err(value.type_error("scalar"));
        }
        let exprs = vec![crate::conversion::to_json(value.any()), count.long()?.expr];
        let f = udf(
            "kql_repeat",
            vec![DataType::Utf8, DataType::Int64],
            DataType::Utf8,
            repeat_batch,
        );
        Ok(TypedExpr::new(f.call(exprs), KqlType::Dynamic))
    }
}

fn repeat_batch(batch: &Batch) -> Result<ColumnarValue> {
    let values = batch.strings(0)?;
    let counts = batch.primitives::<Int64Type>(1)?;
    batch.string_result(|row, out| {
        let Some(count) = counts.get(row).filter(|c| *c >= 0) else {
            return false;
        };
        let value = values.get(row).unwrap_or("null");
        let count = usize::try_from(count.min(MAX_ELEMENTS)).unwrap_or(0);
        push_array(out, std::iter::repeat_n(value, count));
        true
    })
}
