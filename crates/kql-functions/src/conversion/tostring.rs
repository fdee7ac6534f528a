//! `tostring(value)`: a value's canonical text; null becomes `""`. Also the JSON text of a
//! value ([`to_json`]), which the functions that build dynamic values share.

use crate::args::fixed;
use crate::format::{write_bool, write_datetime, write_decimal, write_real, write_timespan};
use crate::udf::{Batch, udf, udf_with};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{
    DataType, Decimal128Type, DurationNanosecondType, Float64Type, Int32Type, Int64Type, TimeUnit,
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

/// The JSON text of any typed expression, as it is stored inside a dynamic value: strings
/// quoted, datetimes and timespans as the quoted canonical text, reals with a fraction
/// (`2.0`), null as `null`; a dynamic value is its own text.
pub(crate) fn to_json(value: TypedExpr) -> datafusion::logical_expr::Expr {
    use datafusion::logical_expr::lit;
    match value.kql_type {
        KqlType::Dynamic => {
            datafusion::functions::core::expr_fn::coalesce(vec![value.expr, lit("null")])
        }
        _ => udf_with(
            "kql_to_json",
            Signature::any(1, Volatility::Immutable),
            DataType::Utf8,
            to_json_batch,
        )
        .call(vec![value.expr]),
    }
}

/// The KQL `tostring` of any typed expression.
pub fn to_kql_string(value: TypedExpr) -> TypedExpr {
    use datafusion::logical_expr::Expr;
    let expr = match value.kql_type {
        KqlType::String | KqlType::Guid => value.expr,
        // `tostring(split(s, d)[i])` (a resource id's segment, Q5): the piece itself, not its
        // JSON text parsed back, per row.
        KqlType::Dynamic => match value.expr {
            Expr::ScalarFunction(call) if call.name() == "kql_split_element" => {
                crate::string::split_piece_udf().call(call.args)
            }
            other => dynamic_to_string_udf().call(vec![other]),
        },
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

/// Which text a value gets.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Text {
    /// `tostring()`: null is `""`, strings bare.
    Kql,
    /// Inside a dynamic value: null is `null`, strings and times quoted.
    Json,
}

/// Appends each row's text with `write`; a null row gives `""` or `null`.
fn texts<V>(
    batch: &Batch,
    text: Text,
    get: impl Fn(usize) -> Option<V>,
    write: impl Fn(&mut String, V),
) -> Result<ColumnarValue> {
    let quoted = |out: &mut String, v: V| {
        out.push('"');
        write(out, v);
        out.push('"');
    };
    batch.string_result(|row, out| {
        match get(row) {
            Some(v) if text == Text::Json => quoted(out, v),
            Some(v) => write(out, v),
            None if text == Text::Json => out.push_str("null"),
            None => {}
        }
        true
    })
}

/// Appends each row's number; a null row gives `""` or `null`.
fn numbers<V>(
    batch: &Batch,
    text: Text,
    get: impl Fn(usize) -> Option<V>,
    write: impl Fn(&mut String, V),
) -> Result<ColumnarValue> {
    batch.string_result(|row, out| {
        match get(row) {
            Some(v) => write(out, v),
            None if text == Text::Json => out.push_str("null"),
            None => {}
        }
        true
    })
}

fn write_display(out: &mut String, v: impl std::fmt::Display) {
    let _ = write!(out, "{v}");
}

fn tostring_batch(batch: &Batch) -> Result<ColumnarValue> {
    scalar_texts(batch, Text::Kql)
}

fn to_json_batch(batch: &Batch) -> Result<ColumnarValue> {
    scalar_texts(batch, Text::Json)
}

fn scalar_texts(batch: &Batch, text: Text) -> Result<ColumnarValue> {
    match batch.data_type(0) {
        DataType::Boolean => {
            let r = batch.bools(0)?;
            numbers(batch, text, |i| r.get(i), write_bool)
        }
        DataType::Int32 => {
            let r = batch.primitives::<Int32Type>(0)?;
            numbers(batch, text, |i| r.get(i), write_display)
        }
        DataType::Int64 => {
            let r = batch.primitives::<Int64Type>(0)?;
            numbers(batch, text, |i| r.get(i), write_display)
        }
        DataType::Float64 => {
            let r = batch.primitives::<Float64Type>(0)?;
            match text {
                Text::Kql => numbers(batch, text, |i| r.get(i), write_real),
                // JSON has no NaN or infinities: those become strings, as Kusto serializes
                // values JSON cannot hold; finite reals keep a fraction (`2.0`).
                Text::Json => numbers(
                    batch,
                    text,
                    |i| r.get(i),
                    |out, v| {
                        if v.is_finite() {
                            let _ = write!(out, "{v:?}");
                        } else {
                            out.push('"');
                            write_real(out, v);
                            out.push('"');
                        }
                    },
                ),
            }
        }
        // A decimal is a JSON number inside a dynamic value, as `dynamic.md`'s numbers are.
        DataType::Decimal128(_, crate::decimal::SCALE) => {
            let r = batch.primitives::<Decimal128Type>(0)?;
            numbers(batch, text, |i| r.get(i), write_decimal)
        }
        DataType::Timestamp(TimeUnit::Nanosecond, _) => {
            let r = batch.primitives::<TimestampNanosecondType>(0)?;
            texts(batch, text, |i| r.get(i), write_datetime)
        }
        DataType::Duration(TimeUnit::Nanosecond) => {
            let r = batch.primitives::<DurationNanosecondType>(0)?;
            texts(batch, text, |i| r.get(i), write_timespan)
        }
        DataType::Utf8 => {
            let r = batch.strings(0)?;
            match text {
                Text::Kql => texts(batch, text, |i| r.get(i), |o, v| o.push_str(v)),
                // Strings are never null in KQL: a null cell is "".
                Text::Json => batch.string_result(|row, out| {
                    crate::json::push_json_string(out, r.get(row).unwrap_or(""));
                    true
                }),
            }
        }
        DataType::Null => batch.string_result(|_, out| {
            if text == Text::Json {
                out.push_str("null");
            }
            true
        }),
        other => exec_err!("tostring() of {other} is not supported"),
    }
}

/// The `kql_dynamic_to_string` UDF: the KQL `tostring` of a dynamic value (a JSON string gives
/// its bare text, a number its KQL text, null `""`).
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
