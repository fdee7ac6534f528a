//! Parquet tables: DataFusion `ListingTable`s over an explicit list of files.
//!
//! Each table lists its files itself (so `listing_table_ignore_subdirectory` and Hive-style
//! `key=value` folders play no part: partition folders never become columns). At each scan,
//! [`ParquetFiles`] drops the files whose partition folders' time (`crate::layout::partition_time`)
//! cannot hold the query's `TimeGenerated` range and hands DataFusion one URL per remaining file;
//! DataFusion then reads them with projection, row-group and page statistics pruning and
//! parallelism. Any codec the parquet crate reads is accepted (gzip, snappy, zstd, lz4). The schema is read
//! from the files' footers with the parquet crate and merged across files; it keeps the files'
//! Arrow types (INT96 and TIMESTAMP_MICROS datetimes, Utf8 or dictionary strings — the planner
//! casts), and leaves out columns whose type has no KQL reading (binary, …) with a warning.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::datatypes::{DataType, Schema, SchemaRef};
use async_trait::async_trait;
use datafusion::catalog::{Session, TableProvider};
use datafusion::datasource::file_format::parquet::ParquetFormat;
use datafusion::datasource::listing::{
    ListingOptions, ListingTable, ListingTableConfig, ListingTableUrl,
};
use datafusion::error::{DataFusionError, Result as DfResult};
use datafusion::logical_expr::{Expr, TableProviderFilterPushDown, TableType};
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::empty::EmptyExec;
use kql_functions::types::arrow_to_kql;
use kql_syntax::KqlType;
use parquet::arrow::arrow_reader::ArrowReaderMetadata;
use rayon::prelude::*;

use crate::error::ExportError;
use crate::json::prune::{FileTime, TIME_COLUMN, filters_time_range};

/// The Arrow field metadata key holding a column's KQL type (`dynamic`, `guid`), written by
/// `kql convert`.
pub const KQL_TYPE_METADATA: &str = "kql.type";

/// A Parquet table built from its files.
pub(crate) struct ParquetTable {
    pub(crate) provider: Arc<dyn TableProvider>,
    pub(crate) columns: Vec<(String, KqlType)>,
    pub(crate) warnings: Vec<String>,
}

impl ParquetTable {
    /// The export table `name` of `files` Parquet files holding `bytes` bytes, and the warnings.
    pub(crate) fn into_export_table(
        self,
        name: &str,
        files: usize,
        bytes: u64,
    ) -> (crate::ExportTable, Vec<String>) {
        let table = crate::ExportTable {
            name: name.to_owned(),
            columns: self
                .columns
                .into_iter()
                .map(|(name, kql_type)| crate::ExportColumn { name, kql_type })
                .collect(),
            provider: self.provider,
            files,
            bytes,
        };
        (table, self.warnings)
    }
}

