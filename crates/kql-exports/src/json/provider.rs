//! The JSON-lines `TableProvider` and its `ExecutionPlan`: partitioned, projected, limited,
//! time-pruned, filtered streaming scans.
//!
//! [`JsonExportProvider::scan`] derives a `TimeGenerated` range from the pushed-down filters
//! ([`super::prune`]), drops the files that cannot hold it, compiles the filters it understands
//! into row filters for the decoder ([`super::filter`]), splits large JSON-lines files at
//! newlines into byte ranges (so one big blob keeps every core busy), and spreads the pieces over
//! `target_partitions` partitions balanced by bytes. Each partition of [`JsonScanExec`] streams
//! its pieces one at a time through a [`PartitionScan`]: a [`RecordReader`] frames records, a
//! [`Decoder`] drops filtered records and fills pre-sized builders, and a batch of `batch_size`
//! rows is emitted at a time. Bad lines are counted in the shared report (or fail the stream
//! under `strict`), and so is the work done (`--stats`). Output order is never relied on.

use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use arrow::datatypes::SchemaRef;
use arrow::record_batch::RecordBatch;
use async_trait::async_trait;
use datafusion::catalog::{Session, TableProvider};
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::error::{DataFusionError, Result as DfResult};
use datafusion::execution::TaskContext;
use datafusion::logical_expr::{Expr, TableProviderFilterPushDown, TableType};
use datafusion::physical_expr::{EquivalenceProperties, PhysicalExpr};
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, ExecutionPlan, Partitioning, PlanProperties,
    SendableRecordBatchStream,
};
use kql_syntax::KqlType;

use super::decode::{Decoder, Shape};
use super::dedup::{DuplicateMode, SeenRecords};
use super::filter::RowFilter;
use super::prune::{FileTime, TIME_COLUMN, filter_time_range, filters_time_range};
use super::reader::{Item, RecordReader, looks_wrapped};
use crate::error::ExportError;
use crate::path_order::path_order;
use crate::report::{ProblemKind, ReportState};

/// One JSON file of a table.
#[derive(Debug, Clone)]
pub(crate) struct ScanFile {
    /// The file.
    pub(crate) path: PathBuf,
    /// Its size on disk (compressed size for `.gz`).
    pub(crate) bytes: u64,
    /// How its records map to columns.
    pub(crate) shape: Shape,
    /// What its path says about `TimeGenerated`.
    pub(crate) time: FileTime,
    /// Only the lines starting in this byte range `[start, end)` (a piece of a large file).
    pub(crate) range: Option<(u64, u64)>,
}

impl ScanFile {
    /// Bytes this piece covers.
    fn piece_bytes(&self) -> u64 {
        self.range.map_or(self.bytes, |(s, e)| e - s)
    }
}

/// Files at least this large are split into byte ranges…
const SPLIT_MIN_BYTES: u64 = 32 << 20;
/// …of about this size (or fewer, larger ones: at most two per partition).
const SPLIT_PIECE_BYTES: u64 = 16 << 20;

/// A JSON table: its columns and files.
#[derive(Debug)]
pub(crate) struct JsonTable {
    pub(crate) name: String,
    pub(crate) columns: Vec<(String, KqlType)>,
    pub(crate) schema: SchemaRef,
    pub(crate) files: Vec<Arc<ScanFile>>,
    pub(crate) strict: bool,
    /// `--no-pruning`: no file is pruned by time.
    pub(crate) no_pruning: bool,
    /// `--no-pushdown`: no row filters in the decoder (every line parsed).
    pub(crate) no_pushdown: bool,
    /// Count or remove duplicate records.
    pub(crate) duplicates: DuplicateMode,
    pub(crate) report: Arc<ReportState>,
}

/// The `TableProvider` of a JSON-lines table.
#[derive(Debug)]
pub(crate) struct JsonExportProvider {
    pub(crate) table: Arc<JsonTable>,
}

impl JsonExportProvider {
    fn has_time_column(&self) -> bool {
        self.table
            .columns
            .iter()
            .any(|(n, t)| n == TIME_COLUMN && *t == KqlType::DateTime)
    }

