//! A scoped discovery answers like a full one: every query gives the same rows when the engine
//! opens with its [`listing_scope`] (with and without time pruning) as when it opens with
//! everything listed, over the sample export, the workspace-export layout sample, a generated
//! export and a hand-written one with a custom table; and the scoped runs really left
//! containers and time folders unwalked (so the comparison cannot pass vacuously).

use kql_engine::listing_scope::listing_scope;
use kql_engine::render;
use kql_engine::{Engine, EngineOptions, ListingScope, ListingStats, MemoryOptions, ScanOptions};
use std::path::{Path, PathBuf};

/// 2026-11-20T00:00:00Z, the instant the sample export was generated for.
const SAMPLE_NOW: i64 = 1_795_132_800_000_000_000;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Sorted CSV rows of `query` over `data` opened with `scope`, and what the listing skipped.
fn run(
    data: &Path,
    query: &str,
    scope: &ListingScope,
    no_pruning: bool,
) -> (Vec<String>, ListingStats) {
    let engine = Engine::open_scoped(
        EngineOptions {
            data: vec![data.to_path_buf()],
            now_nanos: Some(SAMPLE_NOW),
            scan: ScanOptions {
                no_pruning,
                ..ScanOptions::default()
            },
            ..EngineOptions::default()
        },
        &MemoryOptions::default(),
        scope,
    )
    .expect("the export opens");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let result = runtime
        .block_on(engine.query(query))
        .unwrap_or_else(|e| panic!("{query}: {e}"));
    let csv = render::to_csv(&result.columns, &result.batches, false);
    let mut rows: Vec<String> = csv.lines().map(str::to_owned).collect();
    rows.sort();
    (rows, engine.listing_stats().unwrap_or_default())
}

/// Checks every query over `data` (each must return rows when `rows` is set); the total of what
/// the scoped runs skipped.
fn same_answers(data: &Path, queries: &[&str], rows: bool) -> ListingStats {
    let mut skipped = ListingStats::default();
    for q in queries {
        let scope = listing_scope(q, &[], Some(SAMPLE_NOW));
        let (full, none) = run(data, q, &ListingScope::default(), false);
        assert_eq!(
            none,
            ListingStats::default(),
            "{q}: full discovery skips nothing"
        );
        let (scoped, s) = run(data, q, &scope, false);
        let (unpruned, u) = run(data, q, &scope, true);
        assert!(
            !rows || full.len() > 1,
            "{q}: rows expected over {}",
            data.display()
        );
        assert_eq!(scoped, full, "{q} over {}", data.display());
        assert_eq!(unpruned, full, "{q} over {} (--no-pruning)", data.display());
        assert_eq!(
            u.time_folders_skipped, 0,
            "{q}: --no-pruning lists every time folder"
        );
        skipped.time_folders_skipped += s.time_folders_skipped;
        skipped.containers_skipped += s.containers_skipped;
    }
    skipped
}

/// Queries over the AML tables: ago(), between, datetime literals, no time filter, a join and a
/// union of two tables, and a sub-query evaluated while planning.
const AML_QUERIES: &[&str] = &[
    "AmlComputeJobEvent | where TimeGenerated > ago(2d) | summarize count() by EventType",
    "AmlComputeJobEvent | where TimeGenerated between (datetime(2026-11-12) .. datetime(2026-11-13T06:00:00Z)) | summarize count() by bin(TimeGenerated, 1h)",
    "AmlComputeJobEvent | where TimeGenerated >= datetime(2026-11-18) and TimeGenerated < datetime(2026-11-19) | project TimeGenerated, JobName, EventType",
    "AmlComputeJobEvent | where TimeGenerated < datetime(2026-11-12) | summarize count() by EventType",
    "AmlComputeClusterEvent | summarize count() by ClusterName",
    "AmlComputeJobEvent | where TimeGenerated > ago(1d) | summarize n = count() by ClusterName | join kind=inner (AmlComputeClusterEvent | where TimeGenerated > ago(3d) | summarize c = count() by ClusterName) on ClusterName",
    "union (AmlComputeJobEvent | where TimeGenerated > ago(1d)), (AmlComputeClusterEvent | where TimeGenerated > ago(4d)) | summarize count() by ClusterName",
    "let last = toscalar(AmlComputeJobEvent | summarize max(TimeGenerated)); AmlComputeJobEvent | where TimeGenerated > last - 6h | summarize count() by EventType",
    "print 1 | extend k = 2 | union (print x = 3)",
];

#[test]
fn the_sample_export_answers_alike() {
    let skipped = same_answers(&root().join("testdata/exports"), AML_QUERIES, true);
    assert!(
        skipped.time_folders_skipped > 0,
        "time folders were skipped"
    );
    assert!(skipped.containers_skipped > 0, "other tables were skipped");
}

