//! Export layouts to tables; JSONL/Parquet TableProviders; drift; bad-line counts.
//!
//! The stage between the planner and the files (STYLE §1): [`ExportCatalog::discover`] walks the
//! `--data` roots, recognises the storage layouts of Azure Monitor log exports
//! (`/work/shared/docs/azure-exports.md` §2–§4) and exposes one [`ExportTable`] per Log Analytics
//! table, each with its KQL columns and a DataFusion `TableProvider`:
//!
//! | Layout | Module | Provider |
//! |---|---|---|
//! | diagnostic settings `insights-logs-<category>/…/PT1H.json` | `layout::diagnostic` | JSON scan, diagnostic mapping (§2.4) |
//! | workspace export `am-<table>/…/PT05M.json` | `layout::workspace_export` | JSON scan, flat rows |
//! | plain `<Table>.jsonl`, `.json.gz`, `.parquet`, table folders | `layout::plain` | JSON scan or Parquet `ListingTable` |
//! | any of the above as JSON plus Parquet files of the same table | `mixed` | union of both, rows compared for duplicates |
//!
//! [`ExportCatalog::discover_in`] lists only what one query can read: a [`ListingScope`] of table
//! names and a `TimeGenerated` range leaves other tables' containers and time folders outside the
//! range unwalked (module `scope`), with the same answers.
//!
//! [`external_table`] reads the local files of KQL's `externaldata` (CSV-like text, TXT, JSON,
//! Parquet) with the same conversions (module `external`).
//!
//! The JSON scan (module `json`) streams files partition by partition, decodes only the projected
//! columns straight into Arrow builders, coerces loosely typed values to the documented types
//! (module `catalog`, §5.2), prunes files by their folder time (§6), and counts malformed lines,
//! truncated tails and failed conversions in a shared [`ScanReport`] instead of failing the query
//! (unless [`ScanOptions::strict`]). The crate never prints: problems come back as
//! [`ExportError`]s, warnings and reports.

mod catalog;
mod discover;
mod error;
mod external;
mod infer;
mod json;
mod layout;
mod mixed;
mod parquet_table;
mod path_order;
mod report;
mod scope;
mod summary;
#[cfg(test)]
mod test_util;
mod workspace;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::record_batch::RecordBatch;
use datafusion::catalog::TableProvider;
use kql_syntax::KqlType;

pub use error::ExportError;
pub use external::{ExternalError, ExternalSpec, external_table};
pub use json::dedup::DuplicateMode;
pub use json::prune::{DIAGNOSTIC_EARLY_SLACK_NS, DIAGNOSTIC_LATE_SLACK_NS};
pub use parquet_table::KQL_TYPE_METADATA;
pub use report::{LineProblem, ScanReport, ScanStats};
pub use scope::{ListingScope, ListingStats, time_folder_may_hold};
pub use summary::{PARQUET_LAYOUT, SourceFile, filters_time_bounds};
pub use workspace::WorkspaceError;

use json::provider::{JsonExportProvider, PartitionScan};
use report::ReportState;

/// Options of every scan of a catalog's tables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScanOptions {
    /// Fail a scan on the first malformed line or truncated tail (naming file and line) instead
    /// of skipping and counting it. Failed conversions stay nulls counted as drift either way.
    pub strict: bool,
    /// Read every file, row group and page: no time pruning of folders and files, no Parquet
    /// row-group or page pruning by statistics (`kql query --no-pruning`). Answers are the same
    /// either way.
    pub no_pruning: bool,
    /// Evaluate no filter inside the decoders: JSON records are all parsed (no pushed row
    /// filters, no lines skipped unparsed) and Parquet filters are applied after decoding
    /// (`kql query --no-pushdown`). Answers are the same either way.
    pub no_pushdown: bool,
    /// Duplicate records (same `_ItemId`, or identical records delivered twice): counted
    /// (`--stats`) or removed (`kql query --dedup`) in JSON scans and in tables read from JSON
    /// and Parquet; see [`DuplicateMode`].
    pub duplicates: DuplicateMode,
}

/// The tables found under the `--data` roots.
#[derive(Debug)]
pub struct ExportCatalog {
    tables: BTreeMap<String, ExportTable>,
    warnings: Vec<String>,
    report: Arc<ReportState>,
    /// Per table, its workspace-export files and their workspace's resource id.
    workspace_files: BTreeMap<String, Vec<(PathBuf, String)>>,
    listing: ListingStats,
}

impl ExportCatalog {
    /// Walks every root (a file or a folder; several `--data` may be given), recognises the
    /// layouts and builds the tables; a table found as both JSON and Parquet is one table over
    /// both. Fails on a missing root, a root holding no recognisable export, an unreadable folder
    /// or Parquet footer, and a Parquet column that cannot be read as the type the table has.
    pub fn discover(roots: &[PathBuf], options: ScanOptions) -> Result<ExportCatalog, ExportError> {
        ExportCatalog::discover_in(roots, options, &ListingScope::default())
    }

    /// [`ExportCatalog::discover`] for one query: containers of other tables and time folders
    /// outside its range are not walked (module `scope`; `options.no_pruning` keeps every time
    /// folder). The tables the query reads answer as with full discovery; others may be missing.
    pub fn discover_in(
        roots: &[PathBuf],
        options: ScanOptions,
        scope: &ListingScope,
    ) -> Result<ExportCatalog, ExportError> {
        let found = discover::discover(roots, options, scope)?;
        Ok(ExportCatalog {
            tables: found.tables,
            warnings: found.warnings,
            report: found.report,
            workspace_files: found.workspace_files,
            listing: found.listing,
        })
    }