    /// The files a scan with `filters` reads.
    pub(crate) fn files_for(&self, filters: &[Expr]) -> Vec<Arc<ScanFile>> {
        let range = if self.has_time_column() && !self.table.no_pruning {
            filters_time_range(filters)
        } else {
            Default::default()
        };
        self.table
            .files
            .iter()
            .filter(|f| range.is_unbounded() || f.time.may_overlap(range))
            .cloned()
            .collect()
    }
}

#[async_trait]
impl TableProvider for JsonExportProvider {
    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.table.schema)
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    fn supports_filters_pushdown(
        &self,
        filters: &[&Expr],
    ) -> DfResult<Vec<TableProviderFilterPushDown>> {
        let time = self.has_time_column();
        Ok(filters
            .iter()
            .map(|f| {
                let prunes = !self.table.no_pruning && time && filter_time_range(f).is_some();
                let pushed = !self.table.no_pushdown
                    && RowFilter::from_expr(f, &self.table.columns).is_some();
                if prunes || pushed {
                    // Inexact: files are pruned and records dropped early, but DataFusion still
                    // filters every row that comes out.
                    TableProviderFilterPushDown::Inexact
                } else {
                    TableProviderFilterPushDown::Unsupported
                }
            })
            .collect())
    }

    async fn scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        filters: &[Expr],
        limit: Option<usize>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        let files = self.files_for(filters);
        let read: u64 = files.iter().map(|f| f.bytes).sum();
        let all: u64 = self.table.files.iter().map(|f| f.bytes).sum();
        let considered = self.table.files.len() as u64;
        self.table.report.planned(
            (considered, all),
            (considered - files.len() as u64, all - read),
        );
        let projection: Vec<usize> = match projection {
            Some(p) => p.clone(),
            None => (0..self.table.columns.len()).collect(),
        };
        let row_filters: Vec<RowFilter> = if self.table.no_pushdown {
            Vec::new()
        } else {
            filters
                .iter()
                .filter_map(|f| RowFilter::from_expr(f, &self.table.columns))
                .collect()
        };
        let schema = Arc::new(self.table.schema.project(&projection)?);
        let n = state.config().target_partitions();
        let pieces = split_large_files(files, n, SPLIT_MIN_BYTES, SPLIT_PIECE_BYTES);
        let partitions = balance_by_bytes(pieces, n);
        let mut exec = JsonScanExec::new(
            Arc::clone(&self.table),
            projection,
            schema,
            partitions,
            limit,
            row_filters,
        );
        if self.table.duplicates != DuplicateMode::Ignore {
            exec.seen = Some(Arc::new(SeenRecords::default()));
        }
        Ok(Arc::new(exec))
    }
}

/// True when `path` is plain JSON lines (not gzip, not a `{"records":[…]}` wrapper), so that it
/// can be read in byte ranges.
fn is_plain_json_lines(path: &Path) -> bool {
    let mut head = Vec::with_capacity(4096);
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    if file.take(4096).read_to_end(&mut head).is_err() {
        return false;
    }
    !head.starts_with(&[0x1f, 0x8b]) && !head.starts_with(b"\xEF\xBB\xBF") && !looks_wrapped(&head)
}

/// Splits plain JSON-lines files of at least `min` bytes ([`SPLIT_MIN_BYTES`] in scans) into
/// byte ranges of about `piece` bytes ([`SPLIT_PIECE_BYTES`]), at least two and at most two per
/// partition; the range reader cuts at newlines.
pub(crate) fn split_large_files(
    files: Vec<Arc<ScanFile>>,
    partitions: usize,
    min: u64,
    piece: u64,
) -> Vec<Arc<ScanFile>> {
    let mut out = Vec::with_capacity(files.len());
    for f in files {
        if f.bytes < min || f.range.is_some() || !is_plain_json_lines(&f.path) {
            out.push(f);
            continue;
        }
        let pieces = (f.bytes / piece.max(1)).clamp(2, (2 * partitions.max(1)) as u64);
        let step = f.bytes.div_ceil(pieces);
        let mut start = 0;
        while start < f.bytes {
            let end = (start + step).min(f.bytes);
            out.push(Arc::new(ScanFile {
                range: Some((start, end)),
                ..(*f).clone()
            }));
            start = end;
        }
    }
    out
}

