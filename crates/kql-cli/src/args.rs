//! The command line: `kql query`, `kql check`, `kql parse`, `kql plan`, `kql tables`,
//! `kql functions`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Run KQL over Azure Monitor log exports, offline.
#[derive(Debug, Parser)]
#[command(name = "kql", version, about, long_about = None)]
pub(crate) struct Cli {
    /// None: the shell, on a terminal.
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Run a query over exports and print its result.
    Query(QueryArgs),
    /// Check queries without running them: parse and plan each one against the documented Log
    /// Analytics tables (and the exports under --data, if given); print `ok` or its errors.
    Check(CheckArgs),
    /// Parse a query and print it back as canonical KQL (needs no data).
    Parse(SourceArgs),
    /// Show the DataFusion plans of a query.
    Plan(QueryArgs),
    /// List the tables queries can name (documented Log Analytics tables and those under
    /// --data), or the columns of the named tables.
    Tables(TablesArgs),
    /// List the supported KQL functions with their documentation.
    Functions,
    /// Compact JSON exports into Parquet: one file per table and day, sorted by TimeGenerated;
    /// a re-run converts only what is new.
    Convert(ConvertArgs),
    /// Answer Kusto's REST API on this machine, so the Azure Data Explorer web UI,
    /// Kusto.Explorer and the azure-kusto-data clients query the exports under --data.
    Serve(ServeArgs),
    /// An interactive shell: type queries, see results (also `kql` alone on a terminal).
    Shell(ShellArgs),
    /// Time queries in one warm process, as benchmarks time in-process engines: reads one
    /// request per line on stdin, {"csl": QUERY, "csv": false}, runs it to its last Arrow batch
    /// without rendering, and answers one line, {"rows": N, "seconds": S} (and "csv" when asked).
    Bench(BenchArgs),
}

/// Options of `kql bench`.
#[derive(Debug, Args)]
pub(crate) struct BenchArgs {
    /// An export root, folder or file (repeatable), as for `kql query`.
    #[arg(long = "data", value_name = "PATH")]
    pub(crate) data: Vec<PathBuf>,
    /// Pin now() and ago() to this instant (RFC 3339).
    #[arg(long = "now", value_name = "RFC3339")]
    pub(crate) now: Option<String>,
    /// As `kql query --no-pruning`.
    #[arg(long = "no-pruning")]
    pub(crate) no_pruning: bool,
    /// As `kql query --no-pushdown`.
    #[arg(long = "no-pushdown")]
    pub(crate) no_pushdown: bool,
}

/// Options of `kql convert`.
#[derive(Debug, Args)]
pub(crate) struct ConvertArgs {
    /// An export root, folder or file to convert (repeatable).
    #[arg(long = "data", value_name = "PATH", required = true)]
    pub(crate) data: Vec<PathBuf>,
    /// The output folder: `<Table>/<Table>-YYYY-MM-DD.parquet` and a manifest of what was
    /// converted (query it with `--data DIR`).
    #[arg(long = "out", value_name = "DIR")]
    pub(crate) out: PathBuf,
    /// Fail on malformed or truncated lines instead of skipping and counting them (every line is
    /// parsed, even those a filter would skip unparsed).
    #[arg(long = "strict")]
    pub(crate) strict: bool,
    /// Leave out duplicate records (same _ItemId, or identical records delivered twice), as
    /// `kql query --dedup` does: the Parquet copy then holds each record once
    #[arg(long = "dedup")]
    pub(crate) dedup: bool,
    /// The most memory the sort of a day's rows may hold (as `kql query --memory-limit`;
    /// default: half the machine's memory); larger days spill to --temp-dir
    #[arg(long = "memory-limit", value_name = "SIZE")]
    pub(crate) memory_limit: Option<String>,
    /// The folder for spill files (default: the system's temporary folder)
    #[arg(long = "temp-dir", value_name = "DIR")]
    pub(crate) temp_dir: Option<PathBuf>,
}

