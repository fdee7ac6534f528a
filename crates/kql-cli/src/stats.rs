//! `kql query --stats`: what a query read and how long each stage took, for stderr.
//!
//! JSON scans count their own work (files and bytes considered, pruned and read; records read
//! and dropped by pushed filters, and how many of those the line prefilter dropped unparsed;
//! decode time summed over partitions). Parquet scans are
//! DataFusion's: their leaf's metrics (row groups and pages pruned, bytes scanned…) are printed as
//! DataFusion names them. Peak memory is the process's peak resident set (`VmHWM`, Linux).

use kql_engine::{ListingScope, ListingStats, ScanStats};
use std::fmt::Write;
use std::time::Duration;

/// Wall-clock stages of one `kql query`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Timing {
    /// Discovery: planning the listing scope, walking the roots, classifying files, reading
    /// schemas.
    pub(crate) listing: Duration,
    /// Planning, executing and writing the result.
    pub(crate) executing: Duration,
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// The peak resident set of this process, from `/proc/self/status` (`None` elsewhere).
fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// The `--stats` text: one `stats:` line per topic.
pub(crate) fn render_stats(
    s: &ScanStats,
    scan_metrics: &[String],
    returned: Option<u64>,
    t: Timing,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "stats: files considered {} ({}), pruned {} ({}), read {} ({})",
        s.files_considered,
        mb(s.bytes_considered),
        s.files_pruned,
        mb(s.bytes_pruned),
        s.files_read,
        mb(s.bytes_read)
    );
    let returned = returned.map_or_else(|| "-".to_owned(), |r| r.to_string());
    let _ = writeln!(
        out,
        "stats: rows scanned {}, skipped by pushed filters {} ({} unparsed: no filter literal in the \
         line), returned {returned}",
        s.rows_scanned, s.rows_filtered, s.rows_prefiltered
    );
    if s.duplicate_records > 0 {
        let _ = writeln!(
            out,
            "stats: duplicate records {} (same _ItemId or identical; --dedup removes them)",
            s.duplicate_records
        );
    }
    for line in scan_metrics {
        let _ = writeln!(out, "stats: {line}");
    }
    let _ = writeln!(
        out,
        "stats: time listing {}, scanning {} (summed over partitions), executing {}",
        ms(t.listing),
        ms(Duration::from_nanos(s.scan_nanos)),
        ms(t.executing)
    );
    if let Some(peak) = peak_rss_bytes() {
        let _ = writeln!(
            out,
            "stats: peak memory {:.1} MiB",
            peak as f64 / (1 << 20) as f64
        );
    }
    out
}

/// The `--stats` line of discovery's listing scope: what the query's tables and time range let
/// it leave unlisted.
pub(crate) fn render_listing(scope: &ListingScope, skipped: ListingStats) -> String {
    let tables = scope.tables.as_ref().map_or_else(
        || "all".to_owned(),
        |t| {
            if t.is_empty() {
                "none".to_owned()
            } else {
                t.iter().cloned().collect::<Vec<_>>().join(", ")
            }
        },
    );
    format!(
        "stats: listing scope tables {tables}; time folders skipped unlisted {}, table containers skipped {}\n",
        skipped.time_folders_skipped, skipped.containers_skipped
    )
}
