//! `base64_decode_toarray(base64_string)`: the bytes of a base64 text, as a dynamic array of
//! longs.

use crate::args::fixed;
use crate::udf::{Batch, unary};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use base64::Engine;
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;
use std::fmt::Write;

/// `base64_decode_toarray`: see [`DOC`].
pub(crate) struct Base64DecodeToArrayFunc;

/// The reference entry of `base64_decode_toarray`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "base64_decode_toarray",
    aliases: &[],
    category: "string",
    syntax: "base64_decode_toarray(base64_string)",
    description: "The bytes that base64_string (standard alphabet, padding optional) encodes, \
        as an array of longs from 0 to 255. Null when the text is not base64 (kqlake's \
        choice).",
    returns: "dynamic (an array of longs)",
    examples: &[Example {
        query: r#"print Quine = base64_decode_toarray("S3VzdG8=")"#,
        output: "Quine\n\"[75,117,115,116,111]\"",
    }],
};

impl KqlFunction for Base64DecodeToArrayFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [text] = fixed(&DOC, args)?;
        Ok(unary(
            "kql_base64_decode_toarray",
            text.string()?,
            KqlType::Dynamic,
            decode_batch,
        ))
    }
}

fn decode_batch(batch: &Batch) -> Result<ColumnarValue> {
    let texts = batch.strings(0)?;
    batch.string_result(|row, out| {
        let Ok(bytes) = super::base64_encode_tostring::LENIENT.decode(texts.get(row).unwrap_or(""))
        else {
            return false;
        };
        out.push('[');
        for (i, b) in bytes.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let _ = write!(out, "{b}");
        }
        out.push(']');
        true
    })
}
