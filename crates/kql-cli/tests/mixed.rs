//! One table from JSON and Parquet roots (issue 9): the sample's first days converted with
//! `kql convert`, plus the JSON blobs of the last days, overlapping by two arrival days, answer
//! as the JSON export alone does (with `--dedup`); without it the overlap's rows are counted
//! twice and `--stats` reports them; `kql tables` lists both layouts.
//!
//! Expected values: the answers of the JSON export alone (the reference the task names), and
//! record counts made here with serde_json over the blobs.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use crate::support::{
    SAMPLE, SAMPLE_NOW, copy_tree, corpus_queries, kql, root, sorted_csv, stderr, stdout,
};

/// The sample's tables by container.
const TABLES: [(&str, &str); 3] = [
    ("insights-logs-amlcomputejobevent", "AmlComputeJobEvent"),
    (
        "insights-logs-amlcomputeclusterevent",
        "AmlComputeClusterEvent",
    ),
    (
        "insights-logs-amlcomputeclusternodeevent",
        "AmlComputeClusterNodeEvent",
    ),
];

/// The files under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a folder").flatten() {
        if entry.file_type().expect("a type").is_dir() {
            out.extend(files_under(&entry.path()));
        } else {
            out.push(entry.path());
        }
    }
    out
}

/// The arrival day (`d=DD`) of a blob path.
fn arrival_day(path: &str) -> u32 {
    let at = path.find("/d=").expect("a d= folder") + 3;
    path[at..at + 2].parse().expect("a day")
}

/// Per table, the records of blobs whose arrival day `days` accepts, counted with serde_json;
/// also asserts that no record of the sample repeats another (so the sample has no duplicates
/// of its own).
fn records(days: impl Fn(u32) -> bool) -> BTreeMap<&'static str, u64> {
    let mut out = BTreeMap::new();
    let mut seen = HashSet::new();
    for blob in files_under(&root().join(SAMPLE)) {
        let path = blob.to_string_lossy().into_owned();
        let Some((_, table)) = TABLES.iter().find(|(c, _)| path.contains(c)) else {
            continue;
        };
        let text = std::fs::read_to_string(&blob).expect("a blob");
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let record: serde_json::Value = serde_json::from_str(line).expect("a record");
            assert!(seen.insert(record.to_string()), "a repeated record: {line}");
            if days(arrival_day(&path)) {
                *out.entry(*table).or_insert(0) += 1;
            }
        }
    }
    out
}

fn query(data: &[&Path], flags: &[&str], text: &str) -> (String, Vec<String>, String) {
    let mut args = vec!["query", "--now", SAMPLE_NOW, "--format", "csv"];
    for d in data {
        args.extend(["--data", d.to_str().expect("utf-8")]);
    }
    args.extend(flags);
    args.push(text);
    let o = kql(&args);
    assert_eq!(o.status.code(), Some(0), "{text}: {}", stderr(&o));
    let (header, rows) = sorted_csv(&stdout(&o));
    (header, rows, stderr(&o))
}

