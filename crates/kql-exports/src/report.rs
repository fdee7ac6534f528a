//! Data problems seen by scans (skipped lines, truncated tails, failed conversions) and the work
//! they did (files and bytes pruned and read, rows scanned and dropped by pushed filters).
//!
//! Every scan of a catalog's tables adds to one shared [`ReportState`] (atomic counters plus the
//! first occurrence of each kind, with file and line), so the CLI can print one summary after a
//! query. [`ScanReport`] and [`ScanStats`] are the snapshots handed out by
//! [`crate::ExportCatalog::report`] and [`crate::ExportCatalog::stats`].

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// One problem in a data file, located by file and 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    /// The file.
    pub path: PathBuf,
    /// 1-based line number (for wrapped `{"records":[…]}` files, the line where the record starts).
    pub line: u64,
    /// What was wrong, in the parser's or converter's words.
    pub reason: String,
}

/// A snapshot of the data problems counted by all scans so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScanReport {
    /// Lines (or wrapped records) that were not valid JSON objects and were skipped.
    pub skipped_lines: u64,
    /// The first skipped line seen.
    pub first_skipped: Option<LineProblem>,
    /// Files whose unterminated last line could not be parsed (open append blobs).
    pub truncated_tails: u64,
    /// The first truncated tail seen.
    pub first_truncated: Option<LineProblem>,
    /// Values that could not be converted to their column's type and were read as null.
    pub failed_conversions: u64,
    /// The first failed conversion seen.
    pub first_failed_conversion: Option<LineProblem>,
}

impl ScanReport {
    /// True when no scan has seen a problem.
    pub fn is_clean(&self) -> bool {
        self.skipped_lines == 0 && self.truncated_tails == 0 && self.failed_conversions == 0
    }
}

/// What the JSON scans of a catalog did so far (`kql query --stats`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScanStats {
    /// Files the scans were planned over (every file of the scanned tables).
    pub files_considered: u64,
    /// Their bytes on disk.
    pub bytes_considered: u64,
    /// Files skipped because their folder time cannot match the query's time filter.
    pub files_pruned: u64,
    /// Their bytes.
    pub bytes_pruned: u64,
    /// Files (or byte ranges of large files) opened and read.
    pub files_read: u64,
    /// Bytes in those files or ranges.
    pub bytes_read: u64,
    /// Records read (parsed, or skipped unparsed by the line prefilter).
    pub rows_scanned: u64,
    /// Records dropped by filters pushed into the decoder.
    pub rows_filtered: u64,
    /// Of those, records dropped unparsed because their bytes hold none of a filter's literals.
    pub rows_prefiltered: u64,
    /// Records read that repeat an earlier record of the same scan (same `_ItemId`, or the same
    /// bytes), when duplicates are counted or removed ([`crate::DuplicateMode`]).
    pub duplicate_records: u64,
    /// Time spent reading and decoding, summed over parallel partitions.
    pub scan_nanos: u64,
}

/// The kinds of problem a scan counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ProblemKind {
    /// A malformed line, skipped.
    Skipped,
    /// An unterminated, unparsable last line.
    Truncated,
    /// A value that did not convert to its column's type.
    FailedConversion,
}

/// One counter and the first problem of its kind.
#[derive(Debug, Default)]
struct Counter {
    count: AtomicU64,
    has_first: AtomicBool,
    first: Mutex<Option<LineProblem>>,
}

impl Counter {
    fn add(&self, path: &Path, line: u64, reason: impl FnOnce() -> String) {
        self.count.fetch_add(1, Ordering::Relaxed);
        // The flag keeps the common case (a first is already stored) free of allocation.
        if !self.has_first.load(Ordering::Relaxed) {
            let mut first = self.first.lock().unwrap_or_else(|p| p.into_inner());
            if first.is_none() {
                *first = Some(LineProblem {
                    path: path.to_path_buf(),
                    line,
                    reason: reason(),
                });
                self.has_first.store(true, Ordering::Relaxed);
            }
        }
    }

    fn snapshot(&self) -> (u64, Option<LineProblem>) {
        let first = self.first.lock().unwrap_or_else(|p| p.into_inner()).clone();
        (self.count.load(Ordering::Relaxed), first)
    }
}

/// The shared, thread-safe counters behind [`ScanReport`] and [`ScanStats`].
#[derive(Debug, Default)]
pub(crate) struct ReportState {
    skipped: Counter,
    truncated: Counter,
    failed: Counter,
    files_considered: AtomicU64,
    bytes_considered: AtomicU64,
    files_pruned: AtomicU64,
    bytes_pruned: AtomicU64,
    files_read: AtomicU64,
    bytes_read: AtomicU64,
    rows_scanned: AtomicU64,
    rows_filtered: AtomicU64,
    rows_prefiltered: AtomicU64,
    duplicate_records: AtomicU64,
    scan_nanos: AtomicU64,
}

