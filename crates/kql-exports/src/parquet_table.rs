//! Parquet tables: DataFusion `ListingTable`s over an explicit list of files.
//!
//! Each table lists its files itself (so `listing_table_ignore_subdirectory` and Hive-style
//! `key=value` folders play no part: partition folders never become columns). At each scan,
//! [`ParquetFiles`] drops the files whose `TimeGenerated` range cannot meet the query's — the
//! range the file's footer statistics give (read once, at discovery, with the schema), else its
//! partition folders' time (`crate::layout::partition_time`) — and hands DataFusion one URL per
//! remaining file; under filters, strings are read as views and cast back after filtering
//! ([`ParquetFiles::with_string_views`]);
//! DataFusion then reads them with projection, row-group and page statistics pruning and
//! parallelism. Any codec the parquet crate reads is accepted (gzip, snappy, zstd, lz4). The schema is read
//! from the files' footers with the parquet crate and merged across files; it keeps the files'
//! Arrow types (INT96 and TIMESTAMP_MICROS datetimes, Utf8 or dictionary strings — the planner
//! casts), and leaves out columns whose type has no KQL reading (binary, …) with a warning.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::array::{Array, TimestampNanosecondArray};
use arrow::compute::cast;
use arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};
use arrow::record_batch::{RecordBatch, RecordBatchOptions};
use async_trait::async_trait;
use datafusion::catalog::{Session, TableProvider};
use datafusion::common::DFSchema;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::config::TableParquetOptions;
use datafusion::datasource::file_format::parquet::ParquetFormat;
use datafusion::datasource::listing::{
    ListingOptions, ListingTable, ListingTableConfig, ListingTableUrl,
};
use datafusion::error::{DataFusionError, Result as DfResult};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::logical_expr::expr_rewriter::unnormalize_col;
use datafusion::logical_expr::{Expr, TableProviderFilterPushDown, TableType};
use datafusion::physical_expr::utils::conjunction;
use datafusion::physical_expr::{EquivalenceProperties, PhysicalExpr};
use datafusion::physical_plan::empty::EmptyExec;
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::filter::FilterExec;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, ExecutionPlan, Partitioning, PlanProperties,
};
use futures::StreamExt;
use kql_functions::types::arrow_to_kql;
use kql_syntax::KqlType;
use parquet::arrow::arrow_reader::ArrowReaderMetadata;
use parquet::arrow::arrow_reader::statistics::StatisticsConverter;
use rayon::prelude::*;
use std::fmt;

use crate::ScanOptions;
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

/// What a Parquet file's footer says: its Arrow schema and the `TimeGenerated` range of its rows.
struct Footer {
    schema: SchemaRef,
    /// `[min, max]` of `TimeGenerated` in ns over the whole file, when every row group's
    /// statistics give both (nulls aside: a null `TimeGenerated` never meets a time filter).
    time: Option<(i64, i64)>,
    /// Rows in the file.
    rows: u64,
    /// Compressed bytes of each top-level column over all row groups.
    column_bytes: HashMap<String, u64>,
}

