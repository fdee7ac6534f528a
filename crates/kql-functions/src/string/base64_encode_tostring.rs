//! `base64_encode_tostring(string)` and `base64_decode_tostring(base64_string)` (alias
//! `base64_decodestring`): base64 (standard alphabet, with padding) of a string's UTF-8.

use crate::args::fixed;
use crate::udf::{Batch, unary};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use base64::Engine;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `base64_encode_tostring` or `base64_decode_tostring`: see each `DOC`.
pub(crate) struct Base64Func {
    doc: &'static FunctionDoc,
    encode: bool,
}

/// `base64_encode_tostring`.
pub(crate) const ENCODE: Base64Func = Base64Func {
    doc: &ENCODE_DOC,
    encode: true,
};
/// `base64_decode_tostring`.
pub(crate) const DECODE: Base64Func = Base64Func {
    doc: &DECODE_DOC,
    encode: false,
};

const ENCODE_DOC: FunctionDoc = FunctionDoc {
    name: "base64_encode_tostring",
    aliases: &["base64_encodestring"],
    category: "string",
    syntax: "base64_encode_tostring(string)",
    description: "The base64 text (standard alphabet, padded with =) of string's UTF-8 bytes.",
    returns: "string",
    examples: &[Example {
        query: r#"print Quine = base64_encode_tostring("Kusto")"#,
        output: "Quine\nS3VzdG8=",
    }],
};

const DECODE_DOC: FunctionDoc = FunctionDoc {
    name: "base64_decode_tostring",
    aliases: &["base64_decodestring"],
    category: "string",
    syntax: "base64_decode_tostring(base64_string)",
    description: "The UTF-8 string whose base64 text is base64_string (padding optional). Text \
        that is not base64, or bytes that are not UTF-8, give \"\" (Kusto: null; strings are \
        never null).",
    returns: "string",
    examples: &[Example {
        query: r#"print Quine = base64_decode_tostring("S3VzdG8="), Empty = base64_decode_tostring("U3RyaW5n0KHR0tGA0L7Rh9C60LA=")"#,
        output: "Quine,Empty\nKusto,",
    }],
};

/// The standard alphabet, accepting input with or without padding.
pub(crate) const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

impl KqlFunction for Base64Func {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [text] = fixed(self.doc, args)?;
        let text = super::searchable(text)?;
        Ok(if self.encode {
            unary("kql_base64_encode", text, KqlType::String, encode_batch)
        } else {
            unary("kql_base64_decode", text, KqlType::String, decode_batch)
        })
    }
}

fn encode_batch(batch: &Batch) -> Result<ColumnarValue> {
    let texts = batch.strings(0)?;
    batch.string_result(|row, out| {
        base64::engine::general_purpose::STANDARD.encode_string(texts.get(row).unwrap_or(""), out);
        true
    })
}

fn decode_batch(batch: &Batch) -> Result<ColumnarValue> {
    let texts = batch.strings(0)?;
    let mut bytes = Vec::new();
    batch.string_result(|row, out| {
        bytes.clear();
        let text = texts.get(row).unwrap_or("").trim();
        if LENIENT.decode_vec(text, &mut bytes).is_ok()
            && let Ok(decoded) = std::str::from_utf8(&bytes)
        {
            out.push_str(decoded);
        }
        true
    })
}
