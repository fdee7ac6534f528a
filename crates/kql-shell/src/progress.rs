//! A progress line on stderr while a query scans exports: files and bytes read of those
//! selected after pruning, rows decoded, time elapsed (`indicatif`).
//!
//! It is driven by the engine's scan counters ([`ScanStats`]), read a few times a second on a
//! thread of its own while the query runs, and drawn only when stderr is a terminal and the
//! query has run for a moment ([`DEFAULT_DELAY`], or `KQL_PROGRESS_DELAY_MS`), so quick
//! queries, scripts and redirected output never see it. The line is cleared when the query
//! ends, or before the result is first written to the same terminal
//! ([`Progress::clear_before`]), so the two never mix. Counters are cumulative over an engine's
//! life, so the line shows the difference from a snapshot taken when the query starts. Parquet scans are DataFusion's and are not counted.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use kql_engine::{ScanStats, StatsProbe};
use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long a query runs before its progress line appears.
pub const DEFAULT_DELAY: Duration = Duration::from_millis(500);

/// How often the counters are read.
const TICK: Duration = Duration::from_millis(100);

/// The environment variable that overrides [`DEFAULT_DELAY`], in milliseconds.
pub const DELAY_VARIABLE: &str = "KQL_PROGRESS_DELAY_MS";

/// The progress line of one running query, from [`Progress::start`] to [`Progress::stop`]
/// (or drop).
#[derive(Debug)]
pub struct Progress {
    state: Arc<Mutex<State>>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

#[derive(Debug, Default)]
struct State {
    stopped: bool,
    bar: Option<ProgressBar>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Progress {
    /// Starts following the counters of `probe` (the engine's
    /// [`kql_engine::Engine::stats_probe`]) on a thread of its own. Nothing is ever drawn when
    /// stderr is not a terminal or there is nothing to follow.
    pub fn start(probe: Option<StatsProbe>) -> Progress {
        let state = Arc::new(Mutex::new(State::default()));
        let thread = match probe {
            Some(probe) if std::io::stderr().is_terminal() => {
                let delay = std::env::var(DELAY_VARIABLE)
                    .ok()
                    .and_then(|v| v.parse::<u64>().ok())
                    .map_or(DEFAULT_DELAY, Duration::from_millis);
                let state = Arc::clone(&state);
                let baseline = probe.stats();
                std::thread::Builder::new()
                    .name("kql-progress".to_owned())
                    .spawn(move || follow(&probe, &baseline, delay, &state))
                    .ok()
            }
            _ => None,
        };
        Progress {
            state,
            thread: Mutex::new(thread),
        }
    }

    /// Clears the line (if drawn) and never draws it again. Call it before writing to the
    /// terminal the line is on.
    pub fn stop(&self) {
        {
            let mut state = lock(&self.state);
            state.stopped = true;
            if let Some(bar) = state.bar.take() {
                bar.finish_and_clear();
            }
        }
        if let Some(thread) = lock(&self.thread).take() {
            let _ = thread.join();
        }
    }

    /// `out`, which stops the progress line before its first write when standard output is
    /// the terminal too (a result written to a file or a pipe leaves the line running).
    pub fn clear_before<W: Write>(&self, out: W) -> ClearBefore<'_, W> {
        ClearBefore {
            progress: self,
            armed: std::io::stdout().is_terminal(),
            out,
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A writer that stops a [`Progress`] before its first write; see [`Progress::clear_before`].
pub struct ClearBefore<'a, W> {
    progress: &'a Progress,
    armed: bool,
    out: W,
}

impl<W: Write> Write for ClearBefore<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.armed {
            self.progress.stop();
            self.armed = false;
        }
        self.out.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// The progress thread: waits `delay`, then redraws every [`TICK`] until stopped.
fn follow(probe: &StatsProbe, baseline: &ScanStats, delay: Duration, state: &Mutex<State>) {
    let started = Instant::now();
    while started.elapsed() < delay {
        if lock(state).stopped {
            return;
        }
        std::thread::sleep(TICK.min(delay.saturating_sub(started.elapsed())));
    }
    loop {
        {
            let mut state = lock(state);
            if state.stopped {
                return;
            }
            let bar = state.bar.get_or_insert_with(|| {
                let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
                bar.set_style(
                    ProgressStyle::with_template("{msg} [{elapsed}]")
                        .expect("the template is a constant with known keys"),
                );
                bar
            });
            bar.set_message(describe(&since(baseline, &probe.stats())));
            bar.tick();
        }
        std::thread::sleep(TICK);
    }
}

/// The work done between two snapshots.
fn since(before: &ScanStats, after: &ScanStats) -> ScanStats {
    ScanStats {
        files_considered: after
            .files_considered
            .saturating_sub(before.files_considered),
        bytes_considered: after
            .bytes_considered
            .saturating_sub(before.bytes_considered),
        files_pruned: after.files_pruned.saturating_sub(before.files_pruned),
        bytes_pruned: after.bytes_pruned.saturating_sub(before.bytes_pruned),
        files_read: after.files_read.saturating_sub(before.files_read),
        bytes_read: after.bytes_read.saturating_sub(before.bytes_read),
        rows_scanned: after.rows_scanned.saturating_sub(before.rows_scanned),
        rows_filtered: after.rows_filtered.saturating_sub(before.rows_filtered),
        rows_prefiltered: after
            .rows_prefiltered
            .saturating_sub(before.rows_prefiltered),
        duplicate_records: after
            .duplicate_records
            .saturating_sub(before.duplicate_records),
        scan_nanos: after.scan_nanos.saturating_sub(before.scan_nanos),
    }
}

/// The progress text: `scanning: 3/12 files, 1.2 MB/40.0 MB, 52,113 rows`. A large file is
/// read in several byte ranges, each counted as a file opened, so the file count is capped at
/// the files selected; the bytes are exact.
pub(crate) fn describe(s: &ScanStats) -> String {
    let files = s.files_considered - s.files_pruned.min(s.files_considered);
    let bytes = s.bytes_considered - s.bytes_pruned.min(s.bytes_considered);
    format!(
        "scanning: {}/{files} files, {}/{}, {} rows",
        s.files_read.min(files),
        megabytes(s.bytes_read.min(bytes)),
        megabytes(bytes),
        thousands(s.rows_scanned)
    )
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// `1234567` → `1,234,567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_the_selected_files_and_the_work_since_the_start() {
        let before = ScanStats {
            files_considered: 4,
            bytes_considered: 4_000_000,
            files_read: 4,
            bytes_read: 4_000_000,
            rows_scanned: 10,
            ..ScanStats::default()
        };
        let after = ScanStats {
            files_considered: 14,
            bytes_considered: 14_000_000,
            files_pruned: 8,
            bytes_pruned: 8_000_000,
            files_read: 7,
            bytes_read: 5_500_000,
            rows_scanned: 1_234_577,
            ..ScanStats::default()
        };
        // 10 files considered since the start, 8 pruned: 2 selected (2 MB), 3 ranges opened
        // (1.5 MB), 1,234,567 rows.
        assert_eq!(
            describe(&since(&before, &after)),
            "scanning: 2/2 files, 1.5 MB/2.0 MB, 1,234,567 rows"
        );
    }

    #[test]
    fn nothing_to_follow_draws_nothing_and_stops_at_once() {
        let progress = Progress::start(None);
        assert!(
            lock(&progress.thread).is_none(),
            "no thread without a probe"
        );
        let mut out = Vec::new();
        write!(progress.clear_before(&mut out), "rows").expect("writes to memory");
        assert_eq!(out, b"rows");
        progress.stop();
        assert!(lock(&progress.state).stopped);
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
