//! `toguid(value)` and `new_guid()`: a guid from text, and a new random one.

use crate::args::fixed;
use crate::udf::{Batch, unary};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `toguid`: see [`TOGUID_DOC`].
pub(crate) struct ToGuidFunc;

/// `new_guid`: see [`NEW_GUID_DOC`].
pub(crate) struct NewGuidFunc;

/// The reference entry of `toguid`.
pub(crate) const TOGUID_DOC: FunctionDoc = FunctionDoc {
    name: "toguid",
    aliases: &[],
    category: "conversion",
    syntax: "toguid(value)",
    description: "The guid whose 32 hex digits are value's text with its hyphens removed \
        (upper- or lower-case digits; written back in lower case as 8-4-4-4-12). Null when \
        that is not exactly 32 hex digits.",
    returns: "guid; null when value is not a guid",
    examples: &[Example {
        query: r#"datatable(str: string) ["0123456789abcdef0123456789abcdef", "0123456789ab-cdef-0123-456789abcdef", "a string that is not a guid"] | extend guid = toguid(str)"#,
        output: "str,guid\n0123456789abcdef0123456789abcdef,01234567-89ab-cdef-0123-456789abcdef\n0123456789ab-cdef-0123-456789abcdef,01234567-89ab-cdef-0123-456789abcdef\na string that is not a guid,",
    }],
};

/// The reference entry of `new_guid`.
pub(crate) const NEW_GUID_DOC: FunctionDoc = FunctionDoc {
    name: "new_guid",
    aliases: &[],
    category: "conversion",
    syntax: "new_guid()",
    description: "A new random guid (version 4), different for every row.",
    returns: "guid",
    examples: &[Example {
        query: "print a = strlen(tostring(new_guid())), b = isnotnull(toguid(tostring(new_guid())))",
        output: "a,b\n36,true",
    }],
};

impl KqlFunction for ToGuidFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &TOGUID_DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [value] = fixed(&TOGUID_DOC, args)?;
        if value.kql_type() == KqlType::Guid {
            return Ok(value.any());
        }
        Ok(unary(
            "kql_toguid",
            value.text(),
            KqlType::Guid,
            toguid_batch,
        ))
    }
}

fn toguid_batch(batch: &Batch) -> Result<ColumnarValue> {
    let values = batch.strings(0)?;
    batch.string_result(|row, out| {
        let digits: Vec<char> = values
            .get(row)
            .unwrap_or("")
            .chars()
            .filter(|c| *c != '-')
            .collect();
        if digits.len() != 32 || !digits.iter().all(char::is_ascii_hexdigit) {
            return false;
        }
        for (i, c) in digits.iter().enumerate() {
            if matches!(i, 8 | 12 | 16 | 20) {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        }
        true
    })
}

impl KqlFunction for NewGuidFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &NEW_GUID_DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [] = fixed(&NEW_GUID_DOC, args)?;
        Ok(TypedExpr::new(
            datafusion::functions::string::expr_fn::uuid(),
            KqlType::Guid,
        ))
    }
}
