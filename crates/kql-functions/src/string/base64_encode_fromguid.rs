//! `base64_encode_fromguid(guid)`: the base64 text of a guid's 16 bytes, in .NET's byte order.
//!
//! .NET (and so Kusto) lays out a guid's first three groups little-endian: Kusto's docs give
//! `8jMxriJurkmwahbmqbIS6w==` for `ae3133f2-6e22-49ae-b06a-16e6a9b212eb`, the bytes
//! `f2 33 31 ae 22 6e ae 49 b0 6a …`.

use crate::args::fixed;
use crate::udf::{Batch, unary};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use base64::Engine;
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `base64_encode_fromguid`: see [`DOC`].
pub(crate) struct Base64EncodeFromGuidFunc;

/// The reference entry of `base64_encode_fromguid`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "base64_encode_fromguid",
    aliases: &[],
    category: "string",
    syntax: "base64_encode_fromguid(guid)",
    description: "The base64 text (standard alphabet, padded) of the 16 bytes of guid, the \
        first three groups little-endian as .NET stores them. A null guid gives \"\". guid must \
        be of type guid (convert text with toguid()).",
    returns: "string",
    examples: &[Example {
        query: r#"print Quine = base64_encode_fromguid(toguid("ae3133f2-6e22-49ae-b06a-16e6a9b212eb"))"#,
        output: "Quine\n8jMxriJurkmwahbmqbIS6w==",
    }],
};

impl KqlFunction for Base64EncodeFromGuidFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [guid] = fixed(&DOC, args)?;
        let guid = guid.expect("guid", |t| t == KqlType::Guid)?;
        Ok(unary(
            "kql_base64_encode_fromguid",
            TypedExpr::new(guid.expr, KqlType::String),
            KqlType::String,
            encode_batch,
        ))
    }
}

/// The 16 bytes of a guid's text in .NET's order; `None` when it is not a guid.
fn guid_bytes(text: &str) -> Option<[u8; 16]> {
    let hex: Vec<u8> = text.bytes().filter(|b| *b != b'-').collect();
    if hex.len() != 32 {
        return None;
    }
    let mut bytes = [0u8; 16];
    for (i, pair) in hex.chunks(2).enumerate() {
        bytes[i] = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
    }
    bytes[0..4].reverse();
    bytes[4..6].reverse();
    bytes[6..8].reverse();
    Some(bytes)
}

fn encode_batch(batch: &Batch) -> Result<ColumnarValue> {
    let guids = batch.strings(0)?;
    batch.string_result(|row, out| {
        if let Some(bytes) = guids.get(row).and_then(guid_bytes) {
            base64::engine::general_purpose::STANDARD.encode_string(bytes, out);
        }
        true
    })
}