/// The Arrow schema in a Parquet file's footer.
fn file_schema(path: &Path) -> Result<SchemaRef, ExportError> {
    let file = File::open(path).map_err(|source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let meta =
        ArrowReaderMetadata::load(&file, Default::default()).map_err(|e| ExportError::Parquet {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
    Ok(Arc::clone(meta.schema()))
}

/// A `file://` URL for an absolute path, percent-encoding everything but unreserved characters
/// (so `[`, `*`, `?` are never taken for glob patterns and `=` folders stay plain).
fn file_url(path: &Path) -> String {
    let mut out = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The columns of a Parquet table: its files' merged schema, less the columns kqlake cannot read.
pub(crate) struct ParquetColumns {
    /// The kept Arrow fields, as the files have them.
    pub(crate) schema: SchemaRef,
    /// Their KQL types, in the same order.
    pub(crate) columns: Vec<(String, KqlType)>,
    /// Columns left out.
    pub(crate) warnings: Vec<String>,
}

/// Reads the footers of `files` (absolute paths) of table `name` and merges their schemas.
pub(crate) fn parquet_columns(
    name: &str,
    files: &[PathBuf],
) -> Result<ParquetColumns, ExportError> {
    let schemas: Vec<SchemaRef> = files
        .par_iter()
        .map(|p| file_schema(p))
        .collect::<Result<_, _>>()?;
    let mut merged = Schema::empty();
    for (schema, path) in schemas.iter().zip(files) {
        let plain = Schema::new(schema.fields().clone());
        merged = Schema::try_merge([merged, plain]).map_err(|e| ExportError::Parquet {
            path: path.clone(),
            reason: format!("its schema does not match the other files of table '{name}': {e}"),
        })?;
    }
    let mut warnings = Vec::new();
    let mut kept = Vec::new();
    let mut columns = Vec::new();
    for field in merged.fields() {
        // A KQL type recorded beside the Arrow type (`kql convert` marks `dynamic` and `guid`
        // columns, which share Utf8 with `string`) wins when it fits the Arrow type.
        let recorded = field
            .metadata()
            .get(KQL_TYPE_METADATA)
            .and_then(|t| KqlType::from_name(t))
            .filter(|t| kql_functions::types::kql_to_arrow(*t) == *field.data_type());
        match recorded.or_else(|| arrow_to_kql(field.data_type())) {
            Some(t) => {
                columns.push((field.name().clone(), t));
                kept.push(Arc::clone(field));
            }
            None => warnings.push(format!(
                "column '{}' of table '{name}' has Parquet/Arrow type {}, which kqlake cannot \
                 read yet; it is left out",
                field.name(),
                field.data_type()
            )),
        }
    }
    Ok(ParquetColumns {
        schema: Arc::new(Schema::new(kept)),
        columns,
        warnings,
    })
}

/// A listing table of table `name` over `files` (absolute paths) with the table schema `schema`:
/// DataFusion casts each file's columns to it and reads columns a file lacks as nulls.
pub(crate) fn listing_table(
    name: &str,
    files: &[PathBuf],
    schema: SchemaRef,
) -> Result<Arc<dyn TableProvider>, ExportError> {
    let urls = files
        .iter()
        .map(|p| ListingTableUrl::parse(file_url(p)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| datafusion_error(name, e))?;
    let options =
        ListingOptions::new(Arc::new(ParquetFormat::default())).with_file_extension(String::new());
    let config = ListingTableConfig::new_with_multi_paths(urls)
        .with_listing_options(options)
        .with_schema(schema);
    let table = ListingTable::try_new(config).map_err(|e| datafusion_error(name, e))?;
    Ok(Arc::new(table))
}

/// Builds the table `name` over `files` (absolute paths, each with its partition folders' time),
/// with the files' own Arrow types.
pub(crate) fn parquet_table(
    name: &str,
    files: &[(PathBuf, FileTime)],
    no_pruning: bool,
) -> Result<ParquetTable, ExportError> {
    let paths: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
    let ParquetColumns {
        schema,
        columns,
        warnings,
    } = parquet_columns(name, &paths)?;
    Ok(ParquetTable {
        provider: Arc::new(ParquetFiles::new(name, files, schema, no_pruning)),
        columns,
        warnings,
    })
}

/// `paths` without partition times (never pruned by folder).
pub(crate) fn untimed(paths: &[PathBuf]) -> Vec<(PathBuf, FileTime)> {
    paths
        .iter()
        .map(|p| (p.clone(), FileTime::Unknown))
        .collect()
}

/// The `TableProvider` of Parquet files: drops the files whose partition folders cannot hold a
/// query's `TimeGenerated` range, then scans the rest as a listing table with `schema`.
#[derive(Debug)]
pub(crate) struct ParquetFiles {
    name: String,
    files: Vec<(PathBuf, FileTime)>,
    schema: SchemaRef,
    /// Prune files by their folders' time (a datetime `TimeGenerated` and no `--no-pruning`).
    prune: bool,
}

impl ParquetFiles {
    /// The files of table `name`, read with the table schema `schema`.
    pub(crate) fn new(
        name: &str,
        files: &[(PathBuf, FileTime)],
        schema: SchemaRef,
        no_pruning: bool,
    ) -> ParquetFiles {
        let time = schema
            .field_with_name(TIME_COLUMN)
            .is_ok_and(|f| matches!(f.data_type(), DataType::Timestamp(_, _)));
        ParquetFiles {
            name: name.to_owned(),
            files: files.to_vec(),
            schema,
            prune: time && !no_pruning,
        }
    }

    /// The files a scan with `filters` reads.
    fn files_for(&self, filters: &[Expr]) -> Vec<PathBuf> {
        let range = if self.prune {
            filters_time_range(filters)
        } else {
            Default::default()
        };
        self.files
            .iter()
            .filter(|(_, t)| range.is_unbounded() || t.may_overlap(range))
            .map(|(p, _)| p.clone())
            .collect()
    }
}

#[async_trait]
impl TableProvider for ParquetFiles {
    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    fn supports_filters_pushdown(
        &self,
        filters: &[&Expr],
    ) -> DfResult<Vec<TableProviderFilterPushDown>> {
        // Files are pruned by folder time, row groups and pages by statistics; DataFusion still
        // filters every row that comes out.
        Ok(vec![TableProviderFilterPushDown::Inexact; filters.len()])
    }

    async fn scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        filters: &[Expr],
        limit: Option<usize>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        let files = self.files_for(filters);
        if files.is_empty() {
            let schema = match projection {
                Some(p) => Arc::new(self.schema.project(p)?),
                None => Arc::clone(&self.schema),
            };
            return Ok(Arc::new(EmptyExec::new(schema)));
        }
        let table = listing_table(&self.name, &files, Arc::clone(&self.schema))
            .map_err(|e| DataFusionError::External(Box::new(e)))?;
        table.scan(state, projection, filters, limit).await
    }
}

fn datafusion_error(table: &str, e: datafusion::error::DataFusionError) -> ExportError {
    ExportError::DataFusion {
        table: table.to_owned(),
        source: Box::new(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_escape_glob_and_key_characters() {
        assert_eq!(
            file_url(Path::new("/a b/[x]/m=05/t.parquet")),
            "file:///a%20b/%5Bx%5D/m%3D05/t.parquet"
        );
    }
}
