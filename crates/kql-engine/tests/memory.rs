//! Larger than memory: under a memory limit far below what a query's operators need, sorts and
//! summarize with many groups spill to the temp folder and still answer correctly (answers
//! computed by hand, and equal to the unlimited run over the sample export); a join, which cannot
//! spill, fails with a message naming the operator and the option.

use datafusion::arrow::record_batch::RecordBatch;
use futures::TryStreamExt;
use kql_engine::{Engine, EngineError, EngineOptions, MemoryOptions, SpillStats, render};
use std::path::PathBuf;

/// 2026-11-20T00:00:00Z, the instant the sample export was generated for.
const SAMPLE_NOW: i64 = 1_795_132_800_000_000_000;

/// A limit far below what the queries below hold without spilling (tens of MB).
const SMALL_LIMIT: usize = 16 << 20;

fn engine(data: Vec<PathBuf>, limit: Option<usize>, temp: &std::path::Path) -> Engine {
    Engine::open_with_memory(
        EngineOptions {
            data,
            now_nanos: Some(SAMPLE_NOW),
            target_partitions: Some(2),
            ..EngineOptions::default()
        },
        &MemoryOptions {
            limit,
            temp_dir: Some(temp.to_path_buf()),
        },
    )
    .expect("the engine opens")
}

/// The CSV rows of `query` (no header) and what it spilled.
fn run(engine: &Engine, query: &str) -> Result<(Vec<String>, SpillStats), EngineError> {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let planned = engine.plan(query)?;
        let (plan, stream) = engine.execute_plan(&planned).await?;
        let batches: Vec<RecordBatch> = stream.try_collect().await?;
        let csv = render::to_csv(&planned.columns, &batches, false);
        let rows = csv.lines().map(str::to_owned).collect();
        Ok((rows, kql_engine::spill_stats(&plan)))
    })
}

#[test]
fn a_sort_larger_than_the_limit_spills_and_answers() {
    let temp = tempfile::tempdir().expect("temp dir");
    let engine = engine(Vec::new(), Some(SMALL_LIMIT), temp.path());
    // 1,500,000 strings "r1" … "r1500000" sorted as text (a full sort: the row numbers after
    // it need every row in order). By hand: the first ones are the shortest prefixes of "r1"
    // (r1, r10, r100, …, r1000000, r1000001); the last is r999999 (no string starts with more
    // nines).
    let (rows, spills) = run(
        &engine,
        "range x from 1 to 1500000 step 1 | extend s = strcat('r', tostring(x)) \
         | sort by s asc | extend n = row_number() | where n <= 8 or n == 1500000 \
         | project n, s",
    )
    .expect("the sort completes under the limit");
    let mut rows = rows;
    rows.sort_by_key(|r| r.split(',').next().and_then(|n| n.parse::<u64>().ok()));
    assert_eq!(
        rows,
        [
            "1,r1",
            "2,r10",
            "3,r100",
            "4,r1000",
            "5,r10000",
            "6,r100000",
            "7,r1000000",
            "8,r1000001",
            "1500000,r999999"
        ]
    );
    assert!(spills.spills > 0, "the sort spilled: {spills:?}");
    assert!(spills.bytes > 0, "{spills:?}");
}

#[test]
fn a_summarize_with_many_groups_spills_and_answers() {
    let temp = tempfile::tempdir().expect("temp dir");
    let engine = engine(Vec::new(), Some(SMALL_LIMIT), temp.path());
    // 1,200,000 rows in 400,000 groups (x % 400000), 3 rows each; the group sums add up to
    // 1 + … + 1,200,000 = 720,000,600,000 (by hand: n(n+1)/2).
    let (rows, spills) = run(
        &engine,
        "range x from 1 to 1200000 step 1 | extend k = strcat('key', tostring(x % 400000)) \
         | summarize n = count(), total = sum(x) by k \
         | summarize groups = count(), minN = min(n), maxN = max(n), total = sum(total)",
    )
    .expect("the aggregation completes under the limit");
    assert_eq!(rows, ["400000,3,3,720000600000"]);
    assert!(spills.spills > 0, "the aggregation spilled: {spills:?}");
}

#[test]
fn the_sample_sorted_under_a_limit_is_the_sample_sorted_without_one() {
    let temp = tempfile::tempdir().expect("temp dir");
    let data = vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/exports")];
    let query = "AmlComputeJobEvent | sort by TimeGenerated asc, JobId asc, EventType asc \
                 | project TimeGenerated, JobId, EventType, ClusterName, properties";
    let (limited, _) = run(&engine(data.clone(), Some(SMALL_LIMIT), temp.path()), query)
        .expect("the sort completes under the limit");
    let (unlimited, _) = run(&engine(data, None, temp.path()), query).expect("the sort runs");
    assert!(limited.len() > 1000, "{} rows", limited.len());
    assert_eq!(limited.len(), unlimited.len());
    // Ties of the three keys may come in any order: compare as multisets, and the keys in order.
    let keys = |rows: &[String]| -> Vec<String> {
        rows.iter()
            .map(|r| r.splitn(4, ',').take(3).collect::<Vec<_>>().join(","))
            .collect()
    };
    assert_eq!(keys(&limited), keys(&unlimited));
    let (mut a, mut b) = (limited, unlimited);
    a.sort();
    b.sort();
    assert_eq!(a, b);
}

#[test]
fn a_join_that_cannot_fit_names_the_operator_and_the_option() {
    let temp = tempfile::tempdir().expect("temp dir");
    let engine = engine(Vec::new(), Some(SMALL_LIMIT), temp.path());
    let error = run(
        &engine,
        "range x from 1 to 3000000 step 1 | extend s = strcat('left', tostring(x)) \
         | join kind=inner (range x from 1 to 3000000 step 1 | extend t = strcat('right', tostring(x))) on x \
         | count",
    )
    .expect_err("a hash join cannot spill");
    let message = error.to_string();
    assert!(
        message.starts_with("out of memory in a join or lookup"),
        "{message}"
    );
    assert!(message.contains("--memory-limit"), "{message}");
}
