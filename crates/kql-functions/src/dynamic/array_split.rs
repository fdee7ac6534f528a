//! `array_split(array, index)`: an array cut into consecutive pieces at given indexes.

use super::push_array;
use crate::args::fixed;
use crate::json::{JsonKind, elements, kind};
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `array_split`: see [`DOC`].
pub(crate) struct ArraySplitFunc;

/// The reference entry of `array_split`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "array_split",
    aliases: &[],
    category: "dynamic",
    syntax: "array_split(array, index)",
    description: "The N + 1 arrays [0, i1), [i1, i2), …, [iN, length) of array's elements, \
        for index a long or a dynamic array of longs i1 … iN. A negative index counts from the \
        end; indexes are clamped to 0 … length, and a piece whose end comes before its start \
        is empty. Null when array is not an array or an index is not a whole number.",
    returns: "dynamic (an array of arrays)",
    examples: &[Example {
        query: "print arr = dynamic([1,2,3,4,5]) | project a = array_split(arr, 2), b = array_split(arr, dynamic([1,3]))",
        output: "a,b\n\"[[1,2],[3,4,5]]\",\"[[1],[2,3],[4,5]]\"",
    }],
};

impl KqlFunction for ArraySplitFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [array, index] = fixed(&DOC, args)?;
        let index = match index.kql_type() {
            KqlType::Dynamic => index.any().expr,
            _ => crate::conversion::to_json(index.long()?),
        };
        let f = udf(
            "kql_array_split",
            vec![DataType::Utf8, DataType::Utf8],
            DataType::Utf8,
            split_batch,
        );
        Ok(TypedExpr::new(
            f.call(vec![array.dynamic()?.expr, index]),
            KqlType::Dynamic,
        ))
    }
}

fn split_batch(batch: &Batch) -> Result<ColumnarValue> {
    let arrays = batch.strings(0)?;
    let indexes = batch.strings(1)?;
    let mut piece = String::new();
    batch.string_result(|row, out| {
        let (Some(items), Some(index)) = (arrays.get(row).and_then(elements), indexes.get(row))
        else {
            return false;
        };
        let texts = if kind(index) == JsonKind::Array {
            elements(index).unwrap_or_default()
        } else {
            vec![index]
        };
        let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
        let mut cuts = Vec::with_capacity(texts.len());
        for text in texts {
            let Ok(i) = text.parse::<i64>() else {
                return false;
            };
            let i = if i < 0 { len.saturating_add(i) } else { i };
            cuts.push(usize::try_from(i.clamp(0, len)).unwrap_or(0));
        }
        out.push('[');
        let mut start = 0;
        for (n, end) in cuts.iter().copied().chain([items.len()]).enumerate() {
            if n > 0 {
                out.push(',');
            }
            piece.clear();
            push_array(&mut piece, items[start.min(end)..end].iter().copied());
            out.push_str(&piece);
            start = end.max(start);
        }
        out.push(']');
        true
    })
}
