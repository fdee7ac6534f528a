//! Writer B: the Parquet twin of a written export — the same rows as Log Analytics tables.
//!
//! [`write_parquet_twin`] reads the diagnostic-settings blobs that writer A wrote under the export
//! root and writes, per table and **arrival day** (the `y=/m=/d=` folders), one file
//! `<dir>/<Table>/<Table>-YYYY-MM-DD.parquet` whose rows are sorted by `TimeGenerated`, so row-group
//! and page statistics on `TimeGenerated` are tight. Columns are the table's as Log Analytics
//! shows them (azure-exports.md §2.4 mapping): `TimeGenerated` from `time`, `OperationName`,
//! `ResultSignature`, every [`Table::properties`] column with its type (`datetime` → UTC
//! nanosecond timestamps, `int` → 32-bit integers, numeric strings parsed), `Type`,
//! `_ResourceId` (the resource ID lower-cased), `_SubscriptionId`, and the raw `properties` bag
//! as compact JSON text. Invalid lines (`--malformed`, `--open-hour`) are left out, as a reader
//! that skips bad lines leaves them out.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::array::{
    ArrayRef, Int32Builder, RecordBatch, StringBuilder, TimestampNanosecondBuilder,
};
use arrow::datatypes::{DataType, Field, Schema, TimeUnit};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::schema::{ColumnType, Table};
use crate::time::parse_rfc3339;
use crate::{GenError, io_error};

/// Rows per row group: small enough that a one-hour filter skips most of a day's file.
const ROW_GROUP_ROWS: usize = 64 * 1024;

/// What the twin holds.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct TwinSummary {
    /// Parquet files written.
    pub files: u64,
    /// Rows written.
    pub rows: u64,
    /// Lines left out because they are not valid records.
    pub invalid_lines: u64,
}

/// A record as writer A writes it.
#[derive(Deserialize)]
struct Record<'a> {
    time: &'a str,
    #[serde(rename = "resourceId")]
    resource_id: &'a str,
    #[serde(rename = "operationName", default)]
    operation_name: &'a str,
    #[serde(rename = "resultSignature", default)]
    result_signature: &'a str,
    #[serde(borrow)]
    properties: &'a RawValue,
}

/// One typed column being built.
enum Builder {
    Str(StringBuilder),
    Int(Int32Builder),
    Time(TimestampNanosecondBuilder),
}

/// The twin's columns of `table`: (name, type), in file order.
fn columns(table: Table) -> Vec<(String, ColumnType)> {
    let mut out = vec![
        ("TimeGenerated".to_owned(), ColumnType::DateTime),
        ("OperationName".to_owned(), ColumnType::String),
        ("ResultSignature".to_owned(), ColumnType::String),
    ];
    out.extend(
        table
            .properties()
            .iter()
            .map(|(n, t)| ((*n).to_owned(), *t)),
    );
    for n in ["Type", "_ResourceId", "_SubscriptionId", "properties"] {
        out.push((n.to_owned(), ColumnType::String));
    }
    out
}

fn arrow_type(t: ColumnType) -> DataType {
    match t {
        ColumnType::String => DataType::Utf8,
        ColumnType::Int => DataType::Int32,
        ColumnType::DateTime => DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into())),
    }
}

/// Nanoseconds since the epoch of an ISO 8601 `…Z` text (the generator's own format).
fn nanos(text: &str) -> Option<i64> {
    parse_rfc3339(text)
        .ok()
        .map(|ticks| ticks.saturating_mul(100))
}

/// Appends one value of a property to its builder (missing or unconvertible: `""` / null).
fn append(b: &mut Builder, v: Option<&serde_json::Value>) {
    match b {
        Builder::Str(b) => match v {
            Some(serde_json::Value::String(s)) => b.append_value(s),
            Some(serde_json::Value::Null) | None => b.append_value(""),
            Some(other) => b.append_value(other.to_string()),
        },
        Builder::Int(b) => b.append_option(v.and_then(|v| match v {
            serde_json::Value::Number(n) => n.as_i64().and_then(|n| i32::try_from(n).ok()),
            serde_json::Value::String(s) => s.trim().parse().ok(),
            _ => None,
        })),
        Builder::Time(b) => b.append_option(v.and_then(serde_json::Value::as_str).and_then(nanos)),
    }
}

/// The subscription segment of a resource ID, lower-cased.
fn subscription(resource_id: &str) -> String {
    let mut parts = resource_id.split('/');
    while let Some(p) = parts.next() {
        if p.eq_ignore_ascii_case("subscriptions") {
            return parts.next().unwrap_or("").to_ascii_lowercase();
        }
    }
    String::new()
}

/// Calls `f` with every non-blank line of `blobs`, in order.
pub(crate) fn for_each_line(blobs: &[PathBuf], mut f: impl FnMut(String)) -> Result<(), GenError> {
    for blob in blobs {
        let file = File::open(blob).map_err(io_error(blob))?;
        for line in BufReader::new(file).lines() {
            let line = line.map_err(io_error(blob))?;
            if !line.trim().is_empty() {
                f(line);
            }
        }
    }
    Ok(())
}