/// Spreads files over at most `n` partitions, largest first onto the lightest partition; within
/// a partition files keep path order. Always at least one partition.
pub(crate) fn balance_by_bytes(files: Vec<Arc<ScanFile>>, n: usize) -> Vec<Vec<Arc<ScanFile>>> {
    let n = n.clamp(1, files.len().max(1));
    // Ranks in (path, range) order.
    let mut in_path_order: Vec<usize> = (0..files.len()).collect();
    in_path_order.sort_by(|&a, &b| {
        path_order(&files[a].path, &files[b].path).then_with(|| files[a].range.cmp(&files[b].range))
    });
    let mut rank = vec![0; files.len()];
    for (r, &i) in in_path_order.iter().enumerate() {
        rank[i] = r;
    }
    // Largest first, ties in path order, each onto the lightest partition.
    let mut by_size: Vec<usize> = (0..files.len()).collect();
    by_size.sort_by(|&a, &b| {
        files[b]
            .piece_bytes()
            .cmp(&files[a].piece_bytes())
            .then(rank[a].cmp(&rank[b]))
    });
    let mut parts: Vec<(u64, Vec<usize>)> = vec![(0, Vec::new()); n];
    for i in by_size {
        let lightest = parts
            .iter_mut()
            .min_by_key(|(bytes, _)| *bytes)
            .expect("n >= 1 partitions");
        lightest.0 += files[i].piece_bytes().max(1);
        lightest.1.push(i);
    }
    parts
        .into_iter()
        .map(|(_, mut members)| {
            members.sort_unstable_by_key(|&i| rank[i]);
            members.into_iter().map(|i| Arc::clone(&files[i])).collect()
        })
        .collect()
}

/// The physical scan of a JSON table.
#[derive(Debug)]
pub(crate) struct JsonScanExec {
    table: Arc<JsonTable>,
    projection: Vec<usize>,
    schema: SchemaRef,
    partitions: Vec<Vec<Arc<ScanFile>>>,
    limit: Option<usize>,
    filters: Vec<RowFilter>,
    properties: Arc<PlanProperties>,
    /// The records this scan has read, shared by its partitions, when duplicates are counted
    /// or removed (state of one execution, not configuration).
    seen: Option<Arc<SeenRecords>>,
}

impl JsonScanExec {
    fn new(
        table: Arc<JsonTable>,
        projection: Vec<usize>,
        schema: SchemaRef,
        partitions: Vec<Vec<Arc<ScanFile>>>,
        limit: Option<usize>,
        filters: Vec<RowFilter>,
    ) -> JsonScanExec {
        let properties = PlanProperties::new(
            EquivalenceProperties::new(Arc::clone(&schema)),
            Partitioning::UnknownPartitioning(partitions.len()),
            EmissionType::Incremental,
            Boundedness::Bounded,
        );
        JsonScanExec {
            table,
            projection,
            schema,
            partitions,
            limit,
            filters,
            properties: Arc::new(properties),
            seen: None,
        }
    }

    /// Files this scan reads (after pruning; a file read in byte ranges counts once).
    pub(crate) fn file_count(&self) -> usize {
        self.partitions
            .iter()
            .flatten()
            .filter(|f| f.range.is_none_or(|(start, _)| start == 0))
            .count()
    }

    /// A synchronous reader of one partition.
    pub(crate) fn partition_scan(&self, partition: usize, batch_size: usize) -> PartitionScan {
        PartitionScan::new(
            &self.table,
            self.partitions.get(partition).cloned().unwrap_or_default(),
            &self.projection,
            Arc::clone(&self.schema),
            batch_size,
            self.limit,
        )
        .with_filters(&self.filters)
        .with_duplicates(self.seen.clone(), self.table.duplicates)
    }
}

impl DisplayAs for JsonScanExec {
    fn fmt_as(&self, t: DisplayFormatType, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match t {
            DisplayFormatType::Default | DisplayFormatType::Verbose => {
                write!(
                    f,
                    "JsonExportExec: table={}, files={}/{}, partitions={}",
                    self.table.name,
                    self.file_count(),
                    self.table.files.len(),
                    self.partitions.len()
                )?;
                if let Some(l) = self.limit {
                    write!(f, ", limit={l}")?;
                }
                if !self.filters.is_empty() {
                    let columns: Vec<&str> =
                        self.filters.iter().map(|r| r.column.as_str()).collect();
                    write!(f, ", row_filters=[{}]", columns.join(", "))?;
                }
                Ok(())
            }
            DisplayFormatType::TreeRender => {
                writeln!(f, "table={}", self.table.name)?;
                write!(f, "files={}/{}", self.file_count(), self.table.files.len())
            }
        }
    }
}

