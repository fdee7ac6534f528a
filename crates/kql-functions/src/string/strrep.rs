//! `strrep(value, multiplier [, delimiter])`: a string repeated.

use crate::args::optional;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, lit};
use kql_syntax::KqlType;

/// `strrep`: see [`DOC`].
pub(crate) struct StrrepFunc;

/// The most repetitions, as strrep-function.md's Returns section gives it.
const MAX_REPETITIONS: i64 = 1024;

/// The reference entry of `strrep`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "strrep",
    aliases: &[],
    category: "string",
    syntax: "strrep(value, multiplier [, delimiter])",
    description: "value (converted with tostring()) repeated multiplier times, joined with \
        delimiter (default \"\"). A multiplier above 1024 repeats 1024 times, as Kusto's docs \
        say; below 1 gives \"\" (kqlake's choice).",
    returns: "string",
    examples: &[Example {
        query: "print from_str = strrep('ABC', 2), from_int = strrep(123, 3, '.'), from_time = strrep(3s, 2, ' ')",
        output: "from_str,from_int,from_time\nABCABC,123.123.123,00:00:03 00:00:03",
    }],
};

impl KqlFunction for StrrepFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let ([value, multiplier], [delimiter]) = optional::<2, 1>(&DOC, args)?;
        let exprs = vec![
            value.text().expr,
            multiplier.long()?.expr,
            match delimiter {
                Some(d) => d.string()?.expr,
                None => lit(""),
            },
        ];
        let f = udf(
            "kql_strrep",
            vec![DataType::Utf8, DataType::Int64, DataType::Utf8],
            DataType::Utf8,
            strrep_batch,
        );
        Ok(TypedExpr::new(f.call(exprs), KqlType::String))
    }
}

fn strrep_batch(batch: &Batch) -> Result<ColumnarValue> {
    let value = batch.strings(0)?;
    let times = batch.primitives::<Int64Type>(1)?;
    let delimiter = batch.strings(2)?;
    batch.string_result(|row, out| {
        let times = times.get(row).unwrap_or(0).min(MAX_REPETITIONS);
        let (value, delimiter) = (
            value.get(row).unwrap_or(""),
            delimiter.get(row).unwrap_or(""),
        );
        for i in 0..times {
            if i > 0 {
                out.push_str(delimiter);
            }
            out.push_str(value);
        }
        true
    })
}
