//! `tohex(value [, minLength])`: an int or long in lower-case hexadecimal.

use crate::args::optional;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, lit};
use kql_syntax::KqlType;

/// `tohex`: see [`DOC`].
pub(crate) struct ToHexFunc;

/// The reference entry of `tohex`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "tohex",
    aliases: &[],
    category: "conversion",
    syntax: "tohex(value [, minLength])",
    description: "value in lower-case hexadecimal, padded with zeros to minLength characters \
        (at most 16; a longer text is not cut). A negative value is its two's complement: 8 \
        digits for an int, 16 for a long.",
    returns: "string",
    examples: &[Example {
        query: "print a = tohex(256) == '100', b = tohex(-256) == 'ffffffffffffff00', c = tohex(toint(-256), 8) == 'ffffff00', d = tohex(256, 8) == '00000100', e = tohex(256, 2) == '100'",
        output: "a,b,c,d,e\ntrue,true,true,true,true",
    }],
};

impl KqlFunction for ToHexFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let ([value], [min_length]) = optional::<1, 1>(&DOC, args)?;
        let int = value.kql_type() == KqlType::Int;
        let exprs = vec![
            value.long()?.expr,
            match min_length {
                Some(m) => m.long()?.expr,
                None => lit(0i64),
            },
        ];
        let body: crate::udf::UdfBody = if int {
            hex_batch::<true>
        } else {
            hex_batch::<false>
        };
        let name = if int { "kql_tohex_int" } else { "kql_tohex" };
        let f = udf(
            name,
            vec![DataType::Int64, DataType::Int64],
            DataType::Utf8,
            body,
        );
        Ok(super::super::string::never_null(TypedExpr::new(
            f.call(exprs),
            KqlType::String,
        )))
    }
}

fn hex_batch<const INT: bool>(batch: &Batch) -> Result<ColumnarValue> {
    use std::fmt::Write;
    let values = batch.primitives::<Int64Type>(0)?;
    let lengths = batch.primitives::<Int64Type>(1)?;
    batch.string_result(|row, out| {
        let Some(value) = values.get(row) else {
            return false;
        };
        let width = usize::try_from(lengths.get(row).unwrap_or(0).clamp(0, 16)).unwrap_or(0);
        // `as` reinterprets the bits: the two's complement Kusto shows for negatives.
        let _ = if INT {
            write!(out, "{:0width$x}", value as i32 as u32)
        } else {
            write!(out, "{:0width$x}", value as u64)
        };
        true
    })
}