/// Reads a Parquet file's footer.
fn read_footer(path: &Path) -> Result<Footer, ExportError> {
    let file = File::open(path).map_err(|source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let meta =
        ArrowReaderMetadata::load(&file, Default::default()).map_err(|e| ExportError::Parquet {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
    let mut column_bytes: HashMap<String, u64> = HashMap::new();
    for group in meta.metadata().row_groups() {
        for column in group.columns() {
            let name = column
                .column_path()
                .parts()
                .first()
                .cloned()
                .unwrap_or_default();
            *column_bytes.entry(name).or_default() +=
                u64::try_from(column.compressed_size()).unwrap_or(0);
        }
    }
    Ok(Footer {
        schema: Arc::clone(meta.schema()),
        time: footer_time_range(&meta),
        rows: u64::try_from(meta.metadata().file_metadata().num_rows()).unwrap_or(0),
        column_bytes,
    })
}

/// The `TimeGenerated` range of a file from its row groups' min/max statistics (converted to
/// ns from the column's Arrow unit by the parquet crate's `StatisticsConverter`); `None` when
/// the column is missing, not a timestamp, or any row group lacks a min or max. INT96 columns
/// are left out: their statistics are not reliable (the parquet format deprecates them).
fn footer_time_range(meta: &ArrowReaderMetadata) -> Option<(i64, i64)> {
    let field = meta.schema().field_with_name(TIME_COLUMN).ok()?;
    if !matches!(field.data_type(), DataType::Timestamp(_, _)) {
        return None;
    }
    let parquet = meta.metadata();
    let schema = parquet.file_metadata().schema_descr();
    let converter = StatisticsConverter::try_new(TIME_COLUMN, meta.schema(), schema).ok()?;
    let index = converter.parquet_column_index()?;
    if schema.column(index).physical_type() == parquet::basic::Type::INT96 {
        return None;
    }
    let groups = parquet.row_groups();
    if groups.is_empty() {
        return None;
    }
    let nanos = |a: arrow::array::ArrayRef| -> Option<Vec<i64>> {
        let ns = cast(&a, &DataType::Timestamp(TimeUnit::Nanosecond, None)).ok()?;
        let ns = ns.as_any().downcast_ref::<TimestampNanosecondArray>()?;
        // A missing statistic (null) means the range is unknown.
        (ns.null_count() == 0).then(|| ns.values().to_vec())
    };
    let mins = nanos(converter.row_group_mins(groups.iter()).ok()?)?;
    let maxs = nanos(converter.row_group_maxes(groups.iter()).ok()?)?;
    Some((*mins.iter().min()?, *maxs.iter().max()?))
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
    /// Each file's `TimeGenerated` range from its statistics, in the order of the files.
    pub(crate) times: Vec<Option<(i64, i64)>>,
    /// Each column's compressed bytes per row over all the files ([`ParquetFiles::with_column_sizes`]).
    pub(crate) bytes_per_row: Arc<HashMap<String, f64>>,
}

/// Reads the footers of `files` (absolute paths) of table `name` and merges their schemas.
pub(crate) fn parquet_columns(
    name: &str,
    files: &[PathBuf],
) -> Result<ParquetColumns, ExportError> {
    let footers: Vec<Footer> = files
        .par_iter()
        .map(|p| read_footer(p))
        .collect::<Result<_, _>>()?;
    let mut merged = Schema::empty();
    for (footer, path) in footers.iter().zip(files) {
        let plain = Schema::new(footer.schema.fields().clone());
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
        times: footers.iter().map(|f| f.time).collect(),
        bytes_per_row: Arc::new(bytes_per_row(&footers)),
    })
}

/// Each column's compressed bytes per row over `footers`.
fn bytes_per_row(footers: &[Footer]) -> HashMap<String, f64> {
    let rows: u64 = footers.iter().map(|f| f.rows).sum();
    let mut bytes: HashMap<String, u64> = HashMap::new();
    for footer in footers {
        for (name, b) in &footer.column_bytes {
            *bytes.entry(name.clone()).or_default() += b;
        }
    }
    bytes
        .into_iter()
        .map(|(name, b)| (name, b as f64 / rows.max(1) as f64))
        .collect()
}

/// A listing table of table `name` over `files` (absolute paths) with the table schema `schema`:
/// DataFusion casts each file's columns to it and reads columns a file lacks as nulls.
pub(crate) fn listing_table(
    name: &str,
    files: &[PathBuf],
    schema: SchemaRef,
    options: TableParquetOptions,
) -> Result<Arc<dyn TableProvider>, ExportError> {
    let urls = files
        .iter()
        .map(|p| ListingTableUrl::parse(file_url(p)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| datafusion_error(name, e))?;
    let options = ListingOptions::new(Arc::new(ParquetFormat::default().with_options(options)))
        .with_file_extension(String::new());
    let config = ListingTableConfig::new_with_multi_paths(urls)
        .with_listing_options(options)
        .with_schema(schema);
    let table = ListingTable::try_new(config).map_err(|e| datafusion_error(name, e))?;
    Ok(Arc::new(table))
}

/// The compressed bytes per row from which a column's `==` filter counts as selective
/// ([`ParquetFiles::with_column_sizes`]).
const SELECTIVE_BYTES_PER_ROW: f64 = 1.0;

/// Builds the table `name` over `files` (absolute paths, each with its partition folders' time),
/// with the files' own Arrow types.
pub(crate) fn parquet_table(
    name: &str,
    files: &[(PathBuf, FileTime)],
    options: ScanOptions,
) -> Result<ParquetTable, ExportError> {
    let paths: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
    let ParquetColumns {
        schema,
        columns,
        warnings,
        times,
        bytes_per_row,
    } = parquet_columns(name, &paths)?;
    let files: Vec<(PathBuf, FileTime)> = files
        .iter()
        .zip(times)
        .map(|((path, folder), stats)| (path.clone(), file_time(*folder, stats)))
        .collect();
    let provider = ParquetFiles::new(name, &files, schema, options)
        .with_string_views()
        .with_column_sizes(bytes_per_row);
    Ok(ParquetTable {
        provider: Arc::new(provider),
        columns,
        warnings,
    })
}

/// A file's time: its statistics' `TimeGenerated` range when the footer gives one (exact, for
/// any file), else its partition folders' time.
fn file_time(folder: FileTime, stats: Option<(i64, i64)>) -> FileTime {
    match stats {
        Some((min, max)) => FileTime::Bucket {
            start: min,
            len: max.saturating_sub(min).saturating_add(1),
        },
        None => folder,
    }
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
    /// `--no-pushdown`: no filter is evaluated in the Parquet reader.
    no_pushdown: bool,
    /// Read `Utf8` columns as `Utf8View` while filtering (see [`ParquetFiles::with_string_views`]).
    string_views: bool,
    /// Compressed bytes per row of the columns (see [`ParquetFiles::with_column_sizes`]).
    bytes_per_row: Arc<HashMap<String, f64>>,
}

impl ParquetFiles {
    /// The files of table `name`, read with the table schema `schema`.
    pub(crate) fn new(
        name: &str,
        files: &[(PathBuf, FileTime)],
        schema: SchemaRef,
        options: ScanOptions,
    ) -> ParquetFiles {
        let time = schema
            .field_with_name(TIME_COLUMN)
            .is_ok_and(|f| matches!(f.data_type(), DataType::Timestamp(_, _)));
        ParquetFiles {
            name: name.to_owned(),
            files: files.to_vec(),
            schema,
            prune: time && !options.no_pruning,
            no_pushdown: options.no_pushdown,
            string_views: false,
            bytes_per_row: Arc::default(),
        }
    }

    /// These files with the compressed bytes per row of their columns, which decide whether a
    /// scan evaluates its filters inside the Parquet reader (late materialisation) or after
    /// decoding whole pages. Inside the reader pays off only for a filter that keeps few rows:
    /// the other columns' pages are then mostly skipped; for one that keeps a few percent, the
    /// kept rows are spread over every page and the reader decodes the pages anyway, after a
    /// second pass over the filter columns (Q1 of the side-by-side, `EventType == "JobFailed"`,
    /// 5% of rows: twice as fast without; Q2, one `JobName`: 30% faster with). A filter is taken
    /// as selective when it is an `==` or a short `in` on a column of at least one compressed
    /// byte per row: values of 8 bits of entropy or more, so one value is at most ~1/256 of the
    /// rows, where a column of a few values (EventType: 0.2 bytes a row) is not.
    pub(crate) fn with_column_sizes(
        mut self,
        bytes_per_row: Arc<HashMap<String, f64>>,
    ) -> ParquetFiles {
        self.bytes_per_row = bytes_per_row;
        self
    }

    /// Whether a scan with `filters` evaluates them inside the Parquet reader.
    fn filters_in_reader(&self, filters: &[Expr]) -> bool {
        !self.no_pushdown && filters.iter().any(|f| self.is_selective(f))
    }

    fn is_selective(&self, filter: &Expr) -> bool {
        use datafusion::logical_expr::Operator;
        use datafusion::logical_expr::expr::{BinaryExpr, InList};
        let wide = |e: &Expr| match e {
            Expr::Column(c) => self
                .bytes_per_row
                .get(&c.name)
                .is_some_and(|b| *b >= SELECTIVE_BYTES_PER_ROW),
            _ => false,
        };
        match filter {
            Expr::BinaryExpr(BinaryExpr {
                left,
                op: Operator::And,
                right,
            }) => self.is_selective(left) || self.is_selective(right),
            Expr::BinaryExpr(BinaryExpr {
                left,
                op: Operator::Eq,
                right,
            }) => {
                (wide(left) && matches!(right.as_ref(), Expr::Literal(..)))
                    || (wide(right) && matches!(left.as_ref(), Expr::Literal(..)))
            }
            Expr::InList(InList {
                expr,
                list,
                negated: false,
            }) => wide(expr) && list.len() <= 16,
            _ => false,
        }
    }

    /// These files read with their `Utf8` columns as `Utf8View` when a scan has filters to
    /// push into the Parquet reader, and cast back to `Utf8` once the reader has filtered the
    /// rows. A dictionary-encoded string column decodes into views of its dictionary without
    /// copying the strings, so a filter on it no longer copies the column's every value (Q1 of
    /// the side-by-side spent a third of its time copying dictionary strings); only the rows
    /// that pass are copied into the `Utf8` arrays the rest of kqlake works with. Only for
    /// tables whose schema is the files' own (where every `Utf8` column is `Utf8` in the
    /// files), not for a schema imposed on them.
    pub(crate) fn with_string_views(mut self) -> ParquetFiles {
        // With --no-pushdown no filter reaches the reader: every row would be cast.
        self.string_views = !self.no_pushdown;
        self
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
        // The session's Parquet options (pruning, page index: off under --no-pruning), and
        // filters inside the reader only when selective.
        let mut options = state.default_table_options().parquet;
        options.global.pushdown_filters = self.filters_in_reader(filters);
        let view_filters: Vec<Expr> = if self.string_views {
            filters.iter().filter_map(as_view_filter).collect()
        } else {
            Vec::new()
        };
        if view_filters.is_empty() {
            let table = listing_table(&self.name, &files, Arc::clone(&self.schema), options)
                .map_err(|e| DataFusionError::External(Box::new(e)))?;
            return table.scan(state, projection, filters, limit).await;
        }
        // Strings as views while the reader filters; back to Utf8 for the rows that pass.
        let table = listing_table(&self.name, &files, string_views_of(&self.schema), options)
            .map_err(|e| DataFusionError::External(Box::new(e)))?;
        let scan = table.scan(state, projection, &view_filters, limit).await?;
        // The listing table uses filters only to prune partitions; the filter below the cast is
        // what DataFusion's filter pushdown moves into the Parquet reader, over the views.
        let viewed = DFSchema::try_from(scan.schema())?;
        let predicates: Vec<Arc<dyn PhysicalExpr>> = view_filters
            .into_iter()
            .filter_map(|f| state.create_physical_expr(unnormalize_col(f), &viewed).ok())
            .collect();
        let scan: Arc<dyn ExecutionPlan> = if predicates.is_empty() {
            scan
        } else {
            Arc::new(FilterExec::try_new(conjunction(predicates), scan)?)
        };
        let wanted = match projection {
            Some(p) => self.schema.project(p)?,
            None => self.schema.as_ref().clone(),
        };
        Ok(Arc::new(StringsFromViewsExec::new(scan, Arc::new(wanted))))
    }
}

/// Casts a scan's `Utf8View` columns back to the table's `Utf8` ([`ParquetFiles::with_string_views`]).
///
/// Its own plan node rather than a `ProjectionExec` of casts: DataFusion's filter pushdown moves
/// a `FilterExec` above a projection into the Parquet scan below it, restated through the casts
/// (`CAST(EventType AS Utf8) = 'JobFailed'`), which would cast every row of the column again
/// while filtering. This node takes no filters, so the filter above it stays there, and the scan
/// keeps the view filters it was given.
#[derive(Debug)]
struct StringsFromViewsExec {
    input: Arc<dyn ExecutionPlan>,
    schema: SchemaRef,
    properties: Arc<PlanProperties>,
}

impl StringsFromViewsExec {
    fn new(input: Arc<dyn ExecutionPlan>, schema: SchemaRef) -> StringsFromViewsExec {
        let properties = batch_by_batch_properties(&schema, &input);
        StringsFromViewsExec {
            input,
            schema,
            properties,
        }
    }
}

/// The plan properties of a node that turns each input batch into one output batch of
/// `schema`: as many partitions as `input`, bounded, emitted as it goes, no known ordering
/// (also the duplicate filter of `mixed`).
pub(crate) fn batch_by_batch_properties(
    schema: &SchemaRef,
    input: &Arc<dyn ExecutionPlan>,
) -> Arc<PlanProperties> {
    Arc::new(PlanProperties::new(
        EquivalenceProperties::new(Arc::clone(schema)),
        Partitioning::UnknownPartitioning(
            input.properties().output_partitioning().partition_count(),
        ),
        EmissionType::Incremental,
        Boundedness::Bounded,
    ))
}

impl DisplayAs for StringsFromViewsExec {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StringsFromViewsExec")
    }
}

impl ExecutionPlan for StringsFromViewsExec {
    fn name(&self) -> &str {
        "StringsFromViewsExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![&self.input]
    }

    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> DfResult<TreeNodeRecursion>,
    ) -> DfResult<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }

    fn with_new_children(
        self: Arc<Self>,
        mut children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        match (children.pop(), children.is_empty()) {
            (Some(input), true) => Ok(Arc::new(StringsFromViewsExec::new(
                input,
                Arc::clone(&self.schema),
            ))),
            _ => Err(DataFusionError::Internal(
                "StringsFromViewsExec takes exactly one child".to_owned(),
            )),
        }
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> DfResult<SendableRecordBatchStream> {
        let input = self.input.execute(partition, context)?;
        let schema = Arc::clone(&self.schema);
        let out = Arc::clone(&schema);
        let stream = input.map(move |batch| {
            let batch = batch?;
            let columns = batch
                .columns()
                .iter()
                .zip(out.fields())
                .map(|(c, f)| {
                    if c.data_type() == f.data_type() {
                        Ok(Arc::clone(c))
                    } else {
                        cast(c, f.data_type())
                    }
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(RecordBatch::try_new_with_options(
                Arc::clone(&out),
                columns,
                &RecordBatchOptions::new().with_row_count(Some(batch.num_rows())),
            )?)
        });
        Ok(Box::pin(RecordBatchStreamAdapter::new(schema, stream)))
    }
}

/// `schema` with its `Utf8` fields as `Utf8View` (metadata kept).
fn string_views_of(schema: &Schema) -> SchemaRef {
    let fields: Vec<Field> = schema
        .fields()
        .iter()
        .map(|f| {
            if f.data_type() == &DataType::Utf8 {
                f.as_ref().clone().with_data_type(DataType::Utf8View)
            } else {
                f.as_ref().clone()
            }
        })
        .collect();
    Arc::new(Schema::new_with_metadata(fields, schema.metadata().clone()))
}

/// A pushed filter restated over the view schema of [`string_views_of`]: its `Utf8` literals as
/// `Utf8View`, so both sides of a comparison keep one type. Only filters made of columns,
/// literals, comparisons, `and`/`or`/`not`, arithmetic, `in` lists, `between` and null tests
/// are restated; any other (a function call, a cast) gives `None` and is not handed to the
/// reader. That loses nothing: pushed filters are inexact, and DataFusion filters every row
/// the scan returns.
fn as_view_filter(filter: &Expr) -> Option<Expr> {
    use datafusion::logical_expr::Operator;
    use datafusion::logical_expr::expr::{Between, BinaryExpr, InList};
    use datafusion::scalar::ScalarValue;
    let view = |e: &Expr| as_view_filter(e).map(Box::new);
    Some(match filter {
        Expr::Column(_) => filter.clone(),
        Expr::Literal(ScalarValue::Utf8(v), meta) => {
            Expr::Literal(ScalarValue::Utf8View(v.clone()), meta.clone())
        }
        Expr::Literal(v, _) if !matches!(v.data_type(), DataType::LargeUtf8) => filter.clone(),
        Expr::BinaryExpr(BinaryExpr { left, op, right }) => {
            let allowed = matches!(
                op,
                Operator::Eq
                    | Operator::NotEq
                    | Operator::Lt
                    | Operator::LtEq
                    | Operator::Gt
                    | Operator::GtEq
                    | Operator::And
                    | Operator::Or
                    | Operator::IsDistinctFrom
                    | Operator::IsNotDistinctFrom
                    | Operator::Plus
                    | Operator::Minus
                    | Operator::Multiply
                    | Operator::Divide
                    | Operator::Modulo
            );
            if !allowed {
                return None;
            }
            Expr::BinaryExpr(BinaryExpr::new(view(left)?, *op, view(right)?))
        }
        Expr::Not(e) => Expr::Not(view(e)?),
        Expr::IsNull(e) => Expr::IsNull(view(e)?),
        Expr::IsNotNull(e) => Expr::IsNotNull(view(e)?),
        Expr::InList(InList {
            expr,
            list,
            negated,
        }) => Expr::InList(InList::new(
            view(expr)?,
            list.iter()
                .map(as_view_filter)
                .collect::<Option<Vec<_>>>()?,
            *negated,
        )),
        Expr::Between(Between {
            expr,
            negated,
            low,
            high,
        }) => Expr::Between(Between::new(view(expr)?, *negated, view(low)?, view(high)?)),
        _ => return None,
    })
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
    fn statistics_time_wins_over_folder_time() {
        let folder = FileTime::Bucket { start: 0, len: 10 };
        assert_eq!(
            file_time(folder, Some((100, 199))),
            FileTime::Bucket {
                start: 100,
                len: 100
            }
        );
        assert_eq!(file_time(folder, None), folder);
    }

    #[test]
    fn view_filters_restate_string_literals_and_refuse_calls() {
        use datafusion::functions::expr_fn::lower;
        use datafusion::logical_expr::{col, lit};
        use datafusion::scalar::ScalarValue;
        let f = col("a").eq(lit("x")).and(col("n").gt(lit(3_i64)));
        let want = col("a")
            .eq(Expr::Literal(ScalarValue::Utf8View(Some("x".into())), None))
            .and(col("n").gt(lit(3_i64)));
        assert_eq!(as_view_filter(&f), Some(want));
        assert_eq!(as_view_filter(&lower(col("a")).eq(lit("x"))), None);
        assert_eq!(
            as_view_filter(&col("a").in_list(vec![lit("x"), lit("y")], true)),
            Some(col("a").in_list(
                vec![
                    Expr::Literal(ScalarValue::Utf8View(Some("x".into())), None),
                    Expr::Literal(ScalarValue::Utf8View(Some("y".into())), None)
                ],
                true
            ))
        );
    }

    #[test]
    fn only_equality_on_a_wide_column_goes_into_the_reader() {
        use datafusion::logical_expr::lit;
        let col = |name: &str| Expr::Column(datafusion::common::Column::from_name(name));
        let sizes = HashMap::from([("JobName".to_owned(), 9.6), ("EventType".to_owned(), 0.23)]);
        let files = ParquetFiles::new("T", &[], Arc::new(Schema::empty()), ScanOptions::default())
            .with_column_sizes(Arc::new(sizes));
        let job = col("JobName").eq(lit("a"));
        let event = col("EventType").eq(lit("JobFailed"));
        assert!(files.filters_in_reader(std::slice::from_ref(&job)));
        assert!(files.filters_in_reader(&[event.clone().and(job.clone())]));
        assert!(!files.filters_in_reader(std::slice::from_ref(&event)));
        assert!(!files.filters_in_reader(&[col("JobName").not_eq(lit("a"))]));
        assert!(
            files.filters_in_reader(&[col("JobName").in_list(vec![lit("a"), lit("b")], false)])
        );
        let unpushed = ScanOptions {
            no_pushdown: true,
            ..ScanOptions::default()
        };
        let unpushed = ParquetFiles::new("T", &[], Arc::new(Schema::empty()), unpushed)
            .with_column_sizes(Arc::new(HashMap::from([("JobName".to_owned(), 9.6)])));
        assert!(!unpushed.filters_in_reader(&[job]));
    }

    #[test]
    fn urls_escape_glob_and_key_characters() {
        assert_eq!(
            file_url(Path::new("/a b/[x]/m=05/t.parquet")),
            "file:///a%20b/%5Bx%5D/m%3D05/t.parquet"
        );
    }
}
