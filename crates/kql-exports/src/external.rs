//! `externaldata`'s files: local CSV-like, TXT, JSON and Parquet files read into a table of
//! the query's declared columns.
//!
//! [`external_table`] checks at planning time that every file exists (and reads Parquet
//! footers), so that a missing file is reported against its path in the query; the rows are
//! read when the scan runs. Text formats map fields to the declared columns by position, JSON
//! formats by key (the decoder's case-insensitive match, `Shape::Plain`: no Log Analytics
//! conventions), Parquet by name (the planner maps the files' own columns). Values convert as
//! the export scan converts them (`json::convert`); one that does not convert is null, as
//! Kusto's `scalar-data-types/index.md` says of ingested values. A malformed record (broken
//! JSON, bad CSV quoting, invalid UTF-8) fails the query naming the file and line: these are
//! small reference files the query depends on, so nothing is skipped silently.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::datatypes::{Field, Schema, SchemaRef};
use arrow::record_batch::RecordBatch;
use async_trait::async_trait;
use datafusion::catalog::{Session, TableProvider};
use datafusion::datasource::memory::MemorySourceConfig;
use datafusion::error::{DataFusionError, Result as DfResult};
use datafusion::logical_expr::{Expr, TableType};
use datafusion::physical_plan::ExecutionPlan;
use kql_functions::types::kql_to_arrow;
use kql_syntax::KqlType;
use kql_syntax::ast::ExternalFormat;
use serde_json::value::RawValue;

use crate::error::ExportError;
use crate::json::decode::{Decoder, Shape};
use crate::json::reader::open_decompressed;
use crate::report::ReportState;
use crate::{ExportColumn, ExportTable};

/// The name of every `externaldata` table (it has no name in the query).
const TABLE_NAME: &str = "externaldata";
/// Rows per batch.
const BATCH_ROWS: usize = 8192;
/// The largest (decompressed) file read: Kusto itself caps `externaldata` at 100 MB.
const MAX_FILE_BYTES: u64 = 1 << 30;

/// What `externaldata` asks to read.
#[derive(Debug, Clone)]
pub struct ExternalSpec {
    /// The declared columns, in order.
    pub columns: Vec<(String, KqlType)>,
    /// The files, in order.
    pub paths: Vec<PathBuf>,
    /// Their format.
    pub format: ExternalFormat,
    /// Skip the first record of every file (a CSV header).
    pub ignore_first_record: bool,
}

/// Why `externaldata`'s files cannot be read: the error, and which path it is about.
#[derive(Debug)]
pub struct ExternalError {
    /// The index of the file at fault in [`ExternalSpec::paths`], if one is.
    pub path: Option<usize>,
    /// What went wrong.
    pub error: ExportError,
}

/// A table over `externaldata`'s files. Its columns are the declared ones, except for Parquet,
/// whose columns are the files' own.
pub fn external_table(spec: ExternalSpec) -> Result<ExportTable, ExternalError> {
    // 1. Every file must exist and be a file.
    let mut paths = Vec::with_capacity(spec.paths.len());
    let mut bytes = 0;
    for (i, path) in spec.paths.iter().enumerate() {
        let at = |error| ExternalError {
            path: Some(i),
            error,
        };
        let meta = std::fs::metadata(path).map_err(|source| {
            at(if source.kind() == std::io::ErrorKind::NotFound {
                ExportError::NotFound { path: path.clone() }
            } else {
                ExportError::Io {
                    path: path.clone(),
                    source,
                }
            })
        })?;
        if !meta.is_file() {
            return Err(at(ExportError::Io {
                path: path.clone(),
                source: std::io::Error::other("a folder, not a file"),
            }));
        }
        bytes += meta.len();
        paths.push(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()));
    }
    // 2. Parquet: the files' own columns, read from their footers.
    if spec.format == ExternalFormat::Parquet {
        let table = crate::parquet_table::parquet_table(
            TABLE_NAME,
            &crate::parquet_table::untimed(&paths),
            crate::ScanOptions {
                no_pruning: true,
                no_pushdown: true,
                ..crate::ScanOptions::default()
            },
        )
        .map_err(|error| {
            let path = match &error {
                ExportError::Parquet { path, .. } => paths.iter().position(|p| p == path),
                _ => None,
            };
            ExternalError { path, error }
        })?;
        return Ok(ExportTable {
            name: TABLE_NAME.to_owned(),
            columns: export_columns(&table.columns),
            provider: table.provider,
            files: paths.len(),
            bytes,
        });
    }
    // 3. Text and JSON: the declared columns, read when the scan runs.
    let schema = Arc::new(Schema::new(
        spec.columns
            .iter()
            .map(|(name, ty)| Field::new(name, kql_to_arrow(*ty), *ty != KqlType::String))
            .collect::<Vec<_>>(),
    ));
    let columns = export_columns(&spec.columns);
    let files = paths.len();
    let provider = ExternalProvider {
        spec: ExternalSpec { paths, ..spec },
        schema,
    };
    Ok(ExportTable {
        name: TABLE_NAME.to_owned(),
        columns,
        provider: Arc::new(provider),
        files,
        bytes,
    })
}

