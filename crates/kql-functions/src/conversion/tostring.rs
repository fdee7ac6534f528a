//! `tostring(value)`: a value's canonical text; null becomes `""`.

use crate::args::fixed;
use crate::format::{write_bool, write_datetime, write_real, write_timespan};
use crate::udf::{Batch, udf, udf_with};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{
    DataType, DurationNanosecondType, Float64Type, Int32Type, Int64Type, TimeUnit,
    TimestampNanosecondType,
};
use datafusion::common::{Result, exec_err};
use datafusion::logical_expr::{ColumnarValue, ScalarUDF, Signature, Volatility};
use kql_syntax::KqlType;
use std::fmt::Write;
use std::sync::Arc;

/// `tostring`: see [`DOC`].
pub(crate) struct TostringFunc;

/// The reference entry of `tostring`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "tostring",
    aliases: &[],
    category: "conversion",
    syntax: "tostring(value)",
    description: "Converts value to its canonical string. Unlike SQL's CAST, a null value \
        gives the empty string (KQL strings are never null). A dynamic string gives its bare \
        text, without quotes; other dynamic values give compact JSON. datetime prints as \
        2021-10-21T05:12:34.1234567Z and timespan as [-][d.]hh:mm:ss[.fffffff]. An unnamed \
        tostring(x) column takes the name of x.",
    returns: "string, never null",
    examples: &[
        Example {
            query: "print tostring(123)",
            output: "print_0\n123",
        },
        Example {
            query: r#"print a = tostring(long(null)), b = tostring(2.5), c = tostring(true), d = tostring(split("a/b", "/")[0]), e = tostring(90m)"#,
            output: "a,b,c,d,e\n,2.5,true,a,01:30:00",
        },
    ],
};

impl KqlFunction for TostringFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn takes_first_argument_name(&self) -> bool {
        true
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [value] = fixed(&DOC, args)?;
        Ok(to_kql_string(value.any()))
    }
}

/// The KQL `tostring` of any typed expression.
pub fn to_kql_string(value: TypedExpr) -> TypedExpr {
    let expr = match value.kql_type {
        KqlType::String | KqlType::Guid => value.expr,
        KqlType::Dynamic => dynamic_to_string_udf().call(vec![value.expr]),
        _ => tostring_udf().call(vec![value.expr]),
    };
    TypedExpr::new(expr, KqlType::String)
}

/// The `kql_tostring` UDF: canonical text of a bool, int, long, real, datetime or timespan
/// column (strings and dynamics are handled by [`to_kql_string`]).
pub fn tostring_udf() -> Arc<ScalarUDF> {
    udf_with(
        "kql_tostring",
        Signature::any(1, Volatility::Immutable),
        DataType::Utf8,
        tostring_batch,
    )
}

/// Appends each row's text with `write`; a null row gives `""`.
fn texts<V>(
    batch: &Batch,
    get: impl Fn(usize) -> Option<V>,
    write: impl Fn(&mut String, V),
) -> Result<ColumnarValue> {
    batch.string_result(|row, out| {
        if let Some(v) = get(row) {
            write(out, v);
        }
        true
    })
}

fn tostring_batch(batch: &Batch) -> Result<ColumnarValue> {
    match batch.data_type(0) {
        DataType::Boolean => {
            let r = batch.bools(0)?;
            texts(batch, |i| r.get(i), write_bool)
        }
        DataType::Int32 => {
            let r = batch.primitives::<Int32Type>(0)?;
            texts(
                batch,
                |i| r.get(i),
                |o, v| {
                    let _ = write!(o, "{v}");
                },
            )
        }
        DataType::Int64 => {
            let r = batch.primitives::<Int64Type>(0)?;
            texts(
                batch,
                |i| r.get(i),
                |o, v| {
                    let _ = write!(o, "{v}");
                },
            )
        }
        DataType::Float64 => {
            let r = batch.primitives::<Float64Type>(0)?;
            texts(batch, |i| r.get(i), write_real)
        }
        DataType::Timestamp(TimeUnit::Nanosecond, _) => {
            let r = batch.primitives::<TimestampNanosecondType>(0)?;
            texts(batch, |i| r.get(i), write_datetime)
        }
        DataType::Duration(TimeUnit::Nanosecond) => {
            let r = batch.primitives::<DurationNanosecondType>(0)?;
            texts(batch, |i| r.get(i), write_timespan)
        }
        DataType::Utf8 => {
            let r = batch.strings(0)?;
            texts(batch, |i| r.get(i), |o, v| o.push_str(v))
        }
        DataType::Null => batch.string_result(|_, _| true),
        other => exec_err!("tostring() of {other} is not supported"),
    }
}

/// The `kql_dynamic_to_string` UDF: the KQL `tostring` of a dynamic value (a JSON string gives
/// its bare text, null gives `""`).
fn dynamic_to_string_udf() -> Arc<ScalarUDF> {
    udf(
        "kql_dynamic_to_string",
        vec![DataType::Utf8],
        DataType::Utf8,
        dynamic_to_string_batch,
    )
}

fn dynamic_to_string_batch(batch: &Batch) -> Result<ColumnarValue> {
    let values = batch.strings(0)?;
    batch.string_result(|row, out| {
        if let Some(v) = values.get(row) {
            crate::json::push_kql_string(out, v);
        }
        true
    })
}
