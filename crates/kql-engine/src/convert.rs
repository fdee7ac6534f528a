//! `kql convert`: compacts JSON exports into Parquet, one file per table and day.
//!
//! For each table under `--data` read from JSON, [`convert`] writes
//! `OUT/<Table>/<Table>-YYYY-MM-DD.parquet`: the rows whose `TimeGenerated` falls on that UTC
//! day, sorted by `TimeGenerated`, zstd-compressed, with column and page statistics (so the
//! page index lets later scans skip pages) and the sort order recorded. Rows without a
//! `TimeGenerated` go to `<Table>-undated.parquet`; a table without that column becomes one
//! `<Table>.parquet`. Columns keep their KQL types: `dynamic` and `guid`, which share Arrow's
//! `Utf8` with `string`, are marked in the field metadata ([`kql_exports::KQL_TYPE_METADATA`]),
//! so `--data OUT` answers every query as the JSON export does.
//!
//! Every day file is produced by a query through the engine (`T | where TimeGenerated >= d and
//! TimeGenerated < d + 1d | sort by TimeGenerated asc`), so the conversion reads exactly what a
//! query reads, with the same coercions and bad-line counting.
//!
//! **Re-runs convert only what is new.** `OUT/.kqlake-convert.json` (the manifest) records
//! each table's converted source files and sizes. A later run finds the files that are new or
//! have grown, and rewrites only the days their paths can hold rows of (a diagnostic-settings
//! blob of arrival hour `H`: `H − 48 h … H + 2 h`; a workspace-export `PT05M` blob: its five
//! minutes), plus the undated file. A new file whose path carries no time (plain files), or a
//! table converted for the first time, is converted whole. Each file is written beside its
//! final name and renamed into place, and the manifest is written last, so an interrupted run
//! is redone by the next.

use crate::engine::Engine;
use crate::error::EngineError;
use datafusion::arrow::array::{Array, TimestampNanosecondArray};
use datafusion::arrow::datatypes::{Field, Schema, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use futures::StreamExt;
use kql_planner::Column;
use kql_syntax::KqlType;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::SortingColumn;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The manifest's file name in the output folder (a dot-file: discovery skips it).
pub const MANIFEST: &str = ".kqlake-convert.json";

const DAY_NS: i64 = 86_400_000_000_000;
const TIME_COLUMN: &str = "TimeGenerated";

/// What happened to one table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableConversion {
    /// The table.
    pub table: String,
    /// Source files new or grown since the last run (all of them on the first run).
    pub new_files: usize,
    /// The Parquet files written (file names, in order).
    pub written: Vec<String>,
    /// Rows written.
    pub rows: u64,
    /// Why the table was not converted (already Parquet, nothing new).
    pub skipped: Option<String>,
}

/// A step of the conversion, for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConvertProgress {
    /// A table starts: the number of files it will write.
    Table {
        /// The table.
        name: String,
        /// Files to write.
        files: usize,
    },
    /// One more file of the current table is written.
    FileWritten,
}

/// Converts the JSON tables of `engine`'s `--data` into Parquet under `out` (see the module
/// doc), calling `progress` as it goes; the conversions, in table order.
pub async fn convert(
    engine: &Engine,
    out: &Path,
    progress: &mut dyn FnMut(ConvertProgress),
) -> Result<Vec<TableConversion>, EngineError> {
    std::fs::create_dir_all(out).map_err(|e| io_error(out, &e))?;
    let manifest_path = out.join(MANIFEST);
    let mut manifest = read_manifest(&manifest_path)?;
    let mut done = Vec::new();
    for name in engine.table_names() {
        let table = engine
            .export_table(&name)
            .expect("table_names lists only export tables");
        let Some(files) = table.source_files() else {
            done.push(skipped(&name, "already Parquet"));
            continue;
        };
        check_file_name(&name)?;
        let previous = manifest.get(&name).cloned().unwrap_or_default();
        let new: Vec<&kql_exports::SourceFile> = files
            .iter()
            .filter(|f| previous.get(&path_key(&f.path)) != Some(&f.bytes))
            .collect();
        if new.is_empty() {
            done.push(skipped(&name, "nothing new"));
            continue;
        }
        let dir = out.join(&name);
        std::fs::create_dir_all(&dir).map_err(|e| io_error(&dir, &e))?;
        let reference = table_reference(&name);
        let columns = engine.plan(&reference)?.columns;
        let mut conversion = TableConversion {
            table: name.clone(),
            new_files: new.len(),
            written: Vec::new(),
            rows: 0,
            skipped: None,
        };
        if !columns
            .iter()
            .any(|c| c.name == TIME_COLUMN && c.kql_type == KqlType::DateTime)
        {
            progress(ConvertProgress::Table {
                name: name.clone(),
                files: 1,
            });
            let file = format!("{name}.parquet");
            conversion.rows += write_query(engine, &reference, &dir.join(&file), None).await?;
            conversion.written.push(file);
            progress(ConvertProgress::FileWritten);
        } else {
            // Which days to (re)write: all of them on a first run or when a new file's path
            // has no time, else those the new files' windows touch.
            let window = if previous.is_empty() || new.iter().any(|f| f.time_window.is_none()) {
                None
            } else {
                let lo = new.iter().filter_map(|f| f.time_window).map(|w| w.0).min();
                let hi = new.iter().filter_map(|f| f.time_window).map(|w| w.1).max();
                lo.zip(hi)
            };
            let days = days_with_rows(engine, &reference, window).await?;
            progress(ConvertProgress::Table {
                name: name.clone(),
                files: days.len() + 1,
            });
            for day in days {
                let file = format!("{name}-{}.parquet", day_text(day));
                let query = format!(
                    "{reference} | where {TIME_COLUMN} >= {} and {TIME_COLUMN} < {} \
                     | sort by {TIME_COLUMN} asc",
                    datetime_literal(day),
                    datetime_literal(day + DAY_NS)
                );
                conversion.rows +=
                    write_query(engine, &query, &dir.join(&file), Some(TIME_COLUMN)).await?;
                conversion.written.push(file);
                progress(ConvertProgress::FileWritten);
            }
            // Rows whose TimeGenerated is null belong to no day.
            let file = format!("{name}-undated.parquet");
            let query = format!("{reference} | where isnull({TIME_COLUMN})");
            let rows = write_query(engine, &query, &dir.join(&file), None).await?;
            if rows > 0 {
                conversion.rows += rows;
                conversion.written.push(file);
            } else {
                remove_if_present(&dir.join(&file))?;
            }
            progress(ConvertProgress::FileWritten);
        }
        let entry = manifest.entry(name.clone()).or_default();
        for f in &files {
            entry.insert(path_key(&f.path), f.bytes);
        }
        done.push(conversion);
    }
    write_manifest(&manifest_path, &manifest)?;
    Ok(done)
}

