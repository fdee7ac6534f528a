//! Pruning never changes an answer: every corpus query over the sample export gives the same rows
//! with pruning (folder time) and filters pushed into the JSON decoder, with `--no-pruning`, with
//! `--no-pushdown` and with both, and
//! the pruned run really skipped work (so the comparison cannot pass vacuously). The Parquet twin
//! the generator writes gives the same rows as the JSON export, with and without Parquet pruning.

use kql_engine::{Engine, EngineOptions, ScanOptions, render};
use std::path::PathBuf;

/// 2026-11-20T00:00:00Z, the instant the sample export was generated for.
const SAMPLE_NOW: i64 = 1_795_132_800_000_000_000;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Sorted CSV rows of `query` over the sample export, and the scans' stats.
fn run(query: &str, scan: ScanOptions) -> (Vec<String>, kql_engine::ScanStats) {
    run_on(root().join("testdata/exports"), query, scan)
}

/// The scan options of the defaults (`None`), `--no-pruning`, `--no-pushdown` and both.
fn scan(no_pruning: bool, no_pushdown: bool) -> ScanOptions {
    ScanOptions {
        no_pruning,
        no_pushdown,
        ..ScanOptions::default()
    }
}

/// Sorted CSV rows of `query` over `data`, and the scans' stats.
fn run_on(data: PathBuf, query: &str, scan: ScanOptions) -> (Vec<String>, kql_engine::ScanStats) {
    let engine = Engine::open(EngineOptions {
        data: vec![data],
        now_nanos: Some(SAMPLE_NOW),
        scan,
        ..EngineOptions::default()
    })
    .expect("the sample export opens");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let result = runtime
        .block_on(engine.query(query))
        .expect("the query runs");
    let csv = render::to_csv(&result.columns, &result.batches, false);
    let mut rows: Vec<String> = csv.lines().map(str::to_owned).collect();
    rows.sort();
    (rows, engine.stats().expect("a catalog"))
}

#[test]
fn pruned_and_unpruned_answers_are_the_same() {
    let (pruned_files, filtered_rows) = queries().iter().fold((0, 0), |(files, rows), q| {
        let (pruned, stats) = run(q, scan(false, false));
        let (unpruned, pushed) = run(q, scan(true, false));
        let (unpushed, pruned_only) = run(q, scan(false, true));
        let (plain_rows, plain) = run(q, scan(true, true));
        assert!(!pruned.is_empty(), "{q}: no rows");
        assert_eq!(pruned, unpruned, "{q} --no-pruning");
        assert_eq!(pruned, unpushed, "{q} --no-pushdown");
        assert_eq!(pruned, plain_rows, "{q} --no-pruning --no-pushdown");
        // Each switch turns off its own work only.
        assert_eq!(pushed.files_pruned, 0, "{q}");
        // The same filters drop the same records, and those of the files no longer pruned.
        assert!(pushed.rows_filtered >= stats.rows_filtered, "{q}");
        assert_eq!(pruned_only.files_pruned, stats.files_pruned, "{q}");
        assert_eq!(pruned_only.rows_filtered, 0, "{q}");
        assert_eq!((plain.files_pruned, plain.rows_filtered), (0, 0), "{q}");
        (files + stats.files_pruned, rows + stats.rows_filtered)
    });
    assert!(pruned_files > 0, "time filters prune folders");
    assert!(filtered_rows > 0, "pushed filters drop records");
}

#[test]
fn the_parquet_twin_answers_like_the_json_export() {
    use clap::Parser;
    let dir = tempfile::tempdir().expect("temp dir");
    let (export, twin) = (dir.path().join("export"), dir.path().join("parquet"));
    let args = kql_datagen::cli::Args::try_parse_from([
        "kql-datagen",
        "--out",
        export.to_str().expect("utf-8 path"),
        "--days",
        "3",
        "--parquet",
        twin.to_str().expect("utf-8 path"),
    ])
    .expect("generator flags");
    args.run()
        .expect("the generator writes an export and its twin");
    for q in queries() {
        let (json, _) = run_on(export.clone(), &q, scan(false, false));
        let (parquet, _) = run_on(twin.clone(), &q, scan(false, false));
        let (parquet_unpruned, _) = run_on(twin.clone(), &q, scan(true, false));
        let (parquet_unpushed, _) = run_on(twin.clone(), &q, scan(false, true));
        assert_eq!(json, parquet, "{q}");
        assert_eq!(parquet, parquet_unpruned, "{q} --no-pruning");
        assert_eq!(parquet, parquet_unpushed, "{q} --no-pushdown");
    }
}

/// The corpus queries and a few more that exercise every pushed filter shape.
fn queries() -> Vec<String> {
    let dir = root().join("testdata/queries");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the query corpus")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "kql"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "the five AML queries and their variants");
    let extra = [
        "AmlComputeJobEvent | summarize count() by EventType, bin(TimeGenerated, 1h)",
        "AmlComputeJobEvent | where EventType =~ \"jobfailed\" and ToolType contains \"MPI\" | count",
        "AmlComputeClusterEvent | where VmSize startswith \"standard_d\" and TargetNodeCount > 2 | count",
        "AmlComputeJobEvent | where ExecutionState in (\"Running\", \"Queued\") and ClusterName != \"x\" | count",
        // Parquet reads strings as views under these filters (and files are skipped by their
        // TimeGenerated statistics): every shape of filter it restates.
        "AmlComputeJobEvent | where ExecutionState !in (\"Running\") or not(EventType == \"JobFailed\") | count",
        "AmlComputeClusterEvent | where ClusterName != \"c\" and ClusterName !in (\"a\", \"b\") and isnotnull(TargetNodeCount) | count",
        "AmlComputeJobEvent | where TimeGenerated between (ago(3d) .. ago(2d)) and ToolType != \"\" | summarize count() by ToolType",
        "AmlComputeClusterNodeEvent | where isempty(NodeId) or NodeId == \"\" | count",
    ];
    let mut queries: Vec<String> = files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("a query"))
        .collect();
    queries.extend(extra.iter().map(|q| (*q).to_owned()));
    queries
}
