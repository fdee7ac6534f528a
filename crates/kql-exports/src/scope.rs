//! Listing scope: what discovery may leave unwalked because the query cannot read it.
//!
//! `kql query` knows its query before the exports are opened, so discovery need not list
//! everything ([`crate::ExportCatalog::discover_in`]). A [`ListingScope`] has two parts:
//!
//! - **tables**: an export container whose table the path alone names (`insights-logs-<category>`
//!   with a catalogued or unambiguously documented category, `insights-activity-logs`,
//!   `insights-metrics-pt1m`, `am-<table>` of a catalogued or documented table, and a folder
//!   directly under a `--data` root named like a catalogued table) and whose table is not in the
//!   scope is not walked. What is named only by its records (uncatalogued categories, `am-`
//!   containers of custom tables) and loose files are walked as without a scope.
//! - **time**: inside an `insights-*` or `am-*` container of a table whose columns are catalogued
//!   (so no sampled file decides its schema), a `y=YYYY`, `m=MM`, `d=DD` or `h=HH` folder none of
//!   whose hours can hold a row of `[lo, hi)` under the diagnostic-slack rule of
//!   [`time_folder_may_hold`] is not listed. The scan would prune each of its §2.1-grammar blobs
//!   (`PT1H`/`PT05M` leaves) anyway (the rule is the per-file one, applied to the folder's hours),
//!   so answers do not change. A table all of whose folders are skipped is still there, empty.
//!   `--no-pruning` turns this part off. Other files placed in such a folder (not export blobs)
//!   are not read either.
//!
//! The scope is an optimisation only: whoever computes it errs towards "everything"
//! ([`ListingScope::default`]).

use std::collections::BTreeSet;

use crate::json::convert::civil_to_nanos;
use crate::json::prune::{HOUR_NS, TimeRange, arrival_hours_may_overlap};

/// What discovery must list for one query; the default lists everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListingScope {
    /// The tables the query can read (matched case-insensitively); `None`: every table.
    pub tables: Option<BTreeSet<String>>,
    /// The query's `TimeGenerated` range `[lo, hi)` in ns since the epoch; `None` bounds are open.
    pub time: (Option<i64>, Option<i64>),
}

impl ListingScope {
    /// True when the scope leaves nothing out.
    pub fn is_everything(&self) -> bool {
        self.tables.is_none() && self.time == (None, None)
    }

    /// True when table `name` may be read.
    pub(crate) fn wants_table(&self, name: &str) -> bool {
        self.tables
            .as_ref()
            .is_none_or(|t| t.iter().any(|n| n.eq_ignore_ascii_case(name)))
    }

    /// The time range, `None` when it is unbounded.
    pub(crate) fn time_range(&self) -> Option<TimeRange> {
        let range = TimeRange {
            lo: self.time.0,
            hi: self.time.1,
        };
        (!range.is_unbounded()).then_some(range)
    }
}

/// What a scoped walk left out (`kql query --stats`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListingStats {
    /// `y=`/`m=`/`d=`/`h=` folders skipped unlisted: outside the query's time range.
    pub time_folders_skipped: usize,
    /// Export containers and table folders skipped unlisted: their table is not the query's.
    pub containers_skipped: usize,
}

impl ListingStats {
    pub(crate) fn add(&mut self, other: ListingStats) {
        self.time_folders_skipped += other.time_folders_skipped;
        self.containers_skipped += other.containers_skipped;
    }
}

/// `key=` + exactly `digits` ASCII digits (any case of `key`).
fn key_value(segment: &str, key: &str, digits: usize) -> Option<u32> {
    let (k, v) = segment.split_once('=')?;
    if !k.eq_ignore_ascii_case(key) || v.len() != digits || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok()
}

