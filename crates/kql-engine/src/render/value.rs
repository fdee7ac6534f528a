//! The shared cell renderer: one value's text by its KQL type.

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::{
    DataType, DurationNanosecondType, Float64Type, Int32Type, Int64Type, TimeUnit,
    TimestampNanosecondType,
};
use kql_functions::format::{
    write_bool, write_datetime, write_decimal, write_real, write_timespan,
};
use kql_syntax::KqlType;
use std::fmt::Write;

/// Appends the canonical text of `array[row]`; returns false (appending nothing) for null.
///
/// Arrays arrive in the canonical Arrow layout of their KQL type (the planner casts), so the
/// Arrow type decides the rendering; `string` and `dynamic` both print their text.
pub fn write_text(out: &mut String, array: &dyn Array, row: usize) -> bool {
    if array.is_null(row) {
        return false;
    }
    match array.data_type() {
        DataType::Utf8 => out.push_str(array.as_string::<i32>().value(row)),
        DataType::Int64 => {
            let _ = write!(out, "{}", array.as_primitive::<Int64Type>().value(row));
        }
        DataType::Int32 => {
            let _ = write!(out, "{}", array.as_primitive::<Int32Type>().value(row));
        }
        DataType::Float64 => write_real(out, array.as_primitive::<Float64Type>().value(row)),
        DataType::Boolean => write_bool(out, array.as_boolean().value(row)),
        DataType::Timestamp(TimeUnit::Nanosecond, _) => write_datetime(
            out,
            array.as_primitive::<TimestampNanosecondType>().value(row),
        ),
        DataType::Duration(TimeUnit::Nanosecond) => write_timespan(
            out,
            array.as_primitive::<DurationNanosecondType>().value(row),
        ),
        DataType::Decimal128(_, kql_functions::decimal::SCALE) => write_decimal(
            out,
            array
                .as_primitive::<datafusion::arrow::datatypes::Decimal128Type>()
                .value(row),
        ),
        DataType::Decimal128(_, _) => {
            if let Ok(text) = datafusion::arrow::util::display::array_value_to_string(array, row) {
                out.push_str(&text);
            }
        }
        other => {
            // The planner only produces canonical layouts; anything else is a bug.
            let _ = write!(out, "<unrenderable {other}>");
        }
    }
    true
}

/// Appends the text of a cell of KQL type `kql_type` as CSV and tables show it: as
/// [`write_text`], except that a `dynamic` string prints its own text, without JSON quotes
/// (`dynamic("a")` → `a`, as Kusto's CSV export writes it; kql-semantics.md §12); arrays, bags
/// and other scalars print their compact JSON. JSON output embeds the value instead.
pub fn write_cell(out: &mut String, array: &dyn Array, row: usize, kql_type: KqlType) -> bool {
    if kql_type == KqlType::Dynamic
        && !array.is_null(row)
        && let Some(strings) = array.as_string_opt::<i32>()
        && let Some(text) = kql_functions::json::string_value(strings.value(row))
    {
        out.push_str(&text);
        return true;
    }
    write_text(out, array, row)
}
