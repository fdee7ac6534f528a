//! `pack_array(value1, [value2, …])`: a dynamic array of the values.

use crate::args::variadic;
use crate::udf::{Batch, udf_with};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, Signature, Volatility};
use kql_syntax::KqlType;

/// `pack_array`: see [`DOC`].
pub(crate) struct PackArrayFunc;

/// The reference entry of `pack_array`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "pack_array",
    aliases: &[],
    category: "dynamic",
    syntax: "pack_array(value1, [value2, …])",
    description: "An array of the values, in order. Each value keeps its JSON form: numbers \
        as numbers (a real keeps a fraction: 2.0), strings quoted, datetimes and timespans as \
        their canonical text (\"00:00:02\"), dynamic values embedded, nulls as null. \
        pack_array(*) is not supported yet.",
    returns: "dynamic (an array)",
    examples: &[
        Example {
            query: "datatable(x:long)[1, 2] | extend y = x * 2 | extend z = y * 2 | project pack_array(x, y, z)",
            output: "Column1\n\"[1,2,4]\"\n\"[2,4,8]\"",
        },
        Example {
            query: "datatable(x:long)[1, 2] | extend y = tostring(x * 2) | extend z = (x * 2) * 1s | project pack_array(x, y, z)",
            output: "Column1\n\"[1,\"\"2\"\",\"\"00:00:02\"\"]\"\n\"[2,\"\"4\"\",\"\"00:00:04\"\"]\"",
        },
    ],
};

impl KqlFunction for PackArrayFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let values = variadic(&DOC, args, 1..=usize::MAX)?
            .into_iter()
            .map(|v| crate::conversion::to_json(v.any()))
            .collect();
        let pack = udf_with(
            "kql_pack_array",
            Signature::variadic(vec![DataType::Utf8], Volatility::Immutable),
            DataType::Utf8,
            pack_array_batch,
        );
        Ok(TypedExpr::new(pack.call(values), KqlType::Dynamic))
    }
}

fn pack_array_batch(batch: &Batch) -> Result<ColumnarValue> {
    let columns = batch.all_strings()?;
    batch.string_result(|row, out| {
        out.push('[');
        for (i, column) in columns.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(column.get(row).unwrap_or("null"));
        }
        out.push(']');
        true
    })
}
