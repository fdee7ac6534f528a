//! Schema drift: the generator's `--drift` fixture (`testdata/layouts/schema-drift`, made by the
//! command in `testdata/layouts/README.md`) answers every check of its oracle's `drift.json`
//! (counted by the generator from the values it wrote) and the five target queries as its
//! oracle's `expected/q*.csv`; no row is lost, the malformed lines the manifest lists are the
//! lines skipped, and no value fails its conversion.

use datafusion::arrow::record_batch::RecordBatch;
use futures::TryStreamExt;
use kql_engine::{Engine, EngineOptions, render};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// 2026-11-20T00:00:00Z, the fixture's `--now`.
const NOW: i64 = 1_795_132_800_000_000_000;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The CSV of `query` (header first, then the rows sorted as text).
fn csv(engine: &Engine, query: &str) -> Vec<String> {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let text = runtime
        .block_on(async {
            let planned = engine.plan(query)?;
            let batches: Vec<RecordBatch> = engine.execute(&planned).await?.try_collect().await?;
            Ok::<_, kql_engine::EngineError>(render::to_csv(&planned.columns, &batches, true))
        })
        .unwrap_or_else(|e| panic!("{query}: {e}"));
    sorted_csv(&text)
}

/// `text`'s header, then its other lines sorted.
fn sorted_csv(text: &str) -> Vec<String> {
    let mut lines = text.lines().map(str::to_owned);
    let header = lines.next().unwrap_or_default();
    let mut rows: Vec<String> = lines.collect();
    rows.sort();
    std::iter::once(header).chain(rows).collect()
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("oracle file")).expect("JSON")
}

#[test]
fn the_drift_fixture_answers_like_its_oracle_without_losing_rows() {
    let oracle = repo().join("testdata/oracle/schema-drift");
    let engine = Engine::open(EngineOptions {
        data: vec![repo().join("testdata/layouts/schema-drift")],
        now_nanos: Some(NOW),
        ..EngineOptions::default()
    })
    .expect("the fixture opens");
    let checks = json(&oracle.join("drift.json"));
    let checks = checks["checks"].as_array().expect("a list of checks");
    assert!(checks.len() >= 10, "{} checks", checks.len());
    for check in checks {
        let query = check["query"].as_str().expect("query");
        let expected: Vec<String> = check["expected"]
            .as_array()
            .expect("expected lines")
            .iter()
            .map(|l| l.as_str().expect("a line").to_owned())
            .collect();
        assert_eq!(csv(&engine, query), expected, "{}: {query}", check["name"]);
    }
    // The five target queries: the drift touches none of the values they read.
    for (file, answer) in [
        ("q1_failed_jobs.kql", "q1.csv"),
        ("q2_job_by_name.kql", "q2.csv"),
        ("q3_d1_v2_clusters.kql", "q3.csv"),
        ("q4_allocated_nodes.kql", "q4.csv"),
        ("q5_nodes_by_workspace.kql", "q5.csv"),
    ] {
        let query = std::fs::read_to_string(repo().join("testdata/queries").join(file))
            .expect("corpus query");
        let expected =
            std::fs::read_to_string(oracle.join("expected").join(answer)).expect("expected answer");
        let expected = sorted_csv(&expected);
        assert!(expected.len() > 1, "{answer} has rows");
        assert_eq!(csv(&engine, &query), expected, "{file}");
    }
    // Skips are the malformed lines the generator wrote, counted once when each table is read
    // once (a fresh engine: the report sums every scan); no value failed its conversion.
    let malformed = json(&oracle.join("manifest.json"))["anomalies"]
        .as_array()
        .expect("anomalies")
        .iter()
        .filter(|a| a["kind"] == "malformed_line")
        .count() as u64;
    assert!(malformed > 0, "the fixture has malformed lines");
    let engine = Engine::open(EngineOptions {
        data: vec![repo().join("testdata/layouts/schema-drift")],
        now_nanos: Some(NOW),
        ..EngineOptions::default()
    })
    .expect("the fixture opens");
    csv(
        &engine,
        "union AmlComputeClusterEvent, AmlComputeJobEvent, AmlComputeClusterNodeEvent \
         | summarize sum(CoreCount), max(NodeAllocationTime), count()",
    );
    let report = engine.report().expect("a report");
    assert_eq!(report.skipped_lines, malformed, "{report:?}");
    assert_eq!(report.failed_conversions, 0, "{report:?}");
    assert_eq!(report.truncated_tails, 0, "{report:?}");
}