/// Options of `kql shell`.
#[derive(Debug, Default, Args)]
pub(crate) struct ShellArgs {
    /// An export root, folder or file (repeatable; `.data PATH` adds more in the shell).
    #[arg(long = "data", value_name = "PATH")]
    pub(crate) data: Vec<PathBuf>,
    /// Pin now() and ago() to this instant (RFC 3339; `.set now=…` in the shell).
    #[arg(long = "now", value_name = "RFC3339")]
    pub(crate) now: Option<String>,
    /// Fail on malformed or truncated lines instead of skipping and counting them (every line is
    /// parsed, even those a filter would skip unparsed).
    #[arg(long = "strict")]
    pub(crate) strict: bool,
}

/// Where the query text comes from.
#[derive(Debug, Args)]
pub(crate) struct SourceArgs {
    /// Read the query from FILE.
    #[arg(
        short = 'f',
        long = "file",
        value_name = "FILE",
        conflicts_with = "query"
    )]
    pub(crate) file: Option<PathBuf>,
    /// The query text.
    #[arg(value_name = "QUERY", required_unless_present = "file")]
    pub(crate) query: Option<String>,
}

/// Options of `kql query` and `kql plan`.
#[derive(Debug, Args)]
pub(crate) struct QueryArgs {
    /// An export root, folder or file (repeatable): diagnostic-settings `insights-logs-*`
    /// trees, workspace `am-*` exports, or `Table.json`/`Table.parquet` files; or a Blob
    /// Storage prefix, `az://ACCOUNT/CONTAINER/PREFIX` or
    /// `https://ACCOUNT.blob.core.windows.net/CONTAINER/PREFIX` (credentials from the
    /// environment: AZURE_STORAGE_SAS_TOKEN, AZURE_STORAGE_KEY, Azure CLI, managed identity).
    #[arg(long = "data", value_name = "PATH")]
    pub(crate) data: Vec<PathBuf>,
    /// Pin now() and ago() to this instant (RFC 3339, e.g. 2026-11-20T00:00:00Z).
    #[arg(long = "now", value_name = "RFC3339")]
    pub(crate) now: Option<String>,
    /// The output format.
    #[arg(long = "format", value_enum, default_value_t = OutputFormat::Table)]
    pub(crate) format: OutputFormat,
    /// Write the result to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Fail on malformed or truncated lines instead of skipping and counting them (every line is
    /// parsed, even those a filter would skip unparsed).
    #[arg(long = "strict")]
    pub(crate) strict: bool,
    /// Read every file: no skipping of time folders and files outside the query's time range,
    /// no Parquet row-group or page pruning (answers are the same; for measuring)
    #[arg(long = "no-pruning")]
    pub(crate) no_pruning: bool,
    /// Evaluate no filter inside the decoders: every JSON line parsed (no pushed row filters,
    /// none skipped unparsed), Parquet filters applied after decoding (answers are the same;
    /// for measuring)
    #[arg(long = "no-pushdown")]
    pub(crate) no_pushdown: bool,
    /// Print what the query read and how long each stage took to stderr: files and bytes
    /// considered, pruned and read; rows scanned, dropped by pushed filters (and how many of
    /// those unparsed) and returned; time
    /// listing, scanning and executing; peak memory
    #[arg(long = "stats")]
    pub(crate) stats: bool,
    /// Remove duplicate records of JSON exports (same _ItemId, or identical records delivered
    /// twice, e.g. by at-least-once export retries or overlapping --data roots); --stats counts
    /// them either way
    #[arg(long = "dedup")]
    pub(crate) dedup: bool,
    /// A value for a parameter the query declares with `declare query_parameters(…)`
    /// (repeatable), read as a KQL literal of the declared type: `--param n=5`,
    /// `--param since=2024-01-01`, `--param user=alice` (a string's text as is, or quoted).
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_param)]
    pub(crate) params: Vec<(String, String)>,
    /// The most memory the query's operators may hold (256M, 1.5G, 4GiB; `none` for no limit;
    /// default: half the machine's memory); sorts, summarize, distinct and joins (re-run as
    /// sort-merge joins when a hash join runs out) spill to --temp-dir beyond it
    #[arg(long = "memory-limit", value_name = "SIZE")]
    pub(crate) memory_limit: Option<String>,
    /// The folder for spill files (default: the system's temporary folder)
    #[arg(long = "temp-dir", value_name = "DIR")]
    pub(crate) temp_dir: Option<PathBuf>,
    /// Also draw the chart the query's `render` asks for, to FILE: `*.svg` (an image) or
    /// `*.html` (an interactive page that works offline); the rows print as usual
    #[arg(long = "chart", value_name = "FILE", value_parser = crate::chart::parse_path)]
    pub(crate) chart: Option<PathBuf>,
    /// The size of --chart in pixels
    #[arg(long = "chart-size", value_name = "WxH", default_value = "960x540", value_parser = crate::chart::parse_size)]
    pub(crate) chart_size: kql_chart::ChartSize,
    #[command(flatten)]
    pub(crate) source: SourceArgs,
}