impl ExecutionPlan for JsonScanExec {
    fn name(&self) -> &str {
        "JsonExportExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        Vec::new()
    }

    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> DfResult<TreeNodeRecursion>,
    ) -> DfResult<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }

    fn with_new_children(
        self: Arc<Self>,
        children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        if children.is_empty() {
            Ok(self)
        } else {
            Err(DataFusionError::Internal(
                "JsonExportExec is a leaf and takes no children".to_owned(),
            ))
        }
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> DfResult<SendableRecordBatchStream> {
        if partition >= self.partitions.len() {
            return Err(DataFusionError::Internal(format!(
                "JsonExportExec has {} partitions, asked for {partition}",
                self.partitions.len()
            )));
        }
        let batch_size = context.session_config().batch_size();
        let scan = self.partition_scan(partition, batch_size);
        Ok(Box::pin(RecordBatchStreamAdapter::new(
            Arc::clone(&self.schema),
            futures::stream::iter(scan),
        )))
    }
}

/// Reads one partition's files in order, yielding batches; an `Iterator`, wrapped as a stream.
pub(crate) struct PartitionScan {
    files: Vec<Arc<ScanFile>>,
    next_file: usize,
    current: Option<(RecordReader, Arc<ScanFile>)>,
    decoder: Decoder,
    table: String,
    batch_size: usize,
    remaining: Option<usize>,
    strict: bool,
    report: Arc<ReportState>,
    /// The projected columns (to place pushed filters).
    columns: Vec<(String, KqlType)>,
    /// Records read so far by the whole scan, and whether repeats are dropped.
    seen: Option<(Arc<SeenRecords>, bool)>,
    done: bool,
}

/// Torn-line recovery tries at most this many `{"` positions…
const RECOVERY_ATTEMPTS: usize = 8;
/// …and only on lines shorter than this (bounds the cost of garbage lines).
const RECOVERY_MAX_LINE: usize = 1 << 20;

impl PartitionScan {
    /// A reader of `files` of `table`, projected to `projection` (whose schema is `schema`).
    pub(crate) fn new(
        table: &Arc<JsonTable>,
        files: Vec<Arc<ScanFile>>,
        projection: &[usize],
        schema: SchemaRef,
        batch_size: usize,
        limit: Option<usize>,
    ) -> PartitionScan {
        let columns: Vec<(String, KqlType)> = projection
            .iter()
            .map(|&i| table.columns[i].clone())
            .collect();
        PartitionScan {
            files,
            next_file: 0,
            current: None,
            decoder: Decoder::new(
                &table.name,
                &columns,
                schema,
                batch_size,
                Arc::clone(&table.report),
            ),
            table: table.name.clone(),
            batch_size: batch_size.max(1),
            remaining: limit,
            strict: table.strict,
            report: Arc::clone(&table.report),
            columns,
            seen: None,
            done: false,
        }
    }

    /// Counts (and, in [`DuplicateMode::Remove`], drops) records already read by the scan that
    /// shares `seen`.
    pub(crate) fn with_duplicates(
        mut self,
        seen: Option<Arc<SeenRecords>>,
        mode: DuplicateMode,
    ) -> PartitionScan {
        self.seen = seen.map(|s| (s, mode == DuplicateMode::Remove));
        self
    }

    /// Drops records that certainly fail one of `filters` before decoding them; records whose
    /// bytes cannot pass are dropped before they are parsed, except under `strict`, which
    /// validates every line.
    pub(crate) fn with_filters(mut self, filters: &[RowFilter]) -> PartitionScan {
        self.decoder
            .set_filters(filters, &self.columns, !self.strict);
        self
    }

    /// Like [`PartitionScan::with_filters`], but every record is parsed (benches: the prefilter
    /// off in the same run).
    pub(crate) fn with_filters_parsing_all(mut self, filters: &[RowFilter]) -> PartitionScan {
        self.decoder.set_filters(filters, &self.columns, false);
        self
    }

    /// Captures with the serde_json reference decoder only (benches, equivalence tests).
    pub(crate) fn with_reference_capture(mut self) -> PartitionScan {
        self.decoder.set_reference_capture();
        self
    }