/// The hours `[start, end)` (ns) of the time folder that ends `segments`, when its last segments
/// are a `y=`, `y=/m=`, `y=/m=/d=` or `y=/m=/d=/h=` run (the month `m=` right after `y=`; the
/// minute `m=` after `h=` is not a period of its own).
fn folder_period(segments: &[&str]) -> Option<(i64, i64)> {
    const KEYS: [(&str, usize); 4] = [("y", 4), ("m", 2), ("d", 2), ("h", 2)];
    let at = |y: u32, m: u32, d: u32, h: u32| civil_to_nanos(i64::from(y), m, d, h, 0, 0, 0);
    for depth in (1..=KEYS.len()).rev() {
        let Some(run) = segments.get(segments.len().saturating_sub(depth)..) else {
            continue;
        };
        if run.len() != depth {
            continue;
        }
        let Some(v) = run
            .iter()
            .zip(KEYS)
            .map(|(seg, (key, digits))| key_value(seg, key, digits))
            .collect::<Option<Vec<u32>>>()
        else {
            continue;
        };
        return match v[..] {
            [y, m, d, h] if h < 24 => at(y, m, d, h).map(|s| (s, s + HOUR_NS)),
            [y, m, d] => at(y, m, d, 0).map(|s| (s, s + 24 * HOUR_NS)),
            [y, m] => {
                let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                Some((at(y, m, 1, 0)?, at(ny, nm, 1, 0)?))
            }
            [y] => Some((at(y, 1, 1, 0)?, at(y + 1, 1, 1, 0)?)),
            _ => None,
        };
    }
    None
}

/// False only when the folder ending `segments` (path segments, outermost first; only the last
/// four are looked at) is a `y=YYYY`, `m=MM`, `d=DD` or `h=HH` time folder none of whose arrival
/// hours `H` satisfies `floor_hour(lo) − 1h ≤ H < hi + 48h` (`azure-exports.md` §6: diagnostic
/// blobs arrive up to 48 h late or just after the rollover; for workspace-export `PT05M` buckets,
/// which are exact, the rule keeps more than needed). Any other folder may hold rows.
///
/// The one rule for skipping time folders unlisted, here and in `kql-blob`'s listing of
/// storage-account prefixes.
///
/// ```
/// use kql_exports::time_folder_may_hold;
/// // 2026-11-15T00:00:00Z, and the query's range: that day.
/// let nov15 = 1_794_700_800_000_000_000_i64;
/// let (lo, hi) = (Some(nov15), Some(nov15 + 24 * 3_600_000_000_000));
/// assert!(time_folder_may_hold(&["c", "y=2026", "m=11", "d=17"], lo, hi)); // 48 h late
/// assert!(!time_folder_may_hold(&["c", "y=2026", "m=11", "d=18"], lo, hi));
/// assert!(time_folder_may_hold(&["c", "resourceId="], lo, hi));
/// ```
pub fn time_folder_may_hold(segments: &[&str], lo: Option<i64>, hi: Option<i64>) -> bool {
    let Some((start, end)) = folder_period(segments) else {
        return true;
    };
    arrival_hours_may_overlap(start, end, TimeRange { lo, hi })
}