fn export_columns(columns: &[(String, KqlType)]) -> Vec<ExportColumn> {
    columns
        .iter()
        .map(|(name, kql_type)| ExportColumn {
            name: name.clone(),
            kql_type: *kql_type,
        })
        .collect()
}

/// The provider of text and JSON `externaldata`: plain data (the spec), read at scan time.
struct ExternalProvider {
    spec: ExternalSpec,
    schema: SchemaRef,
}

impl fmt::Debug for ExternalProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExternalProvider")
            .field("paths", &self.spec.paths)
            .field("format", &self.spec.format)
            .finish()
    }
}

#[async_trait]
impl TableProvider for ExternalProvider {
    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    async fn scan(
        &self,
        _state: &dyn Session,
        projection: Option<&Vec<usize>>,
        _filters: &[Expr],
        _limit: Option<usize>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        let batches = read_all(&self.spec, &self.schema)
            .map_err(|e| DataFusionError::External(Box::new(e)))?;
        let exec = MemorySourceConfig::try_new_exec(
            &[batches],
            Arc::clone(&self.schema),
            projection.cloned(),
        )?;
        Ok(exec)
    }
}

/// Reads every file of `spec` into batches of `schema`.
fn read_all(spec: &ExternalSpec, schema: &SchemaRef) -> Result<Vec<RecordBatch>, ExportError> {
    let report = Arc::new(ReportState::default());
    let mut decoder = Decoder::new(
        TABLE_NAME,
        &spec.columns,
        Arc::clone(schema),
        BATCH_ROWS,
        report,
    );
    let mut batches = Vec::new();
    for path in &spec.paths {
        let text = read_text(path)?;
        let mut reader = FileReader {
            decoder: &mut decoder,
            batches: &mut batches,
            schema,
            path,
            skip_first: spec.ignore_first_record,
        };
        match spec.format {
            ExternalFormat::Csv => reader.delimited(&text, b',')?,
            ExternalFormat::Tsv => reader.delimited(&text, b'\t')?,
            ExternalFormat::Scsv => reader.delimited(&text, b';')?,
            ExternalFormat::Psv => reader.delimited(&text, b'|')?,
            ExternalFormat::Txt => reader.lines(&text)?,
            ExternalFormat::Json => reader.json_lines(&text)?,
            ExternalFormat::MultiJson => reader.multi_json(&text)?,
            ExternalFormat::Parquet => {}
        }
    }
    if decoder.rows() > 0 {
        batches.push(finish(&mut decoder, schema)?);
    }
    Ok(batches)
}

/// The whole (decompressed) text of a file, without a byte-order mark.
fn read_text(path: &Path) -> Result<String, ExportError> {
    let io = |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut bytes = Vec::new();
    open_decompressed(path)
        .and_then(|r| r.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(io(std::io::Error::other(format!(
            "larger than {} MiB (externaldata is for small reference files)",
            MAX_FILE_BYTES >> 20
        ))));
    }
    let mut text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        ExportError::MalformedRecord {
            path: path.to_path_buf(),
            line: line_at(valid, valid.len()),
            reason: "invalid UTF-8".to_owned(),
        }
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}

