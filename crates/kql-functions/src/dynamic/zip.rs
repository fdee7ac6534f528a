//! `zip(arrays)`: arrays merged element by element into an array of arrays.

use super::push_array;
use crate::args::variadic;
use crate::json::elements;
use crate::udf::{Batch, udf_with};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, Signature, Volatility};
use kql_syntax::KqlType;

/// `zip`: see [`DOC`].
pub(crate) struct ZipFunc;

/// The reference entry of `zip`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "zip",
    aliases: &[],
    category: "dynamic",
    syntax: "zip(arrays, …)",
    description: "2 to 16 arrays merged into one array whose element i is the array of the \
        inputs' elements i; as long as the longest input, a shorter input giving null past its \
        end. Null when an argument is not an array.",
    returns: "dynamic (an array of arrays)",
    examples: &[Example {
        query: r#"print a = zip(dynamic([1,3,5]), dynamic([2,4,6])), b = zip(dynamic(["A", 1, 1.5]), dynamic([{}, "B"]))"#,
        output: "a,b\n\"[[1,2],[3,4],[5,6]]\",\"[[\"\"A\"\",{}],[1,\"\"B\"\"],[1.5,null]]\"",
    }],
};

impl KqlFunction for ZipFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let arrays = variadic(&DOC, args, 2..=16)?
            .into_iter()
            .map(|a| a.dynamic().map(|a| a.expr))
            .collect::<Result<Vec<_>, _>>()?;
        let f = udf_with(
            "kql_zip",
            Signature::variadic(vec![DataType::Utf8], Volatility::Immutable),
            DataType::Utf8,
            zip_batch,
        );
        Ok(TypedExpr::new(f.call(arrays), KqlType::Dynamic))
    }
}

fn zip_batch(batch: &Batch) -> Result<ColumnarValue> {
    let columns = batch.all_strings()?;
    let mut tuple = String::new();
    batch.string_result(|row, out| {
        let Some(arrays) = columns
            .iter()
            .map(|c| c.get(row).and_then(elements))
            .collect::<Option<Vec<_>>>()
        else {
            return false;
        };
        let len = arrays.iter().map(Vec::len).max().unwrap_or(0);
        out.push('[');
        for i in 0..len {
            if i > 0 {
                out.push(',');
            }
            tuple.clear();
            push_array(
                &mut tuple,
                arrays.iter().map(|a| a.get(i).copied().unwrap_or("null")),
            );
            out.push_str(&tuple);
        }
        out.push(']');
        true
    })
}