#[test]
fn a_converted_month_and_newer_json_hours_are_one_table() {
    // The sample's blobs arrive on 2026-11-10 … 19: days 10–15 converted, days 14–19 as JSON.
    let temp = tempfile::tempdir().expect("temp dir");
    let (early, late, converted) = (
        temp.path().join("early"),
        temp.path().join("late"),
        temp.path().join("converted"),
    );
    let mut held = Vec::new();
    copy_tree(
        &root().join(SAMPLE),
        &early,
        &|p| arrival_day(p) <= 15,
        &mut held,
    );
    copy_tree(
        &root().join(SAMPLE),
        &late,
        &|p| arrival_day(p) >= 14,
        &mut held,
    );
    let o = kql(&[
        "convert",
        "--data",
        early.to_str().expect("utf-8"),
        "--out",
        converted.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    let all = records(|_| true);
    let overlap = records(|d| (14..=15).contains(&d));
    let sample = root().join(SAMPLE);
    let both = [converted.as_path(), late.as_path()];

    // Without --dedup the overlap's rows are there twice, and --stats counts them.
    let count = "union AmlComputeJobEvent, AmlComputeClusterEvent, AmlComputeClusterNodeEvent \
                 | summarize n = count() by Type";
    let expected = |extra: &BTreeMap<&str, u64>| -> Vec<String> {
        let mut rows: Vec<String> = all
            .iter()
            .map(|(t, n)| format!("{t},{}", n + extra.get(t).copied().unwrap_or(0)))
            .collect();
        rows.sort();
        rows
    };
    let twice: u64 = overlap.values().sum();
    assert!(
        twice > 100,
        "the overlap holds rows of every table: {overlap:?}"
    );
    let (_, rows, err) = query(&both, &["--stats"], count);
    assert_eq!(rows, expected(&overlap));
    assert!(
        err.contains(&format!("stats: duplicate records {twice} ")),
        "{err}"
    );
    let (_, rows, err) = query(&both, &["--stats", "--dedup"], count);
    assert_eq!(rows, expected(&BTreeMap::new()));
    assert!(
        err.contains(&format!("stats: duplicate records {twice} ")),
        "{err}"
    );
    let (_, rows, _) = query(&both, &[], count);
    assert_eq!(rows, expected(&overlap), "no --stats: the same rows");

    // With --dedup, every query answers as the JSON export alone: the corpus, summaries, time
    // filters on the Parquet days only, the overlap, the JSON days only and across them.
    let mut queries = corpus_queries();
    queries.extend(
        [
            "AmlComputeJobEvent | getschema",
            "AmlComputeJobEvent | where TimeGenerated between (datetime(2026-11-11) .. datetime(2026-11-12T06:00:00Z)) | summarize n = count() by EventType",
            "AmlComputeJobEvent | where TimeGenerated >= datetime(2026-11-14T03:00:00Z) and TimeGenerated < datetime(2026-11-15T21:00:00Z) | summarize n = count(), first = min(TimeGenerated), last = max(TimeGenerated) by bin(TimeGenerated, 6h)",
            "AmlComputeClusterEvent | where TimeGenerated > ago(2d) | summarize nodes = max(TargetNodeCount) by ClusterName",
            "AmlComputeClusterEvent | where TimeGenerated between (datetime(2026-11-13) .. datetime(2026-11-17)) | summarize n = count(), nodes = sum(TargetNodeCount) by bin(TimeGenerated, 1d), _ResourceId",
            "AmlComputeJobEvent | extend tool = tostring(properties.ToolType) | summarize count() by tool, EventType",
            "AmlComputeClusterNodeEvent | project TimeGenerated, NodeId, NodeAllocationTime, properties",
            "AmlComputeJobEvent | top 5 by TimeGenerated desc | project TimeGenerated, JobName, EventType",
            "AmlComputeJobEvent | where TimeGenerated < datetime(2026-11-11) | top 3 by TimeGenerated asc | project TimeGenerated, JobName, EventType",
        ]
        .map(str::to_owned),
    );
    for q in &queries {
        let (json_header, json_rows, _) = query(&[&sample], &[], q);
        let (header, rows, _) = query(&both, &["--dedup"], q);
        assert!(!json_rows.is_empty(), "{q}: no rows");
        assert_eq!(header, json_header, "{q}");
        assert_eq!(rows, json_rows, "{q}");
    }

    // `kql tables` lists both layouts of the table.
    let late_jobs = files_under(&late.join("insights-logs-amlcomputejobevent")).len();
    let parquet_jobs = std::fs::read_dir(converted.join("AmlComputeJobEvent"))
        .expect("converted jobs")
        .count();
    let o = kql(&[
        "tables",
        "--data",
        converted.to_str().expect("utf-8"),
        "--data",
        late.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let jobs = out
        .split("\nAmlComputeJobEvent\t")
        .nth(1)
        .and_then(|s| s.lines().find(|l| l.trim_start().starts_with("layouts:")))
        .unwrap_or_else(|| panic!("no layouts line for AmlComputeJobEvent: {out}"));
    assert!(
        jobs.contains(&format!("diagnostic settings ({late_jobs} files"))
            && jobs.contains(&format!("Parquet files ({parquet_jobs} files")),
        "{jobs}"
    );
}
