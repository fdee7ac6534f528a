//! `array_concat(arr [, …])`: arrays joined into one.

use crate::args::variadic;
use crate::json::{JsonKind, elements, kind};
use crate::udf::{Batch, udf_with};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, Signature, Volatility};
use kql_syntax::KqlType;

/// `array_concat`: see [`DOC`].
pub(crate) struct ArrayConcatFunc;

/// The reference entry of `array_concat`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "array_concat",
    aliases: &[],
    category: "dynamic",
    syntax: "array_concat(arr [, …])",
    description: "The elements of 1 to 64 dynamic arrays, in order, in one array. Null when an \
        argument is not an array (null included; kqlake's choice).",
    returns: "dynamic (an array)",
    examples: &[Example {
        query: "datatable(x:long)[1, 2] | extend y = x * 2 | extend z = y * 2 | extend a1 = pack_array(x, y, z), a2 = pack_array(x, y) | project array_concat(a1, a2)",
        output: "Column1\n\"[1,2,4,1,2]\"\n\"[2,4,8,2,4]\"",
    }],
};

impl KqlFunction for ArrayConcatFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let arrays = variadic(&DOC, args, 1..=64)?
            .into_iter()
            .map(|a| a.dynamic().map(|d| d.expr))
            .collect::<Result<Vec<_>, _>>()?;
        let f = udf_with(
            "kql_array_concat",
            Signature::variadic(vec![DataType::Utf8], Volatility::Immutable),
            DataType::Utf8,
            concat_batch,
        );
        Ok(TypedExpr::new(f.call(arrays), KqlType::Dynamic))
    }
}

fn concat_batch(batch: &Batch) -> Result<ColumnarValue> {
    let arrays = batch.all_strings()?;
    batch.string_result(|row, out| {
        out.push('[');
        let mut first = true;
        for array in &arrays {
            let Some(items) = array.get(row).filter(|a| kind(a) == JsonKind::Array) else {
                return false;
            };
            for item in elements(items).unwrap_or_default() {
                if !first {
                    out.push(',');
                }
                first = false;
                out.push_str(item);
            }
        }
        out.push(']');
        true
    })
}
