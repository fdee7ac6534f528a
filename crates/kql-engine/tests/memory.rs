//! Larger than memory: under a memory limit far below what a query's operators need, sorts and
//! summarize with many groups spill to the temp folder and still answer correctly (answers
//! computed by hand, and equal to the unlimited run over the sample export); a join whose hash
//! table does not fit is re-run as a sort-merge join, which spills, and answers correctly; every
//! join kind gives the hand-computed answer with either join algorithm, and the sample's joins
//! agree between them (two independent DataFusion operators); a query that does not fit even so
//! fails with a message naming the operator and the option.

use datafusion::arrow::record_batch::RecordBatch;
use datafusion::physical_plan::ExecutionPlan;
use futures::TryStreamExt;
use kql_engine::{
    Engine, EngineError, EngineOptions, JoinAlgorithm, MemoryOptions, SpillStats, render,
};
use std::path::PathBuf;
use std::sync::Arc;

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
    run_with_plan(engine, query).map(|(rows, spills, _)| (rows, spills))
}

/// [`run`], with the names of the join operators of the physical plan that ran.
fn run_with_plan(
    engine: &Engine,
    query: &str,
) -> Result<(Vec<String>, SpillStats, Vec<String>), EngineError> {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let planned = engine.plan(query)?;
        let (plan, stream) = engine.execute_plan(&planned).await?;
        let batches: Vec<RecordBatch> = stream.try_collect().await?;
        let csv = render::to_csv(&planned.columns, &batches, false);
        let rows = csv.lines().map(str::to_owned).collect();
        Ok((rows, kql_engine::spill_stats(&plan), join_operators(&plan)))
    })
}

