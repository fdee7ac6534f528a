//! The documented Log Analytics table schemas and diagnostic category → table mapping.
//!
//! Azure Monitor's table reference (the `MicrosoftDocs/azure-reference-other` repository,
//! `azure-monitor-ref/tables/*.md` and `supported-logs/`) is turned by `generate/generate.py`
//! into two committed files, embedded here and parsed once on first use:
//!
//! - `data/tables.tsv`: every documented table with its columns and KQL types (names and types
//!   only; the standard columns every table has are added where a page omits them);
//! - `data/categories.tsv`: for each resource type, each diagnostic-settings category and the
//!   table Log Analytics stores it in ([`AZURE_DIAGNOSTICS`] when it has no table of its own).
//!
//! Users of this crate: `kql check` and `kql query` (a documented table without exports is an
//! empty table with its documented columns) through `kql-engine`, and the export reader's
//! `insights-logs-<category>` → table mapping. No DataFusion: the Arrow schema of a documented
//! table is built by its users from [`kql_syntax::KqlType`]s.

mod categories;
mod tables;

pub use categories::{CategoryRoute, category_routes, table_for_category};
pub use tables::{DocumentedColumn, DocumentedTable, table, table_names, tables};

/// The table of the categories that have no resource-specific table (Azure Diagnostics mode).
pub const AZURE_DIAGNOSTICS: &str = "AzureDiagnostics";

/// The documentation snapshot the data was generated from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Snapshot {
    /// The full commit hash of `MicrosoftDocs/azure-reference-other`.
    pub commit: &'static str,
    /// The commit's date, `YYYY-MM-DD`.
    pub date: &'static str,
}

/// The snapshot of the documentation the schemas come from (read from the data file's header),
/// e.g. commit `bea53845…` of 2024-11-20.
pub fn snapshot() -> Snapshot {
    tables::snapshot()
}

/// The `# Source: … commit <hash> (<date>).` line of a generated file's header.
fn parse_snapshot(text: &'static str) -> Option<Snapshot> {
    let line = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .find(|l| l.starts_with("# Source:"))?;
    let rest = &line[line.find("commit ")? + "commit ".len()..];
    let (commit, rest) = rest.split_once(' ')?;
    let date = rest.strip_prefix('(')?.split_once(')')?.0;
    Some(Snapshot { commit, date })
}

/// The data lines of a generated file (its `#` header skipped).
fn data_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}