impl ReportState {
    /// Counts one problem; `reason` is only evaluated for the first of its kind.
    pub(crate) fn record(
        &self,
        kind: ProblemKind,
        path: &Path,
        line: u64,
        reason: impl FnOnce() -> String,
    ) {
        match kind {
            ProblemKind::Skipped => self.skipped.add(path, line, reason),
            ProblemKind::Truncated => self.truncated.add(path, line, reason),
            ProblemKind::FailedConversion => self.failed.add(path, line, reason),
        }
    }

    /// A scan was planned over `considered` files (`bytes`), of which `pruned` (`pruned_bytes`)
    /// are skipped.
    pub(crate) fn planned(&self, considered: (u64, u64), pruned: (u64, u64)) {
        self.files_considered
            .fetch_add(considered.0, Ordering::Relaxed);
        self.bytes_considered
            .fetch_add(considered.1, Ordering::Relaxed);
        self.files_pruned.fetch_add(pruned.0, Ordering::Relaxed);
        self.bytes_pruned.fetch_add(pruned.1, Ordering::Relaxed);
    }

    /// A file (or range) of `bytes` was opened.
    pub(crate) fn file_read(&self, bytes: u64) {
        self.files_read.fetch_add(1, Ordering::Relaxed);
        self.bytes_read.fetch_add(bytes, Ordering::Relaxed);
    }

    /// A partition read `scanned` records and dropped `filtered`, `prefiltered` of them unparsed,
    /// in `nanos`.
    pub(crate) fn decoded(&self, scanned: u64, filtered: u64, prefiltered: u64, nanos: u64) {
        self.rows_scanned.fetch_add(scanned, Ordering::Relaxed);
        self.rows_filtered.fetch_add(filtered, Ordering::Relaxed);
        self.rows_prefiltered
            .fetch_add(prefiltered, Ordering::Relaxed);
        self.scan_nanos.fetch_add(nanos, Ordering::Relaxed);
    }

    /// A record repeated an earlier one.
    pub(crate) fn duplicate(&self) {
        self.duplicates(1);
    }

    /// Counts `n` duplicate records.
    pub(crate) fn duplicates(&self, n: u64) {
        self.duplicate_records.fetch_add(n, Ordering::Relaxed);
    }

    /// A snapshot of the work counters.
    pub(crate) fn stats(&self) -> ScanStats {
        let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
        ScanStats {
            files_considered: get(&self.files_considered),
            bytes_considered: get(&self.bytes_considered),
            files_pruned: get(&self.files_pruned),
            bytes_pruned: get(&self.bytes_pruned),
            files_read: get(&self.files_read),
            bytes_read: get(&self.bytes_read),
            rows_scanned: get(&self.rows_scanned),
            rows_filtered: get(&self.rows_filtered),
            rows_prefiltered: get(&self.rows_prefiltered),
            duplicate_records: get(&self.duplicate_records),
            scan_nanos: get(&self.scan_nanos),
        }
    }

    /// A snapshot of all counters.
    pub(crate) fn snapshot(&self) -> ScanReport {
        let (skipped_lines, first_skipped) = self.skipped.snapshot();
        let (truncated_tails, first_truncated) = self.truncated.snapshot();
        let (failed_conversions, first_failed_conversion) = self.failed.snapshot();
        ScanReport {
            skipped_lines,
            first_skipped,
            truncated_tails,
            first_truncated,
            failed_conversions,
            first_failed_conversion,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_all_and_keeps_only_the_first() {
        let state = ReportState::default();
        state.record(ProblemKind::Skipped, Path::new("a.json"), 3, || {
            "bad".into()
        });
        state.record(ProblemKind::Skipped, Path::new("b.json"), 9, || {
            unreachable!("the reason of a later problem is never built")
        });
        state.record(
            ProblemKind::FailedConversion,
            Path::new("c.json"),
            1,
            || "x".into(),
        );
        let report = state.snapshot();
        assert_eq!(report.skipped_lines, 2);
        assert_eq!(report.first_skipped.as_ref().map(|p| p.line), Some(3));
        assert_eq!(report.truncated_tails, 0);
        assert_eq!(report.first_truncated, None);
        assert_eq!(report.failed_conversions, 1);
        assert!(!report.is_clean());
    }
}
