//! The command line: `kql query`, `kql check`, `kql parse`, `kql plan`, `kql tables`,
//! `kql functions`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Run KQL over Azure Monitor log exports, offline.
#[derive(Debug, Parser)]
#[command(name = "kql", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
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
    /// trees, workspace `am-*` exports, or `Table.json`/`Table.parquet` files.
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
    /// Fail on malformed or truncated lines instead of skipping and counting them.
    #[arg(long = "strict")]
    pub(crate) strict: bool,
    /// Read every file and record: no time pruning of files, no filters pushed into the JSON
    /// decoder, no Parquet row-group or page pruning (answers are the same; for measuring)
    #[arg(long = "no-pruning")]
    pub(crate) no_pruning: bool,
    /// Print what the query read and how long each stage took to stderr: files and bytes
    /// considered, pruned and read; rows scanned, dropped by pushed filters and returned; time
    /// listing, scanning and executing; peak memory
    #[arg(long = "stats")]
    pub(crate) stats: bool,
    /// A value for a parameter the query declares with `declare query_parameters(…)`
    /// (repeatable), read as a KQL literal of the declared type: `--param n=5`,
    /// `--param since=2024-01-01`, `--param user=alice` (a string's text as is, or quoted).
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_param)]
    pub(crate) params: Vec<(String, String)>,
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