#[test]
fn workspace_export_buckets_answer_alike() {
    let skipped = same_answers(
        &root().join("testdata/layouts/workspace-export"),
        &[
            "AmlComputeJobEvent | where TimeGenerated >= datetime(2026-11-19T09:00:00Z) | summarize count() by EventType",
            "AmlComputeJobEvent | where TimeGenerated between (datetime(2026-11-18T01:00:00Z) .. datetime(2026-11-18T01:50:00Z)) | project TimeGenerated, JobName",
            "AmlComputeJobEvent | summarize count() by bin(TimeGenerated, 1h)",
        ],
        true,
    );
    assert!(
        skipped.time_folders_skipped > 0,
        "time folders were skipped"
    );
}

#[test]
fn a_generated_export_answers_alike() {
    use clap::Parser;
    let dir = tempfile::tempdir().expect("temp dir");
    let export = dir.path().join("export");
    kql_datagen::cli::Args::try_parse_from([
        "kql-datagen",
        "--out",
        export.to_str().expect("utf-8 path"),
        "--days",
        "3",
    ])
    .expect("generator flags")
    .run()
    .expect("the generator writes an export");
    let skipped = same_answers(&export, AML_QUERIES, false);
    assert!(
        skipped.time_folders_skipped > 0,
        "time folders were skipped"
    );
}

/// One workspace-export row of `table` at `time`.
fn row(table: &str, time: &str, extra: &str) -> String {
    format!("{{\"TimeGenerated\":\"{time}\",\"Type\":\"{table}\",{extra}}}\n")
}

#[test]
fn a_custom_table_is_listed_and_answers_alike() {
    let dir = tempfile::tempdir().expect("temp dir");
    let hour = |container: &str, day: &str, file: &str, text: &str| {
        let folder = dir
            .path()
            .join(container)
            .join("WorkspaceResourceId=/subscriptions/s/y=2026/m=11")
            .join(format!("d={day}/h=02/m=00"));
        std::fs::create_dir_all(&folder).expect("folders");
        std::fs::write(folder.join(file), text).expect("a blob");
    };
    hour(
        "am-mycustom_cl",
        "10",
        "PT05M.json",
        &row("MyCustom_CL", "2026-11-10T02:01:00Z", "\"Host\":\"a\""),
    );
    hour(
        "am-mycustom_cl",
        "19",
        "PT05M.json",
        &(row("MyCustom_CL", "2026-11-19T02:01:00Z", "\"Host\":\"a\"")
            + &row("MyCustom_CL", "2026-11-19T02:02:00Z", "\"Host\":\"b\"")),
    );
    hour(
        "am-amlcomputejobevent",
        "19",
        "PT05M.json",
        &(row(
            "AmlComputeJobEvent",
            "2026-11-19T02:03:00Z",
            "\"ClusterName\":\"a\",\"EventType\":\"JobFailed\"",
        ) + &row(
            "AmlComputeJobEvent",
            "2026-11-19T02:04:00Z",
            "\"ClusterName\":\"b\",\"EventType\":\"JobRunning\"",
        )),
    );
    hour(
        "am-amlcomputejobevent",
        "10",
        "PT05M.json",
        &row(
            "AmlComputeJobEvent",
            "2026-11-10T02:03:00Z",
            "\"ClusterName\":\"a\",\"EventType\":\"JobFailed\"",
        ),
    );
    let data = dir.path();
    let queries = [
        "MyCustom_CL | where TimeGenerated > datetime(2026-11-18) | project Host",
        "MyCustom_CL | where TimeGenerated > datetime(2026-11-18) | join kind=inner (AmlComputeJobEvent | where TimeGenerated > datetime(2026-11-18)) on $left.Host == $right.ClusterName | project Host, EventType",
        "AmlComputeJobEvent | where TimeGenerated > datetime(2026-11-18) | project ClusterName, EventType",
    ];
    same_answers(data, &queries, true);
    // The custom table is named only by its rows: the scope is everything.
    assert!(listing_scope(queries[0], &[], Some(SAMPLE_NOW)).is_everything());
    // Hand-counted answers: the 19th's rows only.
    let scope = listing_scope(queries[2], &[], Some(SAMPLE_NOW));
    let (rows, skipped) = run(data, queries[2], &scope, false);
    assert_eq!(rows, ["a,JobFailed", "b,JobRunning"]);
    assert_eq!(
        skipped.containers_skipped, 0,
        "am-mycustom_cl is named by its rows"
    );
    assert_eq!(
        skipped.time_folders_skipped, 1,
        "d=10 of am-amlcomputejobevent"
    );
    let (rows, _) = run(data, queries[1], &ListingScope::default(), false);
    assert_eq!(rows, ["a,JobFailed", "b,JobRunning"]);
}

#[test]
fn a_table_whose_files_all_lie_outside_the_range_is_empty_not_missing() {
    let q = "AmlComputeJobEvent | where TimeGenerated > datetime(2030-01-01) | summarize count()";
    let scope = listing_scope(q, &[], Some(SAMPLE_NOW));
    let data = root().join("testdata/exports");
    let (rows, skipped) = run(&data, q, &scope, false);
    assert_eq!(rows, ["0"]);
    assert!(skipped.time_folders_skipped > 0);
    assert_eq!(rows, run(&data, q, &ListingScope::default(), false).0);
}
