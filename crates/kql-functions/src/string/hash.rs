//! `hash(source [, mod])`: the xxHash64 of a string or a datetime, as Kusto computes it.
//!
//! Kusto hashes a string's UTF-8 bytes and a datetime's 8 little-endian bytes of ticks (100 ns
//! units since 0001-01-01) with xxHash64, seed 0: the docs' `hash("World")`,
//! `hash("Hello")` (on the hash_combine page) and `hash(datetime(2015-01-01))` are exactly
//! these values. How Kusto hashes other types is not documented, so they are rejected rather
//! than answered differently.

use crate::args::optional;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Int64Type, TimestampNanosecondType};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;
use twox_hash::XxHash64;

/// `hash`: see [`DOC`].
pub(crate) struct HashFunc;

/// Ticks (100 ns) from 0001-01-01 to the Unix epoch.
const EPOCH_TICKS: i64 = 621_355_968_000_000_000;

/// The reference entry of `hash`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "hash",
    aliases: &[],
    category: "string",
    syntax: "hash(source [, mod])",
    description: "The xxHash64 (seed 0) of source as a long: of a string's UTF-8 bytes, of a \
        datetime's ticks (100 ns units since 0001-01-01, as 8 little-endian bytes). With mod, \
        the hash modulo mod, from 0 to mod - 1 (a negative hash is taken to its non-negative \
        remainder); null when mod is not positive. Other types of source are not supported \
        (Kusto does not document how it hashes them). A null string hashes as \"\"; a null \
        datetime gives null.",
    returns: "long",
    examples: &[Example {
        query: r#"print a = hash("World"), b = hash("World", 100), c = hash(datetime(2015-01-01))"#,
        output: "a,b,c\n1846988464401551951,51,1380966698541616202",
    }],
};

impl KqlFunction for HashFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let ([source], [modulo]) = optional::<1, 1>(&DOC, args)?;
        let (source, source_type, body): (_, _, crate::udf::UdfBody) = match source.kql_type() {
            KqlType::String | KqlType::Guid => {
                (source.string()?.expr, DataType::Utf8, hash_string_batch)
            }
            KqlType::DateTime => (
                source.datetime()?.expr,
                crate::types::kql_to_arrow(KqlType::DateTime),
                hash_datetime_batch,
            ),
            t => {
                return Err(source.error(format!(
                    "hash() of a {t} is not supported: Kusto documents its hash of strings and \
                     datetimes only (convert with tostring() to hash the text)"
                )));
            }
        };
        let mut exprs = vec![source];
        let mut types = vec![source_type];
        if let Some(modulo) = modulo {
            exprs.push(modulo.long()?.expr);
            types.push(DataType::Int64);
        }
        let f = udf("kql_hash", types, DataType::Int64, body);
        Ok(TypedExpr::new(f.call(exprs), KqlType::Long))
    }
}

/// `hash` modulo argument 1, if there is one.
fn finish(batch: &Batch, hash: impl Fn(usize) -> Option<u64>) -> Result<ColumnarValue> {
    if batch.len() < 2 {
        return batch.primitive_result::<Int64Type>(|row| hash(row).map(|h| h as i64));
    }
    let modulo = batch.primitives::<Int64Type>(1)?;
    batch.primitive_result::<Int64Type>(|row| {
        let m = modulo.get(row).filter(|m| *m > 0)?;
        Some((hash(row)? as i64).rem_euclid(m))
    })
}

fn hash_string_batch(batch: &Batch) -> Result<ColumnarValue> {
    let values = batch.strings(0)?;
    finish(batch, |row| {
        Some(XxHash64::oneshot(
            0,
            values.get(row).unwrap_or("").as_bytes(),
        ))
    })
}

fn hash_datetime_batch(batch: &Batch) -> Result<ColumnarValue> {
    let values = batch.primitives::<TimestampNanosecondType>(0)?;
    finish(batch, |row| {
        let ticks = values.get(row)?.div_euclid(100) + EPOCH_TICKS;
        Some(XxHash64::oneshot(0, &ticks.to_le_bytes()))
    })
}
