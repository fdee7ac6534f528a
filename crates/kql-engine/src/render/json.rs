//! JSON and NDJSON rows: one object per row, keys in column order. Strings, datetimes and
//! timespans are JSON strings; long, int and real are numbers (NaN and infinities, which JSON
//! lacks, are the strings "NaN", "Infinity", "-Infinity"); bools are booleans; dynamic values
//! are embedded as JSON; nulls are `null`.

use super::value::write_text;
use datafusion::arrow::array::Array;
use datafusion::arrow::datatypes::DataType;
use datafusion::arrow::record_batch::RecordBatch;
use kql_planner::Column;
use kql_syntax::KqlType;

fn push_json_string(out: &mut String, s: &str) {
    // serde_json's escaping; writing to a String cannot fail.
    if let Ok(text) = serde_json::to_string(s) {
        out.push_str(&text);
    }
}

/// Appends row `row` of `batch` as a JSON object.
pub(crate) fn write_object(columns: &[Column], batch: &RecordBatch, row: usize, out: &mut String) {
    out.push('{');
    let mut cell = String::new();
    for (i, column) in columns.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_string(out, &column.name);
        out.push(':');
        let array = batch.column(i);
        cell.clear();
        if !write_text(&mut cell, array.as_ref(), row) {
            out.push_str("null");
            continue;
        }
        let bare = match column.kql_type {
            KqlType::Dynamic => true,
            KqlType::Bool => true,
            KqlType::Int | KqlType::Long => true,
            KqlType::Real | KqlType::Decimal => {
                !matches!(array.data_type(), DataType::Float64)
                    || !matches!(cell.as_str(), "NaN" | "Infinity" | "-Infinity")
            }
            _ => false,
        };
        if bare {
            out.push_str(&cell);
        } else {
            push_json_string(out, &cell);
        }
    }
    out.push('}');
}