/// The names of the join operators in `plan` (`HashJoinExec`, `SortMergeJoinExec`).
fn join_operators(plan: &Arc<dyn ExecutionPlan>) -> Vec<String> {
    let mut names = Vec::new();
    let mut stack = vec![Arc::clone(plan)];
    while let Some(node) = stack.pop() {
        if node.name().contains("Join") {
            names.push(node.name().to_owned());
        }
        stack.extend(node.children().into_iter().map(Arc::clone));
    }
    names
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

/// A limit below the hash table of one side of [`LARGE_JOIN`] (tens of MB), and above what the
/// merges of its sorted sides need.
const JOIN_LIMIT: usize = 32 << 20;

/// A million rows on each side, joined one to one on `x`: a hash table of one side holds more
/// than [`JOIN_LIMIT`].
const LARGE_JOIN: &str = "range x from 1 to 1000000 step 1 | extend s = strcat('left', tostring(x)) \
     | join kind=inner (range x from 1 to 1000000 step 1 | extend t = strcat('right', tostring(x))) on x";

#[test]
fn a_join_whose_hash_table_cannot_fit_is_rerun_as_a_sort_merge_join() {
    let temp = tempfile::tempdir().expect("temp dir");
    let engine = engine(Vec::new(), Some(JOIN_LIMIT), temp.path());
    // By hand: keys 1..1,000,000 match one to one, s and t carry the key's digits, so every row
    // has x == x1 and the lengths add up to 1,000,000 × (4 + 5) plus twice the digits of
    // 1..1,000,000: 9 + 180 + 2,700 + 36,000 + 450,000 + 5,400,000 + 7 = 5,888,896 digits.
    let (rows, spills, joins) = run_with_plan(
        &engine,
        &format!(
            "{LARGE_JOIN} | summarize n = count(), same = countif(x == x1), \
             chars = sum(strlen(s) + strlen(t))"
        ),
    )
    .expect("the join completes under the limit as a sort-merge join");
    assert_eq!(
        rows,
        [format!("1000000,1000000,{}", 1_000_000 * 9 + 2 * 5_888_896)]
    );
    assert_eq!(joins, ["SortMergeJoinExec"]);
    assert!(
        spills.spills > 0,
        "the sorts of its sides spilled: {spills:?}"
    );
}

#[test]
fn a_join_that_cannot_fit_even_as_a_sort_merge_join_names_the_operator_and_the_option() {
    let temp = tempfile::tempdir().expect("temp dir");
    let engine = engine(
        Vec::new(),
        Some(kql_engine::memory::MIN_MEMORY_LIMIT),
        temp.path(),
    );
    // The sorts of both sides merge their spilled runs under a few MiB.
    let error = run(
        &engine,
        &format!("{LARGE_JOIN} | summarize chars = sum(strlen(s) + strlen(t))"),
    )
    .expect_err("the join does not fit");
    let message = error.to_string();
    assert!(message.starts_with("out of memory in "), "{message}");
    assert!(
        message.contains("with the query's joins run as sort-merge joins"),
        "{message}"
    );
    assert!(message.contains("--memory-limit"), "{message}");
    assert!(message.contains("--temp-dir"), "{message}");
}

/// The left and right tables of the join-kind tests: key 1 twice on the left, key 2 twice on
/// the right, keys 3 and 4 on one side only, and a null key on each side (null matches
/// nothing).
const LEFT: &str =
    "datatable(k: long, a: string) [1, 'a', 1, 'b', 2, 'c', 3, 'd', long(null), 'n']";
const RIGHT: &str =
    "datatable(k: long, b: string) [1, 'x', 2, 'y', 2, 'z', 4, 'w', long(null), 'm']";

/// Each join kind and its rows, computed by hand from [`LEFT`] and [`RIGHT`] (Kusto's join
/// docs: output columns are the left ones then the right ones, a clashing right name gets `1`;
/// semi and anti kinds keep one side; outer joins fill the other side with nulls, `""` for
/// strings; `lookup` keeps the key once). Rows sorted as text.
const JOIN_KINDS: &[(&str, &[&str])] = &[
    // innerunique keeps one left row per key: which of 'a'/'b' is arbitrary, so only k and b.
    (
        "join kind=innerunique (RIGHT) on k | project k, b",
        &["1,x", "2,y", "2,z"],
    ),
    (
        "join kind=inner (RIGHT) on k",
        &["1,a,1,x", "1,b,1,x", "2,c,2,y", "2,c,2,z"],
    ),
    (
        "join kind=leftouter (RIGHT) on k",
        &[",n,,", "1,a,1,x", "1,b,1,x", "2,c,2,y", "2,c,2,z", "3,d,,"],
    ),
    (
        "join kind=rightouter (RIGHT) on k",
        &[",,,m", ",,4,w", "1,a,1,x", "1,b,1,x", "2,c,2,y", "2,c,2,z"],
    ),
    (
        "join kind=fullouter (RIGHT) on k",
        &[
            ",,,m", ",,4,w", ",n,,", "1,a,1,x", "1,b,1,x", "2,c,2,y", "2,c,2,z", "3,d,,",
        ],
    ),
    ("join kind=leftsemi (RIGHT) on k", &["1,a", "1,b", "2,c"]),
    ("join kind=leftanti (RIGHT) on k", &[",n", "3,d"]),
    ("join kind=rightsemi (RIGHT) on k", &["1,x", "2,y", "2,z"]),
    ("join kind=rightanti (RIGHT) on k", &[",m", "4,w"]),
    (
        "lookup (RIGHT) on k",
        &[",n,", "1,a,x", "1,b,x", "2,c,y", "2,c,z", "3,d,"],
    ),
    (
        "lookup kind=inner (RIGHT) on k",
        &["1,a,x", "1,b,x", "2,c,y", "2,c,z"],
    ),
];

#[test]
fn every_join_kind_gives_the_hand_computed_rows_with_either_join_algorithm() {
    let temp = tempfile::tempdir().expect("temp dir");
    for (algorithm, operator) in [
        (JoinAlgorithm::HashFirst, "HashJoinExec"),
        (JoinAlgorithm::SortMerge, "SortMergeJoinExec"),
    ] {
        let engine = engine(Vec::new(), None, temp.path()).with_joins(algorithm);
        for (join, expected) in JOIN_KINDS {
            let query = format!("{LEFT} | {}", join.replace("RIGHT", RIGHT));
            let (mut rows, _, joins) = run_with_plan(&engine, &query).expect(&query);
            rows.sort();
            assert_eq!(rows, *expected, "{algorithm:?}: {query}");
            assert!(
                joins.iter().any(|j| j == operator),
                "{algorithm:?} ran {joins:?}: {query}"
            );
        }
    }
}

#[test]
fn the_samples_joins_agree_between_hash_and_sort_merge_joins() {
    let temp = tempfile::tempdir().expect("temp dir");
    let data = vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/exports")];
    let hash = engine(data.clone(), None, temp.path());
    let sort_merge = engine(data, None, temp.path()).with_joins(JoinAlgorithm::SortMerge);
    // Submitted jobs against finished ones (string keys), and job events against cluster
    // events of the same minute (datetime keys), in every kind.
    let sides = [
        (
            "AmlComputeJobEvent | where EventType == 'JobSubmitted' | project JobId, submitted = TimeGenerated",
            "AmlComputeJobEvent | where EventType in ('JobSucceeded', 'JobFailed') | project JobId, finished = TimeGenerated, EventType",
            "JobId",
        ),
        (
            "AmlComputeJobEvent | project minute = bin(TimeGenerated, 1m), JobId",
            "AmlComputeClusterEvent | project minute = bin(TimeGenerated, 1m), ClusterName",
            "minute",
        ),
    ];
    let kinds = [
        "inner",
        "leftouter",
        "rightouter",
        "fullouter",
        "leftsemi",
        "leftanti",
        "rightsemi",
        "rightanti",
    ];
    for (left, right, key) in sides {
        for kind in kinds {
            let query = format!("{left} | join kind={kind} ({right}) on {key}");
            let (mut expected, _, hash_joins) = run_with_plan(&hash, &query).expect(&query);
            let (mut rows, _, joins) = run_with_plan(&sort_merge, &query).expect(&query);
            assert_eq!(hash_joins, ["HashJoinExec"], "{query}");
            assert_eq!(joins, ["SortMergeJoinExec"], "{query}");
            // Every finished job was submitted in the sample, so only right-anti may be empty.
            assert!(
                !expected.is_empty() || (kind == "rightanti" && key == "JobId"),
                "{query}"
            );
            expected.sort();
            rows.sort();
            assert_eq!(rows, expected, "{query}");
        }
    }
}