/// Options of `kql check`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Export roots whose tables queries may name besides the documented ones (repeatable).
    #[arg(long = "data", value_name = "PATH")]
    pub(crate) data: Vec<PathBuf>,
    /// A query file (one query per file), or a folder: every `*.kql` file below it, one query
    /// each (repeatable).
    #[arg(short = 'f', long = "file", value_name = "PATH")]
    pub(crate) files: Vec<PathBuf>,
    /// A query text.
    #[arg(value_name = "QUERY", required_unless_present = "files")]
    pub(crate) query: Option<String>,
}

/// Options of `kql tables`.
#[derive(Debug, Args)]
pub(crate) struct TablesArgs {
    /// Export roots to list besides the documented tables (repeatable).
    #[arg(long = "data", value_name = "PATH")]
    pub(crate) data: Vec<PathBuf>,
    /// Show the columns and types of these tables instead of listing names.
    #[arg(value_name = "TABLE")]
    pub(crate) tables: Vec<String>,
}

/// Options of `kql serve`.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// An export root, folder or file (repeatable), as for `kql query`.
    #[arg(long = "data", value_name = "PATH")]
    pub(crate) data: Vec<PathBuf>,
    /// The TCP port; 0 picks a free one (the `listening on` line tells which).
    #[arg(long = "port", value_name = "N", default_value_t = 8080)]
    pub(crate) port: u16,
    /// The address to listen on. Only 127.0.0.1 unless named here: the server has no
    /// authentication, so anyone who can reach the address can read the exports.
    #[arg(long = "bind", value_name = "ADDR", default_value = "127.0.0.1")]
    pub(crate) bind: std::net::IpAddr,
    /// A browser origin allowed besides the Azure Data Explorer web UI's (repeatable), e.g.
    /// http://localhost:3000.
    #[arg(long = "allow-origin", value_name = "URL")]
    pub(crate) allow_origins: Vec<String>,
    /// The database name clients connect to.
    #[arg(long = "database", value_name = "NAME", default_value = "exports")]
    pub(crate) database: String,
    /// Fail a query on malformed or truncated lines instead of skipping and counting them.
    #[arg(long = "strict")]
    pub(crate) strict: bool,
}

/// `--format` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum OutputFormat {
    /// A table for terminals.
    Table,
    /// CSV with a header row.
    Csv,
    /// A JSON array of row objects.
    Json,
    /// One JSON object per line.
    Ndjson,
    /// An Apache Parquet file (use with -o).
    Parquet,
}

/// `NAME=VALUE` of `--param`: split at the first `=`.
fn parse_param(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_owned(), value.to_owned()))
        }
        _ => Err(format!(
            "expected NAME=VALUE, found '{text}' (e.g. --param maxInjured=90)"
        )),
    }
}
