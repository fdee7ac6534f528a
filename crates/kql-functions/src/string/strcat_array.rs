//! `strcat_array(array, delimiter)`: a dynamic array's elements joined with a delimiter.

use crate::args::fixed;
use crate::json::{elements, push_kql_string};
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `strcat_array`: see [`DOC`].
pub(crate) struct StrcatArrayFunc;

/// The reference entry of `strcat_array`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "strcat_array",
    aliases: &[],
    category: "string",
    syntax: "strcat_array(array, delimiter)",
    description: "The elements of array converted as tostring() converts dynamic values \
        (strings without quotes) and joined with delimiter. \"\" when array is not an array.",
    returns: "string",
    examples: &[Example {
        query: r#"print str = strcat_array(dynamic([1, 2, 3]), "->"), q = strcat_array(dynamic([1, 2, 3]), '"')"#,
        output: "str,q\n1->2->3,\"1\"\"2\"\"3\"",
    }],
};

impl KqlFunction for StrcatArrayFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [array, delimiter] = fixed(&DOC, args)?;
        let f = udf(
            "kql_strcat_array",
            vec![DataType::Utf8, DataType::Utf8],
            DataType::Utf8,
            strcat_array_batch,
        );
        Ok(TypedExpr::new(
            f.call(vec![array.dynamic()?.expr, delimiter.string()?.expr]),
            KqlType::String,
        ))
    }
}

fn strcat_array_batch(batch: &Batch) -> Result<ColumnarValue> {
    let [arrays, delimiters] = [batch.strings(0)?, batch.strings(1)?];
    batch.string_result(|row, out| {
        let delimiter = delimiters.get(row).unwrap_or("");
        for (i, item) in arrays
            .get(row)
            .and_then(elements)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            if i > 0 {
                out.push_str(delimiter);
            }
            push_kql_string(out, item);
        }
        true
    })
}
