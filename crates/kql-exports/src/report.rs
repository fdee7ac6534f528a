//! Data problems seen by scans: skipped lines, truncated tails and failed conversions.
//!
//! Every scan of a catalog's tables adds to one shared [`ReportState`] (atomic counters plus the
//! first occurrence of each kind, with file and line), so the CLI can print one summary after a
//! query. [`ScanReport`] is the snapshot handed out by [`crate::ExportCatalog::report`].

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

/// The shared, thread-safe counters behind [`ScanReport`].
#[derive(Debug, Default)]
pub(crate) struct ReportState {
    skipped: Counter,
    truncated: Counter,
    failed: Counter,
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