/// True when a folder name can start a time run (`y=…`, `m=…`, `d=…`, `h=…`): a cheap test
/// before [`time_folder_may_hold`].
pub(crate) fn looks_like_time_folder(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() > 2 && b[1] == b'=' && matches!(b[0].to_ascii_lowercase(), b'y' | b'm' | b'd' | b'h')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::prune::FileTime;

    /// 2026-11-15T00:00:00Z (hand-computed: 20,772 days since 1970-01-01 × 86,400 s).
    const NOV15: i64 = 1_794_700_800_000_000_000;
    const DAY: i64 = 24 * HOUR_NS;

    fn keep(folder: &str, lo: Option<i64>, hi: Option<i64>) -> bool {
        let segments: Vec<&str> = folder.split('/').collect();
        time_folder_may_hold(&segments, lo, hi)
    }

    #[test]
    fn periods_of_time_folders() {
        let p = |s: &str| folder_period(&s.split('/').collect::<Vec<_>>());
        assert_eq!(
            p("c/resourceId=/X/y=2026/m=11/d=15"),
            Some((NOV15, NOV15 + DAY))
        );
        assert_eq!(
            p("c/y=2026/m=11/d=15/h=13"),
            Some((NOV15 + 13 * HOUR_NS, NOV15 + 14 * HOUR_NS))
        );
        let (start, end) = p("c/y=2026/m=12").expect("a month");
        assert_eq!(end - start, 31 * DAY);
        let (start, end) = p("c/y=2024/m=02").expect("a leap February");
        assert_eq!(end - start, 29 * DAY);
        assert!(p("c/y=2026").is_some());
        assert_eq!(p("c/resourceId="), None);
        assert_eq!(p("c/y=2026/m=13"), None);
        assert_eq!(p("c/y=2026/m=11/d=15/h=24"), None);
        assert_eq!(p("c/m=11"), None, "a month needs its year");
        assert_eq!(
            p("c/y=2026/m=11/d=15/h=13/m=00"),
            None,
            "minutes are not pruned"
        );
    }

    #[test]
    fn folders_outside_the_range_and_its_slack_are_skipped() {
        // Query: 2026-11-15 (one day).
        let (lo, hi) = (Some(NOV15), Some(NOV15 + DAY));
        assert!(keep("c/y=2026/m=11", lo, hi));
        assert!(!keep("c/y=2026/m=10", lo, hi));
        assert!(!keep("c/y=2025", lo, hi));
        assert!(keep("c/y=2026/m=11/d=15", lo, hi));
        // Up to 48 h late: the next two days' blobs may hold rows of the 15th, the third not.
        assert!(keep("c/y=2026/m=11/d=17", lo, hi));
        assert!(!keep("c/y=2026/m=11/d=18", lo, hi));
        // One hour early: the last hour of the 14th is kept, the one before is not.
        assert!(keep("c/y=2026/m=11/d=14/h=23", lo, hi));
        assert!(!keep("c/y=2026/m=11/d=14/h=22", lo, hi));
        assert!(keep("c/y=2026/m=11/d=14", lo, hi));
        assert!(!keep("c/y=2026/m=11/d=13", lo, hi));
        // Open bounds prune nothing on that side; other folders are always kept.
        assert!(keep("c/y=2020", None, hi));
        assert!(keep("c/resourceId=/SUBSCRIPTIONS", lo, hi));
    }

    /// A folder is skipped exactly when the per-file rule would prune every hour blob in it.
    #[test]
    fn no_finer_than_the_per_file_rule() {
        let ranges = [
            (Some(NOV15 + 30 * 60_000_000_000), None),
            (None, Some(NOV15 + 5 * HOUR_NS)),
            (Some(NOV15 - 3 * HOUR_NS), Some(NOV15 + 2 * HOUR_NS + 1)),
        ];
        for (lo, hi) in ranges {
            let range = TimeRange { lo, hi };
            for day in 10..=20 {
                let folder = format!("c/y=2026/m=11/d={day:02}");
                let start = NOV15 + (day - 15) * DAY;
                let any_hour =
                    (0..24).any(|h| FileTime::ArrivalHour(start + h * HOUR_NS).may_overlap(range));
                assert_eq!(keep(&folder, lo, hi), any_hour, "{folder} {range:?}");
                for h in 0..24 {
                    let hour = format!("{folder}/h={h:02}");
                    let blob = FileTime::ArrivalHour(start + h * HOUR_NS).may_overlap(range);
                    assert_eq!(keep(&hour, lo, hi), blob, "{hour} {range:?}");
                }
            }
        }
    }

    #[test]
    fn scope_tables_match_any_case() {
        let scope = ListingScope {
            tables: Some(["AmlComputeJobEvent".to_owned()].into()),
            time: (None, None),
        };
        assert!(scope.wants_table("amlcomputejobevent"));
        assert!(!scope.wants_table("AmlComputeClusterEvent"));
        assert!(ListingScope::default().wants_table("Anything"));
        assert!(ListingScope::default().is_everything());
        assert!(!scope.is_everything());
    }

    #[test]
    fn time_folder_names() {
        assert!(looks_like_time_folder("y=2024"));
        assert!(looks_like_time_folder("H=01"));
        assert!(!looks_like_time_folder("resourceId="));
        assert!(!looks_like_time_folder("y="));
    }
}
