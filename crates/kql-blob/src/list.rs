//! Listing by prefix with time pruning: the prefix is walked folder by folder, and a
//! `y=YYYY`, `m=MM` (the month after `y=`), `d=DD` or `h=HH` folder whose period cannot hold a
//! row of the query's time range is skipped with everything below it, before it is listed.
//!
//! The rule is time pruning's (`kql-exports`): blob hour `H` may hold `TimeGenerated` in
//! `[lo, hi)` only if `floor_hour(lo) − 1 h ≤ H < hi + 48 h` (diagnostic-settings blobs arrive
//! up to 48 h late, or just after a rollover); a folder is kept when any hour in it passes.

use crate::BlobStore;
use crate::error::BlobError;
use futures::{StreamExt, TryStreamExt};
use object_store::path::Path;
use object_store::{ObjectMeta, ObjectStore};

const HOUR_NS: i64 = 3_600_000_000_000;
/// Folders listed at once.
const LIST_CONCURRENCY: usize = 16;

/// The query's `TimeGenerated` range `[lo, hi)` in ns since the epoch; open bounds are `None`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TimeBounds {
    /// Inclusive lower bound.
    pub lo: Option<i64>,
    /// Exclusive upper bound.
    pub hi: Option<i64>,
}

/// Lists every blob under the store's prefix, skipping time folders outside `bounds`; the
/// blobs and the number of folders skipped.
pub async fn list_blobs(
    store: &BlobStore,
    bounds: TimeBounds,
) -> Result<(Vec<ObjectMeta>, usize), BlobError> {
    let client = store.object_store();
    let prefix = store.location.prefix.trim_end_matches('/');
    let mut frontier: Vec<Option<Path>> = vec![(!prefix.is_empty()).then(|| Path::from(prefix))];
    let mut blobs = Vec::new();
    let mut pruned = 0;
    while !frontier.is_empty() {
        let listings: Vec<_> = futures::stream::iter(frontier.drain(..))
            .map(|folder| {
                let client = std::sync::Arc::clone(&client);
                async move { client.list_with_delimiter(folder.as_ref()).await }
            })
            .buffer_unordered(LIST_CONCURRENCY)
            .map_err(|e| store.error(&e))
            .try_collect()
            .await?;
        for listing in listings {
            blobs.extend(listing.objects);
            for folder in listing.common_prefixes {
                if folder_may_hold(&folder, bounds) {
                    frontier.push(Some(folder));
                } else {
                    pruned += 1;
                }
            }
        }
    }
    blobs.sort_by(|a, b| a.location.cmp(&b.location));
    Ok((blobs, pruned))
}

/// The period `[start, end)` of the innermost time folder ending `folder`, in ns, when its
/// last segments are a `y=/m=/d=/h=` run (the month `m=` right after `y=`).
fn folder_period(folder: &Path) -> Option<(i64, i64)> {
    let parts: Vec<String> = folder.parts().map(|p| p.as_ref().to_owned()).collect();
    let value = |seg: &str, key: &str, digits: usize| -> Option<u32> {
        let (k, v) = seg.split_once('=')?;
        (k.eq_ignore_ascii_case(key) && v.len() == digits && v.bytes().all(|b| b.is_ascii_digit()))
            .then(|| v.parse().ok())
            .flatten()
    };
    let civil = |y: u32, m: u32, d: u32, h: u32| {
        chrono::NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)?
            .and_hms_opt(h, 0, 0)
            .map(|t| t.and_utc().timestamp_nanos_opt())?
    };
    // The deepest run first: …/y=/m=/d=/h=, then …/y=/m=/d=, …/y=/m=, …/y=.
    const KEYS: [(&str, usize); 4] = [("y", 4), ("m", 2), ("d", 2), ("h", 2)];
    for depth in (1..=KEYS.len()).rev() {
        let Some(run) = parts.get(parts.len().saturating_sub(depth)..) else {
            continue;
        };
        if run.len() != depth {
            continue;
        }
        let Some(v) = run
            .iter()
            .zip(KEYS)
            .map(|(seg, (key, digits))| value(seg, key, digits))
            .collect::<Option<Vec<u32>>>()
        else {
            continue;
        };
        return match v[..] {
            [y, m, d, h] => civil(y, m, d, h).map(|s| (s, s + HOUR_NS)),
            [y, m, d] => civil(y, m, d, 0).map(|s| (s, s + 24 * HOUR_NS)),
            [y, m] => {
                let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                Some((civil(y, m, 1, 0)?, civil(ny, nm, 1, 0)?))
            }
            [y] => Some((civil(y, 1, 1, 0)?, civil(y + 1, 1, 1, 0)?)),
            _ => None,
        };
    }
    None
}

/// False only when no hour of the folder's period can hold a row in `bounds`.
fn folder_may_hold(folder: &Path, bounds: TimeBounds) -> bool {
    let Some((start, end)) = folder_period(folder) else {
        return true;
    };
    // Hours H in [start, end) are kept when floor_hour(lo) − 1h ≤ H < hi + 48h.
    let lo_ok = bounds
        .lo
        .is_none_or(|lo| end > lo.div_euclid(HOUR_NS) * HOUR_NS - HOUR_NS);
    let hi_ok = bounds
        .hi
        .is_none_or(|hi| start < hi.saturating_add(48 * HOUR_NS));
    lo_ok && hi_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-15T00:00:00Z.
    const NOV15: i64 = 1_794_700_800_000_000_000;
    const DAY: i64 = 24 * HOUR_NS;

    fn keep(folder: &str, lo: Option<i64>, hi: Option<i64>) -> bool {
        folder_may_hold(&Path::from(folder), TimeBounds { lo, hi })
    }

    #[test]
    fn periods_of_time_folders() {
        let p = |s: &str| folder_period(&Path::from(s));
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
        assert!(p("c/y=2026").is_some());
        assert_eq!(p("c/resourceId="), None);
        assert_eq!(p("c/y=2026/m=13"), None);
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
}