fn skipped(table: &str, why: &str) -> TableConversion {
    TableConversion {
        table: table.to_owned(),
        new_files: 0,
        written: Vec::new(),
        rows: 0,
        skipped: Some(why.to_owned()),
    }
}

/// Converted source files per table: path → bytes.
type Manifest = BTreeMap<String, BTreeMap<String, u64>>;

fn path_key(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn read_manifest(path: &Path) -> Result<Manifest, EngineError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Manifest::new()),
        Err(e) => return Err(io_error(path, &e)),
    };
    let bad = || {
        EngineError::Data(format!(
            "'{}' is not a kqlake convert manifest: remove it to convert everything again",
            path.display()
        ))
    };
    let value: Value = serde_json::from_str(&text).map_err(|_| bad())?;
    let tables = value
        .get("tables")
        .and_then(Value::as_object)
        .ok_or_else(bad)?;
    let mut manifest = Manifest::new();
    for (table, entry) in tables {
        let files = entry
            .get("files")
            .and_then(Value::as_object)
            .ok_or_else(bad)?;
        let files = files
            .iter()
            .map(|(p, b)| b.as_u64().map(|b| (p.clone(), b)).ok_or_else(bad))
            .collect::<Result<_, _>>()?;
        manifest.insert(table.clone(), files);
    }
    Ok(manifest)
}

fn write_manifest(path: &Path, manifest: &Manifest) -> Result<(), EngineError> {
    let tables: Map<String, Value> = manifest
        .iter()
        .map(|(table, files)| {
            let files: Map<String, Value> =
                files.iter().map(|(p, b)| (p.clone(), json!(b))).collect();
            (table.clone(), json!({ "files": files }))
        })
        .collect();
    let text = serde_json::to_string_pretty(&json!({ "version": 1, "tables": tables }))
        .expect("a JSON value always serializes");
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, text).map_err(|e| io_error(&tmp, &e))?;
    std::fs::rename(&tmp, path).map_err(|e| io_error(path, &e))
}

/// Table names become file names: only letters, digits, `_`, `-` and `.` (not leading).
fn check_file_name(table: &str) -> Result<(), EngineError> {
    let ok = !table.is_empty()
        && !table.starts_with('.')
        && table
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if ok {
        Ok(())
    } else {
        Err(EngineError::Data(format!(
            "cannot convert table '{table}': its name is not usable as a file name"
        )))
    }
}

fn table_reference(name: &str) -> String {
    if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        name.to_owned()
    } else {
        format!("['{name}']")
    }
}

fn io_error(path: &Path, e: &std::io::Error) -> EngineError {
    EngineError::Data(format!("cannot write '{}': {e}", path.display()))
}

fn remove_if_present(path: &Path) -> Result<(), EngineError> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_error(path, &e)),
        _ => Ok(()),
    }
}

/// `datetime(…)` of an instant in ns since the epoch.
fn datetime_literal(ns: i64) -> String {
    // Kusto's literals take at most 7 fraction digits (100 ns ticks).
    let t = chrono::DateTime::from_timestamp_nanos(ns);
    format!(
        "datetime({}.{:07}Z)",
        t.format("%Y-%m-%dT%H:%M:%S"),
        ns.rem_euclid(1_000_000_000) / 100
    )
}