    /// The next batch, `None` when the partition is exhausted (or failed).
    pub(crate) fn next_batch(&mut self) -> Option<Result<RecordBatch, ExportError>> {
        if self.done {
            return None;
        }
        let started = Instant::now();
        let filled = self.fill();
        let (scanned, filtered, prefiltered) = self.decoder.take_counts();
        self.report.decoded(
            scanned,
            filtered,
            prefiltered,
            u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX),
        );
        if let Err(e) = filled {
            self.done = true;
            return Some(Err(e));
        }
        let rows = self.decoder.rows();
        if rows == 0 {
            self.done = true;
            return None;
        }
        if let Some(r) = self.remaining.as_mut() {
            *r -= rows.min(*r);
            if *r == 0 {
                self.done = true;
            }
        }
        Some(
            self.decoder
                .finish_batch()
                .map_err(|e| ExportError::DataFusion {
                    table: self.table.clone(),
                    source: Box::new(DataFusionError::ArrowError(Box::new(e), None)),
                }),
        )
    }

    /// Decodes until a batch is full, the limit is reached or the files run out.
    fn fill(&mut self) -> Result<(), ExportError> {
        let want = match self.remaining {
            Some(r) => r.min(self.batch_size),
            None => self.batch_size,
        };
        // Borrow the fields one by one: the reader, the decoder and the file are used together.
        let PartitionScan {
            files,
            next_file,
            current,
            decoder,
            strict,
            report,
            seen,
            ..
        } = self;
        let strict = *strict;
        while decoder.rows() < want {
            if current.is_none() {
                let Some(file) = files.get(*next_file) else {
                    return Ok(());
                };
                *next_file += 1;
                let reader = match file.range {
                    None => RecordReader::open(&file.path),
                    Some((start, end)) => RecordReader::open_range(&file.path, start, end),
                }
                .map_err(|source| ExportError::Io {
                    path: file.path.clone(),
                    source,
                })?;
                report.file_read(file.piece_bytes());
                *current = Some((reader, Arc::clone(file)));
            }
            let Some((reader, file)) = current.as_mut() else {
                continue;
            };
            let (path, shape) = (&file.path, file.shape);
            match reader.next_item() {
                Ok(None) => *current = None,
                Ok(Some(Item::Problem { kind, line, reason })) => {
                    problem(report, strict, kind, path, line, reason)?;
                }
                Ok(Some(Item::Record {
                    line,
                    bytes,
                    unterminated_last,
                })) => {
                    if let Some((seen, remove)) = seen.as_ref()
                        && seen.is_duplicate(bytes)
                    {
                        report.duplicate();
                        if *remove {
                            continue;
                        }
                    }
                    let Err(reason) = decoder.decode(bytes, shape, path, line) else {
                        continue;
                    };
                    if unterminated_last {
                        problem(report, strict, ProblemKind::Truncated, path, line, reason)?;
                    } else {
                        problem(report, strict, ProblemKind::Skipped, path, line, reason)?;
                        recover_torn(decoder, bytes, shape, path, line);
                    }
                }
                // A gzip stream cut short is an unfinished re-archive: its tail is lost.
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                    let line = reader.lines_read() + 1;
                    let reason = format!("compressed stream ends early: {e}");
                    let path = path.clone();
                    *current = None;
                    problem(report, strict, ProblemKind::Truncated, &path, line, reason)?;
                }
                Err(source) => {
                    return Err(ExportError::Io {
                        path: path.clone(),
                        source,
                    });
                }
            }
        }
        Ok(())
    }
}

/// Counts a bad line, or turns it into an error under `strict`.
fn problem(
    report: &ReportState,
    strict: bool,
    kind: ProblemKind,
    path: &Path,
    line: u64,
    reason: String,
) -> Result<(), ExportError> {
    if strict {
        let path = path.to_path_buf();
        return Err(match kind {
            ProblemKind::Truncated => ExportError::TruncatedTail { path, line, reason },
            _ => ExportError::MalformedJson { path, line, reason },
        });
    }
    report.record(kind, path, line, || reason);
    Ok(())
}

