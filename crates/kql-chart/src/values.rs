//! Reading result cells as chart values: numbers for y, instants and numbers for x, text for
//! categories and series names, and the JSON arrays of `make-series` columns.
//!
//! Arrays arrive in the canonical Arrow layout of their KQL type (the planner casts): `long`
//! is Int64, `real` Float64, `datetime` a nanosecond timestamp, `dynamic` JSON text.

use arrow::array::{Array, AsArray};
use arrow::datatypes::{
    DataType, Decimal128Type, DurationNanosecondType, Float64Type, Int32Type, Int64Type, TimeUnit,
    TimestampNanosecondType,
};
use kql_functions::format::{write_bool, write_datetime, write_real, write_timespan};
use kql_syntax::KqlType;

/// Whether values of this type are drawn as y values (`int`, `long`, `real`, `decimal`).
pub(crate) fn is_numeric(kql_type: KqlType) -> bool {
    matches!(
        kql_type,
        KqlType::Int | KqlType::Long | KqlType::Real | KqlType::Decimal
    )
}

/// Whether values of this type name a series (`string`, `guid`, `bool`): the columns Kusto's
/// clients take as series when `series` is not given.
pub(crate) fn is_label(kql_type: KqlType) -> bool {
    matches!(kql_type, KqlType::String | KqlType::Guid | KqlType::Bool)
}

/// The number in `array[row]`, or `None` for null or a non-numeric array.
pub(crate) fn number(array: &dyn Array, row: usize) -> Option<f64> {
    if array.is_null(row) {
        return None;
    }
    match array.data_type() {
        DataType::Int64 => Some(array.as_primitive::<Int64Type>().value(row) as f64),
        DataType::Int32 => Some(f64::from(array.as_primitive::<Int32Type>().value(row))),
        DataType::Float64 => Some(array.as_primitive::<Float64Type>().value(row)),
        DataType::Decimal128(_, scale) => {
            let raw = array.as_primitive::<Decimal128Type>().value(row) as f64;
            Some(raw / 10f64.powi(i32::from(*scale)))
        }
        _ => None,
    }
}

/// The instant in `array[row]` as nanoseconds since the Unix epoch, or `None`.
pub(crate) fn instant(array: &dyn Array, row: usize) -> Option<i64> {
    if array.is_null(row) {
        return None;
    }
    match array.data_type() {
        DataType::Timestamp(TimeUnit::Nanosecond, _) => {
            Some(array.as_primitive::<TimestampNanosecondType>().value(row))
        }
        _ => None,
    }
}

/// The text of `array[row]` as a label: a string as is, a `dynamic` string without its JSON
/// quotes, other values in KQL's canonical text; null is the empty string (as Kusto's clients
/// name a series whose value is empty).
pub(crate) fn text(array: &dyn Array, row: usize, kql_type: KqlType) -> String {
    let mut out = String::new();
    if array.is_null(row) {
        return out;
    }
    match array.data_type() {
        DataType::Utf8 => {
            let value = array.as_string::<i32>().value(row);
            match kql_functions::json::string_value(value) {
                Some(s) if kql_type == KqlType::Dynamic => out.push_str(&s),
                _ => out.push_str(value),
            }
        }
        DataType::Int64 | DataType::Int32 | DataType::Decimal128(_, _) => {
            if let Some(v) = number(array, row) {
                write_real(&mut out, v);
            }
        }
        DataType::Float64 => write_real(&mut out, array.as_primitive::<Float64Type>().value(row)),
        DataType::Boolean => write_bool(&mut out, array.as_boolean().value(row)),
        DataType::Timestamp(TimeUnit::Nanosecond, _) => write_datetime(
            &mut out,
            array.as_primitive::<TimestampNanosecondType>().value(row),
        ),
        DataType::Duration(TimeUnit::Nanosecond) => write_timespan(
            &mut out,
            array.as_primitive::<DurationNanosecondType>().value(row),
        ),
        other => out.push_str(&other.to_string()),
    }
    out
}

/// The elements of the JSON array in a `dynamic` cell, or `None` when the cell is null or not
/// an array.
pub(crate) fn json_array(array: &dyn Array, row: usize) -> Option<Vec<serde_json::Value>> {
    if array.is_null(row) {
        return None;
    }
    let text = array.as_string_opt::<i32>()?.value(row);
    match serde_json::from_str(text) {
        Ok(serde_json::Value::Array(values)) => Some(values),
        _ => None,
    }
}

/// A `make-series` axis element as an instant: a JSON string holding an ISO 8601 datetime.
pub(crate) fn json_instant(value: &serde_json::Value) -> Option<i64> {
    let text = value.as_str()?;
    chrono::DateTime::parse_from_rfc3339(text)
        .ok()
        .and_then(|t| t.timestamp_nanos_opt())
}

/// The text of an instant, in KQL's canonical form (`2024-01-01T00:00:00Z`).
pub(crate) fn instant_text(nanos: i64) -> String {
    let mut out = String::new();
    write_datetime(&mut out, nanos);
    out
}

/// The text of a number, in KQL's canonical form (`2`, `2.5`).
pub(crate) fn number_text(value: f64) -> String {
    let mut out = String::new();
    write_real(&mut out, value);
    out
}