fn day_text(ns: i64) -> String {
    chrono::DateTime::from_timestamp_nanos(ns)
        .format("%Y-%m-%d")
        .to_string()
}

/// The UTC days (as ns at midnight) holding rows of the table, within `window` when given.
async fn days_with_rows(
    engine: &Engine,
    reference: &str,
    window: Option<(i64, i64)>,
) -> Result<BTreeSet<i64>, EngineError> {
    let filter = match window {
        Some((lo, hi)) => format!(
            "| where {TIME_COLUMN} >= {} and {TIME_COLUMN} < {} ",
            datetime_literal(lo),
            datetime_literal(hi)
        ),
        None => format!("| where isnotnull({TIME_COLUMN}) "),
    };
    let query = format!("{reference} {filter}| summarize by Day = startofday({TIME_COLUMN})");
    let result = engine.query(&query).await?;
    let mut days = BTreeSet::new();
    for batch in &result.batches {
        let column = batch
            .column(0)
            .as_any()
            .downcast_ref::<TimestampNanosecondArray>()
            .ok_or_else(|| {
                EngineError::Execution(
                    "internal error: startofday() did not return a datetime".to_owned(),
                )
            })?;
        days.extend(column.iter().flatten());
    }
    Ok(days)
}

/// The Arrow schema of a query's output with each column's KQL type recorded where Arrow's
/// type does not tell it (`dynamic`, `guid`).
fn schema_with_kql_types(schema: &SchemaRef, columns: &[Column]) -> SchemaRef {
    let fields: Vec<Field> = schema
        .fields()
        .iter()
        .zip(columns)
        .map(|(field, column)| {
            let field = field.as_ref().clone();
            match column.kql_type {
                KqlType::Dynamic | KqlType::Guid => {
                    let mut metadata = field.metadata().clone();
                    metadata.insert(
                        kql_exports::KQL_TYPE_METADATA.to_owned(),
                        column.kql_type.name().to_owned(),
                    );
                    field.with_metadata(metadata)
                }
                _ => field,
            }
        })
        .collect();
    Arc::new(Schema::new(fields))
}

/// Runs `query` and writes its rows to `path` (through a temporary file renamed into place);
/// the rows written. `sorted_by` names the column the rows are sorted on, recorded in the file.
async fn write_query(
    engine: &Engine,
    query: &str,
    path: &Path,
    sorted_by: Option<&str>,
) -> Result<u64, EngineError> {
    let planned = engine.plan(query)?;
    let mut stream = engine.execute(&planned).await?;
    let schema = schema_with_kql_types(&stream.schema(), &planned.columns);
    let mut properties = WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::default()))
        .set_statistics_enabled(EnabledStatistics::Page);
    if let Some(index) = sorted_by.and_then(|c| schema.index_of(c).ok()) {
        properties = properties.set_sorting_columns(Some(vec![SortingColumn {
            column_idx: i32::try_from(index).unwrap_or(i32::MAX),
            descending: false,
            nulls_first: false,
        }]));
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp: PathBuf = path.with_file_name(format!(".{file_name}.tmp"));
    let file = std::fs::File::create(&tmp).map_err(|e| io_error(&tmp, &e))?;
    let parquet_error = |e: parquet::errors::ParquetError| {
        EngineError::Data(format!("cannot write '{}': {e}", tmp.display()))
    };
    let mut writer = ArrowWriter::try_new(file, Arc::clone(&schema), Some(properties.build()))
        .map_err(parquet_error)?;
    let mut rows = 0u64;
    while let Some(batch) = stream.next().await {
        let batch = batch?;
        if batch.num_rows() == 0 {
            continue;
        }
        rows += batch.num_rows() as u64;
        let batch = RecordBatch::try_new(Arc::clone(&schema), batch.columns().to_vec())
            .map_err(|e| EngineError::Execution(format!("internal error: {e}")))?;
        writer.write(&batch).map_err(parquet_error)?;
    }
    writer.close().map_err(parquet_error)?;
    if rows == 0 {
        remove_if_present(&tmp)?;
        return Ok(0);
    }
    std::fs::rename(&tmp, path).map_err(|e| io_error(path, &e))?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_and_day_names() {
        // 2026-11-20T00:00:00Z = 1795132800 s.
        let ns = 1_795_132_800_000_000_000;
        assert_eq!(
            datetime_literal(ns),
            "datetime(2026-11-20T00:00:00.0000000Z)"
        );
        assert_eq!(day_text(ns + DAY_NS - 1), "2026-11-20");
    }

    #[test]
    fn file_names_are_checked() {
        assert!(check_file_name("AmlComputeJobEvent").is_ok());
        assert!(check_file_name("My-Table.v2").is_ok());
        for bad in ["", ".hidden", "a/b", "a\\b", "x y"] {
            assert!(check_file_name(bad).is_err(), "{bad}");
        }
    }
}