/// The 1-based line of byte `offset` in `bytes`.
fn line_at(bytes: &[u8], offset: usize) -> u64 {
    1 + bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count() as u64
}

fn finish(decoder: &mut Decoder, schema: &SchemaRef) -> Result<RecordBatch, ExportError> {
    decoder
        .finish_batch()
        .map_err(|e| ExportError::DataFusion {
            table: TABLE_NAME.to_owned(),
            source: Box::new(DataFusionError::ArrowError(Box::new(e), None)),
        })
        .inspect(|b| debug_assert_eq!(b.schema().fields().len(), schema.fields().len()))
}

/// Reads one file's records into the decoder.
struct FileReader<'a> {
    decoder: &'a mut Decoder,
    batches: &'a mut Vec<RecordBatch>,
    schema: &'a SchemaRef,
    path: &'a Path,
    /// `ignoreFirstRecord` not yet applied to this file.
    skip_first: bool,
}

impl FileReader<'_> {
    /// True when this record is the first one and must be skipped.
    fn skip(&mut self) -> bool {
        std::mem::take(&mut self.skip_first)
    }

    /// Starts a new batch when the current one is full.
    fn flush_full(&mut self) -> Result<(), ExportError> {
        if self.decoder.rows() >= BATCH_ROWS {
            self.batches.push(finish(self.decoder, self.schema)?);
        }
        Ok(())
    }

    fn malformed(&self, line: u64, reason: impl Into<String>) -> ExportError {
        ExportError::MalformedRecord {
            path: self.path.to_path_buf(),
            line,
            reason: reason.into(),
        }
    }

    /// CSV-like text: RFC 4180 quoting, any number of fields per record.
    fn delimited(&mut self, text: &str, delimiter: u8) -> Result<(), ExportError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, csv::Position::line);
                self.malformed(line, format!("not valid delimited text: {e}"))
            })?;
            if self.skip() {
                continue;
            }
            self.decoder.decode_fields(record.iter());
            self.flush_full()?;
        }
        Ok(())
    }

    /// TXT: each non-empty line is one record, the whole line in the first column.
    fn lines(&mut self, text: &str) -> Result<(), ExportError> {
        for line in text.lines() {
            if line.is_empty() {
                continue;
            }
            if self.skip() {
                continue;
            }
            self.decoder.decode_fields([line]);
            self.flush_full()?;
        }
        Ok(())
    }

    /// JSON lines: each non-blank line is one object.
    fn json_lines(&mut self, text: &str) -> Result<(), ExportError> {
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            if self.skip() {
                continue;
            }
            let number = i as u64 + 1;
            self.decoder
                .decode(line.as_bytes(), Shape::Plain, self.path, number)
                .map_err(|reason| self.malformed(number, reason))?;
            self.flush_full()?;
        }
        Ok(())
    }

    /// MultiJSON: objects separated by whitespace; an array holds objects.
    fn multi_json(&mut self, text: &str) -> Result<(), ExportError> {
        let mut stream = serde_json::Deserializer::from_str(text).into_iter::<&RawValue>();
        loop {
            let start = stream.byte_offset();
            let Some(value) = stream.next() else {
                return Ok(());
            };
            let value = value.map_err(|e| self.malformed(e.line() as u64, e.to_string()))?;
            let line = line_at(text.as_bytes(), start + leading_space(&text[start..]));
            let raw = value.get();
            if raw.starts_with('[') {
                let items: Vec<&RawValue> =
                    serde_json::from_str(raw).map_err(|e| self.malformed(line, e.to_string()))?;
                for item in items {
                    self.record(item.get(), line)?;
                }
            } else {
                self.record(raw, line)?;
            }
        }
    }

    /// One JSON object.
    fn record(&mut self, raw: &str, line: u64) -> Result<(), ExportError> {
        if self.skip() {
            return Ok(());
        }
        self.decoder
            .decode(raw.as_bytes(), Shape::Plain, self.path, line)
            .map_err(|reason| self.malformed(line, reason))?;
        self.flush_full()
    }
}

/// The length of the whitespace at the start of `text`.
fn leading_space(text: &str) -> usize {
    text.len() - text.trim_start().len()
}
