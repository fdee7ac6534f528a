//! `ExportError`: what can go wrong while discovering or reading exports.
//!
//! Discovery errors (missing paths, roots without exports, unreadable files) come back from
//! [`crate::ExportCatalog::discover`]. Data errors (malformed lines, truncated tails) are only
//! errors under [`crate::ScanOptions::strict`]; then a scan stream fails with
//! `DataFusionError::External(Box<ExportError>)` naming the file and line. Messages are lower
//! case, name the path, and say what was expected (STYLE §5).

use std::path::PathBuf;

/// The layouts a root can hold, listed in "no exports found" messages.
pub(crate) const RECOGNISED_LAYOUTS: &str = "recognised layouts: diagnostic settings \
     'insights-logs-<category>/…/y=YYYY/m=MM/d=DD/h=HH/m=00/PT1H.json', workspace data export \
     'am-<table>/…/y=YYYY/m=MM/d=DD/h=HH/m=MM/PT05M.json', and plain files '<Table>.json', \
     '.jsonl', '.ndjson', '.json.gz' or '.parquet' (or a folder named after the table holding them)";

/// An error of export discovery or of a strict scan.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A `--data` root does not exist.
    #[error("no such file or folder: '{}'", path.display())]
    NotFound {
        /// The root as given.
        path: PathBuf,
    },
    /// A root holds nothing kqlake recognises.
    #[error("no exports found under '{}' ({RECOGNISED_LAYOUTS})", path.display())]
    NoExports {
        /// The root as given.
        path: PathBuf,
    },
    /// A file or folder could not be read.
    #[error("cannot read '{}': {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The operating-system error.
        source: std::io::Error,
    },
    /// A line (or wrapped record) is not valid JSON; an error only under `strict`.
    #[error("malformed JSON at {}:{line}: {reason}", path.display())]
    MalformedJson {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: u64,
        /// What the JSON parser saw.
        reason: String,
    },
    /// A record of an `externaldata` file cannot be read (bad quoting, broken JSON, invalid
    /// UTF-8): always an error, as the query depends on the whole file.
    #[error("malformed record at {}:{line}: {reason}", path.display())]
    MalformedRecord {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: u64,
        /// What was wrong.
        reason: String,
    },
    /// The last line of a file is cut off (an append blob still being written); an error only
    /// under `strict`.
    #[error(
        "truncated last line at {}:{line} (the blob may still be open for appends): {reason}",
        path.display()
    )]
    TruncatedTail {
        /// The file.
        path: PathBuf,
        /// 1-based line number of the partial line.
        line: u64,
        /// What the JSON parser saw.
        reason: String,
    },
    /// A Parquet file could not be opened or its schema read.
    #[error("cannot read Parquet file '{}': {reason}", path.display())]
    Parquet {
        /// The file.
        path: PathBuf,
        /// The Parquet reader's message.
        reason: String,
    },
    /// A column of a table found as both JSON and Parquet has, in the Parquet files, a type
    /// that does not read as the table's type of that column.
    #[error(
        "column '{column}' of table '{table}' is {kql_type} but {parquet_type} in its Parquet \
         files (e.g. '{}'), which cannot be read as {kql_type}; point --data at the JSON or the \
         Parquet copy only",
        parquet.display()
    )]
    MixedColumnType {
        /// The table name.
        table: String,
        /// The column.
        column: String,
        /// Its KQL type in the table.
        kql_type: kql_syntax::KqlType,
        /// Its Arrow type in the Parquet files.
        parquet_type: String,
        /// One of the table's Parquet files.
        parquet: PathBuf,
    },
    /// A file given to [`crate::decode_json_file`] is not one of the table's JSON files.
    #[error("'{}' is not a JSON file of table '{table}'", path.display())]
    NotATableFile {
        /// The file.
        path: PathBuf,
        /// The table.
        table: String,
    },
    /// DataFusion or Arrow rejected a table definition or batch (a kqlake bug: please report it).
    #[error("internal error in table '{table}': {source}")]
    DataFusion {
        /// The table.
        table: String,
        /// DataFusion's error.
        source: Box<datafusion::error::DataFusionError>,
    },
}