    /// What the listing scope left unwalked.
    pub fn listing_stats(&self) -> ListingStats {
        self.listing
    }

    /// The table names, sorted.
    pub fn table_names(&self) -> Vec<String> {
        self.tables.keys().cloned().collect()
    }

    /// The table of exactly this (case-sensitive) name.
    pub fn table(&self, name: &str) -> Option<&ExportTable> {
        self.tables.get(name)
    }

    /// Discovery-time warnings: ignored files, empty files, symlinks not followed, left-out
    /// Parquet columns.
    pub fn warnings(&self) -> Vec<String> {
        self.warnings.clone()
    }

    /// The data problems seen by all scans of this catalog's tables so far.
    pub fn report(&self) -> ScanReport {
        self.report.snapshot()
    }

    /// The work done by all JSON scans of this catalog's tables so far.
    pub fn stats(&self) -> ScanStats {
        self.report.stats()
    }

    /// A handle that reads [`ExportCatalog::stats`] from another thread while a query runs
    /// (the progress line), without borrowing the catalog.
    pub fn stats_probe(&self) -> StatsProbe {
        StatsProbe(Arc::clone(&self.report))
    }
}

/// Reads the scan counters of one catalog; see [`ExportCatalog::stats_probe`].
#[derive(Debug, Clone)]
pub struct StatsProbe(Arc<ReportState>);

impl StatsProbe {
    /// The work done by the catalog's JSON scans so far.
    pub fn stats(&self) -> ScanStats {
        self.0.stats()
    }
}

/// One Log Analytics table backed by export files.
#[derive(Debug, Clone)]
pub struct ExportTable {
    /// The table name (`AmlComputeJobEvent`).
    pub name: String,
    /// The columns, in the provider schema's order.
    pub columns: Vec<ExportColumn>,
    /// The DataFusion provider. JSON tables have the canonical Arrow type of each column
    /// (`kql_functions::types::kql_to_arrow`; strings non-nullable, never null); Parquet tables keep
    /// the files' Arrow types.
    pub provider: Arc<dyn TableProvider>,
    /// Number of files.
    pub files: usize,
    /// Their total size on disk.
    pub bytes: u64,
}

/// A column of an export table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportColumn {
    /// The column name, case preserved.
    pub name: String,
    /// Its KQL type.
    pub kql_type: KqlType,
}

/// How [`decode_json_file`] decodes.
#[derive(Debug, Clone, Default)]
pub struct DecodeOptions {
    /// Filters to push into the decoder, as a scan would get them from DataFusion (conjuncts
    /// over the table's columns; those the decoder does not understand are ignored, and records
    /// are dropped only when they certainly fail).
    pub filters: Vec<datafusion::logical_expr::Expr>,
    /// Capture values with the serde_json reference decoder instead of the fast scanner (the
    /// peer of the decoder bench; answers are the same).
    pub reference_decoder: bool,
    /// Parse every record, even those whose bytes hold none of a filter's literals (the line
    /// prefilter off, as under `--strict`; answers are the same).
    pub parse_all_lines: bool,
}

/// Decodes one JSON file of `table` into batches of `batch_size` rows, projected to the column
/// indices in `projection` (all columns when `None`), exactly as a scan would (same coercions,
/// same counting of bad lines in the catalog's report). For benches of the decoder.
pub fn decode_json_file(
    table: &ExportTable,
    path: &Path,
    projection: Option<&[usize]>,
    batch_size: usize,
    options: &DecodeOptions,
) -> Result<Vec<RecordBatch>, ExportError> {
    let not_ours = || ExportError::NotATableFile {
        path: path.to_path_buf(),
        table: table.name.clone(),
    };
    let provider = table
        .provider
        .downcast_ref::<JsonExportProvider>()
        .ok_or_else(not_ours)?;
    let wanted = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let file = provider
        .table
        .files
        .iter()
        .find(|f| f.path == wanted || f.path == path)
        .cloned()
        .ok_or_else(not_ours)?;
    let projection: Vec<usize> = match projection {
        Some(p) => p.to_vec(),
        None => (0..provider.table.columns.len()).collect(),
    };
    if let Some(&bad) = projection
        .iter()
        .find(|&&i| i >= provider.table.columns.len())
    {
        return Err(ExportError::DataFusion {
            table: table.name.clone(),
            source: Box::new(datafusion::error::DataFusionError::Plan(format!(
                "projection index {bad} is out of range"
            ))),
        });
    }
    let schema = Arc::new(provider.table.schema.project(&projection).map_err(|e| {
        ExportError::DataFusion {
            table: table.name.clone(),
            source: Box::new(e.into()),
        }
    })?);
    let mut scan = PartitionScan::new(
        &provider.table,
        vec![file],
        &projection,
        schema,
        batch_size,
        None,
    );
    if !provider.table.no_pushdown {
        let filters: Vec<json::filter::RowFilter> = options
            .filters
            .iter()
            .filter_map(|f| json::filter::RowFilter::from_expr(f, &provider.table.columns))
            .collect();
        scan = if options.parse_all_lines {
            scan.with_filters_parsing_all(&filters)
        } else {
            scan.with_filters(&filters)
        };
    }
    if options.reference_decoder {
        scan = scan.with_reference_capture();
    }
    let mut out = Vec::new();
    while let Some(batch) = scan.next_batch() {
        out.push(batch?);
    }
    Ok(out)
}
