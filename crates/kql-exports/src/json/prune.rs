//! Time pruning: `TimeGenerated` filters → a `[lo, hi)` range → which files a scan may skip.
//!
//! §6 of `azure-exports.md`: diagnostic folders are **arrival** hours (records up to 48 h older,
//! or from just before the rollover), so blob hour `H` may hold `TimeGenerated ∈ [lo, hi)` only if
//! `floor_hour(lo) − 1h ≤ H < hi + 48h`; workspace-export `PT05M` folders are `TimeGenerated`
//! buckets, pruned exactly; plain files carry no time and are never pruned. The provider answers
//! `Inexact` for the filters it understands, so DataFusion still applies them to every row: a
//! pruned scan returns exactly the rows of an unpruned one.

use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Between, BinaryExpr, Expr, Operator};

/// One hour in nanoseconds.
pub(crate) const HOUR_NS: i64 = 3_600_000_000_000;
/// One minute in nanoseconds.
pub(crate) const MINUTE_NS: i64 = 60_000_000_000;
/// Diagnostic slack before the blob hour: a record written just before a rollover can land in
/// the next hour's blob (§6 default, 1 h).
pub const DIAGNOSTIC_EARLY_SLACK_NS: i64 = HOUR_NS;
/// Diagnostic slack after the blob hour: stale uploaders deliver records up to 48 h late (§2.1,
/// §6 default).
pub const DIAGNOSTIC_LATE_SLACK_NS: i64 = 48 * HOUR_NS;

/// The column whose filters prune files.
pub(crate) const TIME_COLUMN: &str = "TimeGenerated";

/// What a file's path says about the `TimeGenerated` of its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileTime {
    /// Nothing (plain files, blobs outside the `y=/m=/d=/h=/m=` grammar): never pruned.
    Unknown,
    /// A diagnostic-settings (or legacy hourly export) blob of the arrival hour starting here.
    ArrivalHour(i64),
    /// A workspace-export bucket: rows have `start ≤ TimeGenerated < start + len`.
    Bucket {
        /// Bucket start, ns since the epoch.
        start: i64,
        /// Bucket length, ns.
        len: i64,
    },
}

/// A half-open `TimeGenerated` range `[lo, hi)`; `None` bounds are open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct TimeRange {
    /// Inclusive lower bound, ns.
    pub(crate) lo: Option<i64>,
    /// Exclusive upper bound, ns.
    pub(crate) hi: Option<i64>,
}

impl TimeRange {
    fn intersect(self, other: TimeRange) -> TimeRange {
        TimeRange {
            lo: match (self.lo, other.lo) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            },
            hi: match (self.hi, other.hi) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
        }
    }

    /// True when the range constrains nothing.
    pub(crate) fn is_unbounded(&self) -> bool {
        self.lo.is_none() && self.hi.is_none()
    }
}

impl FileTime {
    /// False only when no row of the file can fall in `range`.
    pub(crate) fn may_overlap(&self, range: TimeRange) -> bool {
        match *self {
            FileTime::Unknown => true,
            FileTime::ArrivalHour(h) => {
                arrival_hours_may_overlap(h, h.saturating_add(HOUR_NS), range)
            }
            FileTime::Bucket { start, len } => {
                range.lo.is_none_or(|lo| start.saturating_add(len) > lo)
                    && range.hi.is_none_or(|hi| start < hi)
            }
        }
    }
}

/// False only when no arrival hour `H` in `[start, end)` (hour-aligned, ns) satisfies
/// `floor_hour(lo) − 1h ≤ H < hi + 48h`: the rule for one diagnostic blob (`end = start + 1h`)
/// and for a whole `y=`/`m=`/`d=`/`h=` folder of them (discovery's and `kql-blob`'s listing).
pub(crate) fn arrival_hours_may_overlap(start: i64, end: i64, range: TimeRange) -> bool {
    let last = end.saturating_sub(HOUR_NS);
    let lo_ok = range
        .lo
        .is_none_or(|lo| last >= floor_hour(lo).saturating_sub(DIAGNOSTIC_EARLY_SLACK_NS));
    let hi_ok = range
        .hi
        .is_none_or(|hi| start < hi.saturating_add(DIAGNOSTIC_LATE_SLACK_NS));
    lo_ok && hi_ok
}

fn floor_hour(t: i64) -> i64 {
    t.div_euclid(HOUR_NS) * HOUR_NS
}

/// The instant of a timestamp literal, in ns (any unit, any time zone: values are UTC-based).
fn literal_ns(e: &Expr) -> Option<i64> {
    let Expr::Literal(v, _) = e else {
        return None;
    };
    match v {
        ScalarValue::TimestampNanosecond(Some(v), _) => Some(*v),
        ScalarValue::TimestampMicrosecond(Some(v), _) => v.checked_mul(1_000),
        ScalarValue::TimestampMillisecond(Some(v), _) => v.checked_mul(1_000_000),
        ScalarValue::TimestampSecond(Some(v), _) => v.checked_mul(1_000_000_000),
        _ => None,
    }
}

fn is_time_column(e: &Expr) -> bool {
    matches!(e, Expr::Column(c) if c.name == TIME_COLUMN)
}

