//! CSV (RFC 4180): a header row, then one line per row; a field is quoted only when it holds a
//! comma, a quote, CR or LF; null is an empty field.

use super::value::write_cell;
use datafusion::arrow::record_batch::RecordBatch;
use kql_planner::Column;

fn push_field(out: &mut String, field: &str) {
    if field.contains([',', '"', '\r', '\n']) {
        out.push('"');
        for c in field.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(field);
    }
}

/// Appends the header line.
pub(crate) fn write_header(columns: &[Column], out: &mut String) {
    for (i, c) in columns.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_field(out, &c.name);
    }
    out.push('\n');
}

/// Appends row `row` of `batch` as one line.
pub(crate) fn write_row(columns: &[Column], batch: &RecordBatch, row: usize, out: &mut String) {
    let mut cell = String::new();
    for (i, column) in columns.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        cell.clear();
        if write_cell(&mut cell, batch.column(i).as_ref(), row, column.kql_type) {
            push_field(out, &cell);
        }
    }
    out.push('\n');
}
