//! What a table is made of: its source files, the layout each came in, and the `TimeGenerated`
//! window its path allows (for `kql tables` and `kql convert`).
//!
//! A diagnostic-settings blob of arrival hour `H` may hold rows with
//! `H − 48 h < TimeGenerated < H + 2 h` (the slack of `json::prune`); a workspace-export
//! `PT05M` blob holds exactly its five minutes; plain files say nothing.

use std::path::PathBuf;

use crate::ExportTable;
use crate::json::decode::Shape;
use crate::json::provider::JsonExportProvider;
use crate::json::prune::{DIAGNOSTIC_EARLY_SLACK_NS, DIAGNOSTIC_LATE_SLACK_NS, FileTime, HOUR_NS};
use crate::mixed::MixedProvider;

/// One file of a JSON export table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The file (canonical path).
    pub path: PathBuf,
    /// Its size on disk.
    pub bytes: u64,
    /// The layout it was recognised as (`diagnostic settings`, `workspace export`, …).
    pub layout: &'static str,
    /// `[lo, hi)` in ns since the epoch: every row's `TimeGenerated` lies inside it, as far as
    /// the path tells; `None` when the path carries no time.
    pub time_window: Option<(i64, i64)>,
}

/// The layout name of Parquet tables.
pub const PARQUET_LAYOUT: &str = "Parquet files";

impl ExportTable {
    /// The JSON part of the table: all of a JSON table, the JSON files of one also read from
    /// Parquet; `None` for a Parquet table.
    pub(crate) fn json_provider(&self) -> Option<&JsonExportProvider> {
        match self.provider.downcast_ref::<JsonExportProvider>() {
            Some(json) => Some(json),
            None => self
                .provider
                .downcast_ref::<MixedProvider>()
                .map(|m| m.json.as_ref()),
        }
    }

    /// The table's JSON files with their layouts and time windows, in path order; `None` for a
    /// table that is not read from JSON (Parquet). A table read from both lists its JSON files.
    pub fn source_files(&self) -> Option<Vec<SourceFile>> {
        let provider = self.json_provider()?;
        Some(
            provider
                .table
                .files
                .iter()
                .map(|f| SourceFile {
                    path: f.path.clone(),
                    bytes: f.bytes,
                    layout: layout_name(f.shape, f.time),
                    time_window: time_window(f.time),
                })
                .collect(),
        )
    }

    /// Each layout the table's files came in, with its number of files and bytes (the JSON
    /// layouts first, then [`PARQUET_LAYOUT`]).
    pub fn layouts(&self) -> Vec<(&'static str, usize, u64)> {
        let Some(files) = self.source_files() else {
            return vec![(PARQUET_LAYOUT, self.files, self.bytes)];
        };
        let mut out: Vec<(&'static str, usize, u64)> = Vec::new();
        for f in files {
            match out.iter_mut().find(|(l, _, _)| *l == f.layout) {
                Some(entry) => {
                    entry.1 += 1;
                    entry.2 += f.bytes;
                }
                None => out.push((f.layout, 1, f.bytes)),
            }
        }
        if let Some(mixed) = self.provider.downcast_ref::<MixedProvider>() {
            out.push((PARQUET_LAYOUT, mixed.parquet_files, mixed.parquet_bytes));
        }
        out
    }
}

/// The `TimeGenerated` range `[lo, hi)` that these filters of one scan imply together, in ns
/// (`None` bounds are open), as the JSON scan's time pruning reads them.
pub fn filters_time_bounds(
    filters: &[datafusion::logical_expr::Expr],
) -> (Option<i64>, Option<i64>) {
    let range = crate::json::prune::filters_time_range(filters);
    (range.lo, range.hi)
}

/// The layout a file was read as, from its row shape and its path's time.
fn layout_name(shape: Shape, time: FileTime) -> &'static str {
    match (shape, time) {
        (Shape::Diagnostic, FileTime::ArrivalHour(_)) => "diagnostic settings",
        (_, FileTime::Bucket { .. }) => "workspace export",
        (Shape::Flat, FileTime::ArrivalHour(_)) => "workspace export (hourly)",
        (Shape::Diagnostic, FileTime::Unknown) => "plain files of diagnostic records",
        _ => "plain JSON files",
    }
}

/// The `TimeGenerated` window a path allows (see the module doc).
fn time_window(time: FileTime) -> Option<(i64, i64)> {
    match time {
        FileTime::ArrivalHour(h) => Some((
            h.saturating_sub(DIAGNOSTIC_LATE_SLACK_NS),
            h.saturating_add(HOUR_NS + DIAGNOSTIC_EARLY_SLACK_NS),
        )),
        FileTime::Bucket { start, len } => Some((start, start.saturating_add(len))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_follow_the_pruning_slack() {
        // Pruning keeps blob hour H for a range [lo, hi) when floor_hour(lo) − 1h ≤ H < hi + 48h:
        // a row at t may sit in blobs H with t − 48h < H < t + 2h, so H holds t in (H − 48h, H + 2h).
        let h = 100 * HOUR_NS;
        assert_eq!(
            time_window(FileTime::ArrivalHour(h)),
            Some((h - 48 * HOUR_NS, h + 2 * HOUR_NS))
        );
        assert_eq!(
            time_window(FileTime::Bucket { start: h, len: 5 }),
            Some((h, h + 5))
        );
        assert_eq!(time_window(FileTime::Unknown), None);
    }
}