/// The range a filter implies, if it is a comparison of `TimeGenerated` with a timestamp literal
/// (`>`, `>=`, `<`, `<=`, `==`, `between`) or a conjunction of such; `None` otherwise.
pub(crate) fn filter_time_range(expr: &Expr) -> Option<TimeRange> {
    match expr {
        Expr::BinaryExpr(BinaryExpr { left, op, right }) => {
            if *op == Operator::And {
                return Some(filter_time_range(left)?.intersect(filter_time_range(right)?));
            }
            let (v, op) = if is_time_column(left) {
                (literal_ns(right)?, *op)
            } else if is_time_column(right) {
                (literal_ns(left)?, op.swap()?)
            } else {
                return None;
            };
            let r = match op {
                Operator::Gt => TimeRange {
                    lo: Some(v.saturating_add(1)),
                    hi: None,
                },
                Operator::GtEq => TimeRange {
                    lo: Some(v),
                    hi: None,
                },
                Operator::Lt => TimeRange {
                    lo: None,
                    hi: Some(v),
                },
                Operator::LtEq => TimeRange {
                    lo: None,
                    hi: Some(v.saturating_add(1)),
                },
                Operator::Eq => TimeRange {
                    lo: Some(v),
                    hi: Some(v.saturating_add(1)),
                },
                _ => return None,
            };
            Some(r)
        }
        Expr::Between(Between {
            expr,
            negated: false,
            low,
            high,
        }) if is_time_column(expr) => Some(TimeRange {
            lo: Some(literal_ns(low)?),
            hi: Some(literal_ns(high)?.saturating_add(1)),
        }),
        _ => None,
    }
}

/// The range all `filters` imply together (filters the provider does not understand are ignored:
/// they only make the true result smaller).
pub(crate) fn filters_time_range(filters: &[Expr]) -> TimeRange {
    filters
        .iter()
        .filter_map(filter_time_range)
        .fold(TimeRange::default(), TimeRange::intersect)
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::common::Column;
    use datafusion::logical_expr::lit;

    fn t(ns: i64) -> Expr {
        lit(ScalarValue::TimestampNanosecond(
            Some(ns),
            Some("UTC".into()),
        ))
    }

    fn tg() -> Expr {
        Expr::Column(Column::from_name(TIME_COLUMN))
    }

    #[test]
    fn comparisons_and_conjunctions() {
        let h = HOUR_NS;
        assert_eq!(
            filter_time_range(&tg().gt(t(10 * h))),
            Some(TimeRange {
                lo: Some(10 * h + 1),
                hi: None
            })
        );
        assert_eq!(
            filter_time_range(&t(10 * h).gt(tg())),
            Some(TimeRange {
                lo: None,
                hi: Some(10 * h)
            })
        );
        let both = tg().gt_eq(t(10 * h)).and(tg().lt_eq(t(12 * h)));
        assert_eq!(
            filter_time_range(&both),
            Some(TimeRange {
                lo: Some(10 * h),
                hi: Some(12 * h + 1)
            })
        );
        assert_eq!(
            filter_time_range(&tg().between(t(h), t(2 * h))),
            Some(TimeRange {
                lo: Some(h),
                hi: Some(2 * h + 1)
            })
        );
        // Not understood: other columns, `or`, non-literals, lower-cased names.
        let other = Expr::Column(Column::from_name("timegenerated")).gt(t(h));
        assert_eq!(filter_time_range(&other), None);
        assert_eq!(filter_time_range(&tg().gt(t(h)).or(tg().lt(t(0)))), None);
        assert_eq!(filter_time_range(&tg().gt(lit(5i64))), None);
        assert_eq!(
            filter_time_range(
                &tg()
                    .gt(t(h))
                    .and(Expr::Column(Column::from_name("X")).gt(lit(1)))
            ),
            None
        );
        assert_eq!(
            filters_time_range(&[tg().gt(t(h)), tg().lt(t(3 * h))]),
            TimeRange {
                lo: Some(h + 1),
                hi: Some(3 * h)
            }
        );
    }

    #[test]
    fn diagnostic_slack() {
        let h = HOUR_NS;
        // TimeGenerated > 10:30 → blobs from hour 9 on (floor 10:00 minus 1 h).
        let r = TimeRange {
            lo: Some(10 * h + 30 * MINUTE_NS),
            hi: None,
        };
        assert!(!FileTime::ArrivalHour(8 * h).may_overlap(r));
        assert!(FileTime::ArrivalHour(9 * h).may_overlap(r));
        // TimeGenerated < 10:00 → blobs up to hour 57 (48 h of late arrivals).
        let r = TimeRange {
            lo: None,
            hi: Some(10 * h),
        };
        assert!(FileTime::ArrivalHour(57 * h).may_overlap(r));
        assert!(!FileTime::ArrivalHour(58 * h).may_overlap(r));
        assert!(FileTime::Unknown.may_overlap(r));
    }

    #[test]
    fn export_buckets_are_exact() {
        let b = FileTime::Bucket {
            start: 10 * MINUTE_NS,
            len: 5 * MINUTE_NS,
        };
        let at = |lo: i64, hi: i64| TimeRange {
            lo: Some(lo * MINUTE_NS),
            hi: Some(hi * MINUTE_NS),
        };
        assert!(b.may_overlap(at(14, 20)));
        assert!(!b.may_overlap(at(15, 20)));
        assert!(!b.may_overlap(at(0, 10)));
        assert!(b.may_overlap(at(0, 11)));
    }
}
