//! `hash_sha256(source)`, `hash_sha1(source)` and `hash_md5(source)`: a cryptographic digest of
//! a value's text, as lower-case hex.
//!
//! Kusto hashes the UTF-8 bytes of the value's canonical text: its docs give
//! `hash_sha256(datetime(2020-01-01))` as the SHA-256 of `2020-01-01T00:00:00.0000000Z`, so a
//! non-string goes through `tostring()` first. A null value hashes as its text `""`.

use crate::args::fixed;
use crate::udf::{Batch, unary};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;
use sha2::Digest;

/// `hash_sha256`, `hash_sha1` or `hash_md5`: see each `DOC`.
pub(crate) struct DigestFunc {
    doc: &'static FunctionDoc,
    udf_name: &'static str,
    body: crate::udf::UdfBody,
}

/// `hash_sha256`.
pub(crate) const HASH_SHA256: DigestFunc = DigestFunc {
    doc: &SHA256_DOC,
    udf_name: "kql_hash_sha256",
    body: digest_batch::<sha2::Sha256>,
};
/// `hash_sha1`.
pub(crate) const HASH_SHA1: DigestFunc = DigestFunc {
    doc: &SHA1_DOC,
    udf_name: "kql_hash_sha1",
    body: digest_batch::<sha1::Sha1>,
};
/// `hash_md5`.
pub(crate) const HASH_MD5: DigestFunc = DigestFunc {
    doc: &MD5_DOC,
    udf_name: "kql_hash_md5",
    body: digest_batch::<md5::Md5>,
};

const SHA256_DOC: FunctionDoc = FunctionDoc {
    name: "hash_sha256",
    aliases: &[],
    category: "string",
    syntax: "hash_sha256(source)",
    description: "The SHA-256 digest of source's text (UTF-8; a non-string is converted with \
        tostring() first), as 64 lower-case hex digits. A null value hashes as \"\".",
    returns: "string",
    examples: &[Example {
        query: "print h1 = hash_sha256(\"World\"), h2 = hash_sha256(datetime(2020-01-01))",
        output: "h1,h2\n78ae647dc5544d227130a0682a51e30bc7777fbb6d8a8f17007463a3ecd1d524,ba666752dc1a20eb750b0eb64e780cc4c968bc9fb8813461c1d7e750f302d71d",
    }],
};

const SHA1_DOC: FunctionDoc = FunctionDoc {
    name: "hash_sha1",
    aliases: &[],
    category: "string",
    syntax: "hash_sha1(source)",
    description: "The SHA-1 digest of source's text (UTF-8; a non-string is converted with \
        tostring() first), as 40 lower-case hex digits. A null value hashes as \"\".",
    returns: "string",
    examples: &[Example {
        query: "print h1 = hash_sha1(\"World\"), h2 = hash_sha1(datetime(2020-01-01))",
        output: "h1,h2\n70c07ec18ef89c5309bbb0937f3a6342411e1fdd,e903e533f4d636b4fc0dcf3cf81e7b7f330de776",
    }],
};

const MD5_DOC: FunctionDoc = FunctionDoc {
    name: "hash_md5",
    aliases: &[],
    category: "string",
    syntax: "hash_md5(source)",
    description: "The MD5 digest of source's text (UTF-8; a non-string is converted with \
        tostring() first), as 32 lower-case hex digits. A null value hashes as \"\".",
    returns: "string",
    examples: &[Example {
        query: "print h1 = hash_md5(\"World\"), h2 = hash_md5(datetime(2020-01-01))",
        output: "h1,h2\nf5a7924e621e84c9280a9a27e1bcb7f6,786c530672d1f8db31fee25ea8a9390b",
    }],
};

impl KqlFunction for DigestFunc {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [source] = fixed(self.doc, args)?;
        if source.kql_type() == KqlType::Dynamic {
            return Err(source.type_error("scalar"));
        }
        Ok(unary(
            self.udf_name,
            source.text(),
            KqlType::String,
            self.body,
        ))
    }
}

fn digest_batch<D: Digest>(batch: &Batch) -> Result<ColumnarValue> {
    use std::fmt::Write;
    let values = batch.strings(0)?;
    batch.string_result(|row, out| {
        let digest = D::digest(values.get(row).unwrap_or("").as_bytes());
        for byte in digest {
            let _ = write!(out, "{byte:02x}");
        }
        true
    })
}
