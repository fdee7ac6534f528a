//! The `TimeGenerated` range a planned query can read, before any data is listed: what lets
//! `--data az://…` skip whole `y=/m=/d=/h=` prefixes of a storage account.
//!
//! The optimised plan is walked; each table scan's range is the one its filters imply (those
//! DataFusion pushed into the scan and the `Filter`s directly above it, read by
//! [`kql_exports::filters_time_bounds`]); the query's range is the union over all scans, open
//! on a side where any scan is. A scan reached only through a subquery expression, which the
//! walk does not follow, makes the range open, as does planning that failed.

use crate::engine::Engine;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::logical_expr::utils::split_conjunction_owned;
use datafusion::logical_expr::{Expr, LogicalPlan};
use kql_planner::PlannedQuery;

/// `[lo, hi)` in ns since the epoch; `None` bounds are open.
pub type TimeBounds = (Option<i64>, Option<i64>);

/// The range of `TimeGenerated` values the query's scans can use (see the module doc).
pub fn query_time_bounds(engine: &Engine, planned: &PlannedQuery) -> TimeBounds {
    let Ok(plan) = engine.optimize(planned) else {
        return (None, None);
    };
    let mut scans = Vec::new();
    collect_scan_bounds(&plan, &[], &mut scans);
    let mut all_scans = 0;
    let counted = plan.apply_with_subqueries(|node| {
        if matches!(node, LogicalPlan::TableScan(_)) {
            all_scans += 1;
        }
        Ok(TreeNodeRecursion::Continue)
    });
    if counted.is_err() || all_scans != scans.len() || scans.is_empty() {
        return (None, None);
    }
    let lo = scans.iter().map(|b| b.0).collect::<Option<Vec<i64>>>();
    let hi = scans.iter().map(|b| b.1).collect::<Option<Vec<i64>>>();
    (
        lo.and_then(|v| v.into_iter().min()),
        hi.and_then(|v| v.into_iter().max()),
    )
}

/// Each table scan's bounds, from its own filters and the `Filter`s right above it.
fn collect_scan_bounds(plan: &LogicalPlan, above: &[Expr], out: &mut Vec<TimeBounds>) {
    match plan {
        LogicalPlan::TableScan(scan) => {
            let mut filters = above.to_vec();
            filters.extend(scan.filters.iter().cloned());
            out.push(kql_exports::filters_time_bounds(&filters));
        }
        LogicalPlan::Filter(filter) => {
            let mut filters = above.to_vec();
            filters.extend(split_conjunction_owned(filter.predicate.clone()));
            collect_scan_bounds(&filter.input, &filters, out);
        }
        other => {
            for input in other.inputs() {
                collect_scan_bounds(input, &[], out);
            }
        }
    }
}