/// §8.2 torn lines: a cut-off record directly followed by a complete one. Tries the next few
/// `{"` positions; the first suffix that parses as a whole record is kept.
fn recover_torn(decoder: &mut Decoder, bytes: &[u8], shape: Shape, path: &Path, line: u64) {
    if bytes.len() > RECOVERY_MAX_LINE {
        return;
    }
    let mut attempts = 0;
    let mut i = 1;
    while i + 1 < bytes.len() && attempts < RECOVERY_ATTEMPTS {
        if bytes[i] == b'{' && bytes[i + 1] == b'"' {
            attempts += 1;
            if decoder.decode(&bytes[i..], shape, path, line).is_ok() {
                return;
            }
        }
        i += 1;
    }
}

impl Iterator for PartitionScan {
    type Item = DfResult<RecordBatch>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_batch()
            .map(|r| r.map_err(|e| DataFusionError::External(Box::new(e))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, bytes: u64) -> Arc<ScanFile> {
        Arc::new(ScanFile {
            path: PathBuf::from(name),
            bytes,
            shape: Shape::Flat,
            time: FileTime::Unknown,
            range: None,
        })
    }

    #[test]
    fn large_plain_files_are_split_into_contiguous_ranges() {
        let dir = crate::test_util::TempDir::new();
        let plain = dir.write("a.json", b"{\"a\":1}\n".repeat(100));
        let wrapped = dir.write(
            "b.json",
            br#"{"records":[{"a":1},{"a":2},{"a":3},{"a":4}]}"#,
        );
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gzip, &b"{\"a\":1}\n".repeat(100)).unwrap();
        let gz = dir.write("c.json.gz", gzip.finish().unwrap());
        let small = dir.write("d.json", b"{\"a\":1}\n");
        let file = |path: &Path| {
            Arc::new(ScanFile {
                path: path.to_path_buf(),
                bytes: std::fs::metadata(path).unwrap().len(),
                shape: Shape::Flat,
                time: FileTime::Unknown,
                range: None,
            })
        };
        let files = vec![file(&plain), file(&wrapped), file(&gz), file(&small)];
        // 800 bytes in pieces of about 250: three ranges of 267 (at most 2 × 2 partitions).
        let pieces = split_large_files(files, 2, 20, 250);
        let ranges: Vec<Option<(u64, u64)>> = pieces
            .iter()
            .filter(|f| f.path == plain)
            .map(|f| f.range)
            .collect();
        assert_eq!(
            ranges,
            vec![Some((0, 267)), Some((267, 534)), Some((534, 800))]
        );
        // Wrappers, gzip and small files stay whole.
        for other in [&wrapped, &gz, &small] {
            let kept: Vec<_> = pieces.iter().filter(|f| f.path == *other).collect();
            assert_eq!(kept.len(), 1);
            assert_eq!(kept[0].range, None);
        }
    }

    #[test]
    fn balancing_by_bytes() {
        let files = vec![file("a", 100), file("b", 10), file("c", 60), file("d", 50)];
        let parts = balance_by_bytes(files, 2);
        let names: Vec<Vec<String>> = parts
            .iter()
            .map(|p| p.iter().map(|f| f.path.display().to_string()).collect())
            .collect();
        // 100 → p0; 60 → p1; 50 → p1 (110); 10 → p0 (110).
        assert_eq!(names, vec![vec!["a", "b"], vec!["c", "d"]]);
        assert_eq!(balance_by_bytes(Vec::new(), 4).len(), 1);
        assert_eq!(balance_by_bytes(vec![file("x", 1)], 8).len(), 1);
        // Path order is by components: `a/c` comes before `a-b` (`a` < `a-b`), though `-` sorts
        // before `/` as bytes; ties of size go in path order.
        let names = |parts: Vec<Vec<Arc<ScanFile>>>| -> Vec<Vec<String>> {
            parts
                .iter()
                .map(|p| p.iter().map(|f| f.path.display().to_string()).collect())
                .collect()
        };
        let tied = || vec![file("a-b", 10), file("a/c", 10), file("a/b", 10)];
        assert_eq!(
            names(balance_by_bytes(tied(), 1)),
            vec![vec!["a/b", "a/c", "a-b"]]
        );
        assert_eq!(
            names(balance_by_bytes(tied(), 3)),
            vec![vec!["a/b"], vec!["a/c"], vec!["a-b"]]
        );
    }
}
