//! Values as Kusto's JSON encodes them, by KQL type: `long`, `int` and `real` are JSON numbers
//! (a `real` NaN or infinity, which JSON lacks, is the string `"NaN"`, `"Infinity"` or
//! `"-Infinity"`); `bool` is `true`/`false`; `datetime` (`2024-01-02T03:04:05.1234567Z`),
//! `timespan` (`[-][d.]hh:mm:ss[.fffffff]`), `guid`, `decimal` and `string` are JSON strings;
//! `dynamic` is the JSON value itself in v2 and its JSON text as a string in v1; null is `null`.
//!
//! The text of each value comes from `kql-engine`'s shared renderer, so `kql query` and
//! `kql serve` agree on every value.

use datafusion::arrow::array::Array;
use datafusion::arrow::record_batch::RecordBatch;
use kql_engine::KqlType;
use kql_engine::render::value::write_text;
pub(crate) use kql_functions::json::push_json_string;

/// The protocol whose encoding applies (they differ for `dynamic` only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Protocol {
    /// `/v1/rest/query`, `/v1/rest/mgmt`.
    V1,
    /// `/v2/rest/query`.
    V2,
}

/// The approximate .NET type of a KQL type: the `DataType` of a v1 column.
pub(crate) fn dotnet_type(t: KqlType) -> &'static str {
    match t {
        KqlType::Bool => "Boolean",
        KqlType::Int => "Int32",
        KqlType::Long => "Int64",
        KqlType::Real => "Double",
        KqlType::Decimal => "Decimal",
        KqlType::String => "String",
        KqlType::DateTime => "DateTime",
        KqlType::TimeSpan => "TimeSpan",
        KqlType::Guid => "Guid",
        KqlType::Dynamic => "Object",
    }
}

/// Appends row `row` of `batch` as a JSON array of cells, typed by `types`. `cell` is scratch
/// space reused across calls (no allocation per row once it has grown).
pub(crate) fn write_row(
    out: &mut String,
    batch: &RecordBatch,
    row: usize,
    types: &[KqlType],
    protocol: Protocol,
    cell: &mut String,
) {
    out.push('[');
    for (i, kql_type) in types.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_cell(
            out,
            batch.column(i).as_ref(),
            row,
            *kql_type,
            protocol,
            cell,
        );
    }
    out.push(']');
}

/// Appends one cell.
fn write_cell(
    out: &mut String,
    array: &dyn Array,
    row: usize,
    kql_type: KqlType,
    protocol: Protocol,
    cell: &mut String,
) {
    cell.clear();
    if !write_text(cell, array, row) {
        out.push_str("null");
        return;
    }
    match kql_type {
        KqlType::Bool | KqlType::Int | KqlType::Long => out.push_str(cell),
        KqlType::Real => match cell.as_str() {
            "NaN" | "Infinity" | "-Infinity" => push_json_string(out, cell),
            _ => out.push_str(cell),
        },
        KqlType::Dynamic if protocol == Protocol::V2 => out.push_str(cell),
        _ => push_json_string(out, cell),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_json() {
        let mut out = String::new();
        push_json_string(&mut out, "a\"b\\c\nd\u{1}é");
        assert_eq!(out, r#""a\"b\\c\nd\u0001é""#);
        let back: String = serde_json::from_str(&out).expect("valid JSON");
        assert_eq!(back, "a\"b\\c\nd\u{1}é");
    }

    #[test]
    fn decimals_and_reals_follow_kustos_json() {
        use datafusion::arrow::array::{Decimal128Array, Float64Array};
        use datafusion::arrow::datatypes::{DataType, Field, Schema};
        use std::sync::Arc;
        // Kusto writes a decimal as a JSON string (todecimal, Parquet decimal columns), and a
        // non-finite real as its name.
        let decimals = Decimal128Array::from(vec![Some(150), None])
            .with_precision_and_scale(10, 2)
            .expect("valid precision");
        let reals = Float64Array::from(vec![f64::NEG_INFINITY, 0.25]);
        let schema = Schema::new(vec![
            Field::new("d", DataType::Decimal128(10, 2), true),
            Field::new("r", DataType::Float64, false),
        ]);
        let batch =
            RecordBatch::try_new(Arc::new(schema), vec![Arc::new(decimals), Arc::new(reals)])
                .expect("a batch");
        let types = [KqlType::Decimal, KqlType::Real];
        let (mut out, mut cell) = (String::new(), String::new());
        write_row(&mut out, &batch, 0, &types, Protocol::V2, &mut cell);
        out.push('|');
        write_row(&mut out, &batch, 1, &types, Protocol::V1, &mut cell);
        assert_eq!(out, r#"["1.50","-Infinity"]|[null,0.25]"#);
    }

    #[test]
    fn dotnet_types_of_v1_columns() {
        assert_eq!(dotnet_type(KqlType::Long), "Int64");
        assert_eq!(dotnet_type(KqlType::Dynamic), "Object");
        assert_eq!(dotnet_type(KqlType::TimeSpan), "TimeSpan");
    }
}