/// Writes one table-day file from its blobs; returns (rows, invalid lines).
fn write_day(table: Table, blobs: &[PathBuf], out: &Path) -> Result<(u64, u64), GenError> {
    let mut lines: Vec<(i64, String)> = Vec::new();
    let mut invalid = 0u64;
    for_each_line(blobs, |line| {
        match serde_json::from_str::<Record<'_>>(&line)
            .ok()
            .and_then(|r| nanos(r.time))
        {
            Some(t) => lines.push((t, line)),
            None => invalid += 1,
        }
    })?;
    lines.sort_by_key(|(t, _)| *t);
    let cols = columns(table);
    let schema = Arc::new(Schema::new(
        cols.iter()
            .map(|(n, t)| Field::new(n, arrow_type(*t), *t != ColumnType::String))
            .collect::<Vec<_>>(),
    ));
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
        .build();
    let file = File::create(out).map_err(io_error(out))?;
    let parquet_error = |e: parquet::errors::ParquetError| GenError::Io {
        path: out.to_path_buf(),
        source: std::io::Error::other(e),
    };
    let mut writer =
        ArrowWriter::try_new(file, Arc::clone(&schema), Some(props)).map_err(parquet_error)?;
    for chunk in lines.chunks(ROW_GROUP_ROWS) {
        let mut builders: Vec<Builder> = cols
            .iter()
            .map(|(_, t)| match t {
                ColumnType::String => Builder::Str(StringBuilder::new()),
                ColumnType::Int => Builder::Int(Int32Builder::new()),
                ColumnType::DateTime => Builder::Time(TimestampNanosecondBuilder::new()),
            })
            .collect();
        for (time, line) in chunk {
            let r: Record<'_> = serde_json::from_str(line).expect("parsed once already");
            let bag: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(r.properties.get()).unwrap_or_default();
            for (i, (name, _)) in cols.iter().enumerate() {
                let b = &mut builders[i];
                match (name.as_str(), b) {
                    ("TimeGenerated", Builder::Time(b)) => b.append_value(*time),
                    ("OperationName", Builder::Str(b)) => b.append_value(r.operation_name),
                    ("ResultSignature", Builder::Str(b)) => b.append_value(r.result_signature),
                    ("Type", Builder::Str(b)) => b.append_value(table.name()),
                    ("_ResourceId", Builder::Str(b)) => {
                        b.append_value(r.resource_id.to_lowercase())
                    }
                    ("_SubscriptionId", Builder::Str(b)) => {
                        b.append_value(subscription(r.resource_id))
                    }
                    ("properties", Builder::Str(b)) => b.append_value(r.properties.get()),
                    (_, b) => append(b, bag.get(name)),
                }
            }
        }
        let arrays: Vec<ArrayRef> = builders
            .iter_mut()
            .map(|b| -> ArrayRef {
                match b {
                    Builder::Str(b) => Arc::new(b.finish()),
                    Builder::Int(b) => Arc::new(b.finish()),
                    Builder::Time(b) => Arc::new(b.finish().with_timezone("UTC")),
                }
            })
            .collect();
        let batch =
            RecordBatch::try_new(Arc::clone(&schema), arrays).map_err(|e| GenError::Io {
                path: out.to_path_buf(),
                source: std::io::Error::other(e),
            })?;
        writer.write(&batch).map_err(parquet_error)?;
    }
    writer.close().map_err(parquet_error)?;
    Ok((lines.len() as u64, invalid))
}

/// Every `PT1H*.json` under `dir`, with its `y=/m=/d=` arrival day (`YYYY-MM-DD`).
pub(crate) fn blobs_by_day(
    dir: &Path,
    out: &mut BTreeMap<String, Vec<PathBuf>>,
) -> Result<(), GenError> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries {
        let path = entry.map_err(io_error(dir))?.path();
        if path.is_dir() {
            blobs_by_day(&path, out)?;
        } else if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("PT1H"))
        {
            let part = |key: &str| {
                path.components().find_map(|c| {
                    c.as_os_str()
                        .to_string_lossy()
                        .strip_prefix(key)
                        .map(str::to_owned)
                })
            };
            let day = match (part("y="), part("m="), part("d=")) {
                (Some(y), Some(m), Some(d)) => format!("{y}-{m}-{d}"),
                _ => "unknown".to_owned(),
            };
            out.entry(day).or_default().push(path);
        }
    }
    Ok(())
}

/// Writes the Parquet twin of the export under `export_root` into `dir` (see the module doc).
pub fn write_parquet_twin(export_root: &Path, dir: &Path) -> Result<TwinSummary, GenError> {
    let mut tasks = Vec::new();
    for table in Table::ALL {
        let mut days = BTreeMap::new();
        blobs_by_day(&export_root.join(table.container()), &mut days)?;
        let folder = dir.join(table.name());
        fs::create_dir_all(&folder).map_err(io_error(&folder))?;
        for (day, mut blobs) in days {
            blobs.sort();
            let out = folder.join(format!("{}-{day}.parquet", table.name()));
            tasks.push((table, blobs, out));
        }
    }
    let results = tasks
        .par_iter()
        .map(|(table, blobs, out)| write_day(*table, blobs, out))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(TwinSummary {
        files: results.len() as u64,
        rows: results.iter().map(|r| r.0).sum(),
        invalid_lines: results.iter().map(|r| r.1).sum(),
    })
}
