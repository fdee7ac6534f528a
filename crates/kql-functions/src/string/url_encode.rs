//! `url_encode(url)`, `url_encode_component(url)` and `url_decode(encoded_url)`:
//! percent-encoding as Kusto writes it (lower-case hex; a space as `+`, or `%20` for a
//! component).

use crate::args::fixed;
use crate::udf::{Batch, unary};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;
use std::fmt::Write;

/// `url_encode`, `url_encode_component` or `url_decode`: see each `DOC`.
pub(crate) struct UrlFunc {
    doc: &'static FunctionDoc,
    mode: Mode,
}

/// What a [`UrlFunc`] does.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Encode, a space as `+`.
    Encode,
    /// Encode, a space as `%20`.
    EncodeComponent,
    /// Decode.
    Decode,
}

/// `url_encode`.
pub(crate) const URL_ENCODE: UrlFunc = UrlFunc {
    doc: &URL_ENCODE_DOC,
    mode: Mode::Encode,
};
/// `url_encode_component`.
pub(crate) const URL_ENCODE_COMPONENT: UrlFunc = UrlFunc {
    doc: &URL_ENCODE_COMPONENT_DOC,
    mode: Mode::EncodeComponent,
};
/// `url_decode`.
pub(crate) const URL_DECODE: UrlFunc = UrlFunc {
    doc: &URL_DECODE_DOC,
    mode: Mode::Decode,
};

const URL_ENCODE_DOC: FunctionDoc = FunctionDoc {
    name: "url_encode",
    aliases: &[],
    category: "string",
    syntax: "url_encode(url)",
    description: "url with every byte of its UTF-8 text other than letters, digits and \
        - _ . ! * ( ) written as %xx in lower-case hex, and a space as +, as the docs' example \
        shows.",
    returns: "string",
    examples: &[Example {
        query: "print encoded = url_encode(@'https://www.bing.com/hello world')",
        output: "encoded\nhttps%3a%2f%2fwww.bing.com%2fhello+world",
    }],
};

const URL_ENCODE_COMPONENT_DOC: FunctionDoc = FunctionDoc {
    name: "url_encode_component",
    aliases: &[],
    category: "string",
    syntax: "url_encode_component(url)",
    description: "url encoded as url_encode encodes it (every byte other than letters, digits \
        and - _ . ! * ( ) as %xx in lower-case hex), except that a space is %20, as the docs' \
        example shows: the text can be one component of a URL.",
    returns: "string",
    examples: &[Example {
        query: "print encoded = url_encode_component(@'https://www.bing.com/hello world')",
        output: "encoded\nhttps%3a%2f%2fwww.bing.com%2fhello%20world",
    }],
};

const URL_DECODE_DOC: FunctionDoc = FunctionDoc {
    name: "url_decode",
    aliases: &[],
    category: "string",
    syntax: "url_decode(encoded_url)",
    description: "encoded_url with %xx (either case) decoded and + read as a space. A result \
        that is not valid UTF-8 gives \"\" (kqlake's choice).",
    returns: "string",
    examples: &[Example {
        query: "print decoded = url_decode(@'https%3a%2f%2fwww.bing.com%2f'), space = url_decode('a+b%20c')",
        output: "decoded,space\nhttps://www.bing.com/,a b c",
    }],
};

impl KqlFunction for UrlFunc {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [url] = fixed(self.doc, args)?;
        let url = super::searchable(url)?;
        Ok(match self.mode {
            Mode::Encode => unary("kql_url_encode", url, KqlType::String, |b| {
                encode_batch(b, "+")
            }),
            Mode::EncodeComponent => unary("kql_url_encode_component", url, KqlType::String, |b| {
                encode_batch(b, "%20")
            }),
            Mode::Decode => unary("kql_url_decode", url, KqlType::String, decode_batch),
        })
    }
}

/// Percent-encodes each row, writing a space as `space`.
fn encode_batch(batch: &Batch, space: &str) -> Result<ColumnarValue> {
    let urls = batch.strings(0)?;
    batch.string_result(|row, out| {
        for byte in urls.get(row).unwrap_or("").bytes() {
            match byte {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => out.push(char::from(byte)),
                b'-' | b'_' | b'.' | b'!' | b'*' | b'(' | b')' => out.push(char::from(byte)),
                b' ' => out.push_str(space),
                _ => {
                    let _ = write!(out, "%{byte:02x}");
                }
            }
        }
        true
    })
}

fn decode_batch(batch: &Batch) -> Result<ColumnarValue> {
    let urls = batch.strings(0)?;
    batch.string_result(|row, out| {
        let text = urls.get(row).unwrap_or("").replace('+', " ");
        let decoded = percent_encoding::percent_decode_str(&text).decode_utf8();
        if let Ok(decoded) = decoded {
            out.push_str(&decoded);
        }
        true
    })
}
