//! Rendering results for people and programs: table, CSV, JSON, NDJSON and Parquet.
//!
//! Every text format prints cells through [`value`], which renders by the column's KQL type:
//! datetimes as `2021-10-21T05:12:34.1234567Z`, timespans as `[-][d.]hh:mm:ss[.fffffff]`,
//! bools as `true`/`false`, dynamic values as compact JSON, nulls as empty (CSV, table) or
//! `null` (JSON). Text formats stream batch by batch, except the table, which needs every row
//! to size its columns.

mod csv;
mod json;
mod parquet;
pub mod table;
pub mod value;

use crate::error::EngineError;
use datafusion::execution::SendableRecordBatchStream;
use futures::StreamExt;
use kql_planner::Column;
use std::io::Write;

/// An output format (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A table for terminals.
    Table,
    /// RFC 4180 CSV with a header row.
    Csv,
    /// One JSON array of row objects.
    Json,
    /// One JSON object per line.
    Ndjson,
    /// An Apache Parquet file.
    Parquet,
}

/// Writes a result stream in `format`; returns the number of rows written.
pub async fn write_stream(
    format: Format,
    columns: &[Column],
    mut stream: SendableRecordBatchStream,
    out: &mut (dyn Write + Send),
) -> Result<u64, EngineError> {
    let mut rows = 0u64;
    match format {
        Format::Table => {
            let mut batches = Vec::new();
            while let Some(batch) = stream.next().await {
                let batch = batch?;
                rows += batch.num_rows() as u64;
                batches.push(batch);
            }
            table::write(columns, &batches, out)?;
        }
        Format::Parquet => {
            let mut writer = parquet::ParquetOutput::new(stream.schema(), out)?;
            while let Some(batch) = stream.next().await {
                let batch = batch?;
                rows += batch.num_rows() as u64;
                writer.write(&batch)?;
            }
            writer.finish()?;
        }
        Format::Csv | Format::Json | Format::Ndjson => {
            let mut line = String::with_capacity(1024);
            match format {
                Format::Csv => csv::write_header(columns, &mut line),
                Format::Json => line.push('['),
                _ => {}
            }
            out.write_all(line.as_bytes())?;
            while let Some(batch) = stream.next().await {
                let batch = batch?;
                for row in 0..batch.num_rows() {
                    line.clear();
                    match format {
                        Format::Csv => csv::write_row(columns, &batch, row, &mut line),
                        Format::Json => {
                            line.push_str(if rows == 0 { "\n" } else { ",\n" });
                            json::write_object(columns, &batch, row, &mut line);
                        }
                        _ => {
                            json::write_object(columns, &batch, row, &mut line);
                            line.push('\n');
                        }
                    }
                    out.write_all(line.as_bytes())?;
                    rows += 1;
                }
            }
            if format == Format::Json {
                out.write_all(if rows == 0 { b"]\n" } else { b"\n]\n" })?;
            }
        }
    }
    out.flush()?;
    Ok(rows)
}

/// Renders a collected result as CSV text (the `.kqltest` format and doc examples).
pub fn to_csv(
    columns: &[Column],
    batches: &[datafusion::arrow::record_batch::RecordBatch],
    header: bool,
) -> String {
    let mut text = String::new();
    if header {
        csv::write_header(columns, &mut text);
    }
    for batch in batches {
        for row in 0..batch.num_rows() {
            csv::write_row(columns, batch, row, &mut text);
        }
    }
    text
}

/// Writes a collected result in `format` (the shell's `.save` and `.format`); returns the number
/// of rows written.
pub async fn write_batches(
    format: Format,
    columns: &[Column],
    batches: &[datafusion::arrow::record_batch::RecordBatch],
    out: &mut (dyn Write + Send),
) -> Result<u64, EngineError> {
    let schema = match batches.first() {
        Some(b) => b.schema(),
        None => std::sync::Arc::new(datafusion::arrow::datatypes::Schema::new(
            columns
                .iter()
                .map(|c| {
                    datafusion::arrow::datatypes::Field::new(
                        c.name.as_str(),
                        kql_functions::types::kql_to_arrow(c.kql_type),
                        true,
                    )
                })
                .collect::<Vec<_>>(),
        )),
    };
    // The stream must own its batches ('static); cloning a batch only clones its Arcs.
    let owned = batches.to_vec();
    let stream = datafusion::physical_plan::stream::RecordBatchStreamAdapter::new(
        schema,
        futures::stream::iter(owned.into_iter().map(Ok)),
    );
    write_stream(format, columns, Box::pin(stream), out).await
}
