//! The `TimeGenerated` range of a planned query, before any data is listed (what `--data
//! az://…` prunes blob folders with). Expected ranges are hand-computed from the queries'
//! filters: `>` excludes its bound, `between` includes both ends, and a table read without a
//! time filter opens the range.

use kql_engine::time_bounds::query_time_bounds;
use kql_engine::{Engine, EngineOptions};

/// 2026-11-20T00:00:00Z in ns.
const NOW: i64 = 1_795_132_800_000_000_000;
const DAY: i64 = 86_400_000_000_000;

fn bounds(query: &str) -> (Option<i64>, Option<i64>) {
    let engine = Engine::open(EngineOptions {
        data: Vec::new(),
        now_nanos: Some(NOW),
        ..EngineOptions::default()
    })
    .expect("an engine without data");
    let planned = engine.plan(query).expect("the query plans");
    query_time_bounds(&engine, &planned)
}

#[test]
fn a_filter_on_time_generated_bounds_the_query() {
    // ago(1d) = 2026-11-19T00:00:00Z; `>` starts one nanosecond later.
    assert_eq!(
        bounds("AmlComputeJobEvent | where TimeGenerated > ago(1d) | count"),
        (Some(NOW - DAY + 1), None)
    );
    // between includes its upper end: the range ends one nanosecond after it.
    assert_eq!(
        bounds(
            "AmlComputeJobEvent | where TimeGenerated between (datetime(2026-11-10) .. \
             datetime(2026-11-12)) and EventType == 'JobFailed'"
        ),
        (Some(NOW - 10 * DAY), Some(NOW - 8 * DAY + 1))
    );
}

#[test]
fn the_range_is_the_union_over_tables_and_open_where_any_table_is() {
    assert_eq!(
        bounds(
            "union (AmlComputeJobEvent | where TimeGenerated >= datetime(2026-11-18)), \
             (AmlComputeClusterEvent | where TimeGenerated >= datetime(2026-11-15) \
             and TimeGenerated < datetime(2026-11-16))"
        ),
        (Some(NOW - 5 * DAY), None)
    );
    assert_eq!(
        bounds(
            "union (AmlComputeJobEvent | where TimeGenerated >= datetime(2026-11-18)), \
             AmlComputeClusterEvent"
        ),
        (None, None)
    );
    assert_eq!(bounds("AmlComputeJobEvent | take 5"), (None, None));
    // A filter on another column bounds nothing.
    assert_eq!(
        bounds("AmlComputeJobEvent | where EventType == 'JobFailed'"),
        (None, None)
    );
}
