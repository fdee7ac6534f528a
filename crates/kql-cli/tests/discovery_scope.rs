//! `kql query` lists only what its query can read: a malformed blob in an hour folder outside
//! the query's range, or in another table's container, is never opened (no warning), while a
//! query that can read it warns; a stray file there is never listed (no "ignored" warning);
//! `print 1` walks nothing; answers equal `--no-pruning`'s.

use crate::support::{SAMPLE, SAMPLE_NOW, kql, stderr, stdout};
use std::path::Path;

/// One diagnostic-settings blob of `category` for `2026-11-<day>T<hour>`, with `text`.
fn blob(root: &Path, category: &str, day: u32, hour: u32, text: &str) {
    let folder = root
        .join(format!("insights-logs-{category}"))
        .join("resourceId=/SUBSCRIPTIONS/S/RESOURCEGROUPS/G/PROVIDERS/MICROSOFT.MACHINELEARNINGSERVICES/WORKSPACES/W")
        .join(format!("y=2026/m=11/d={day:02}/h={hour:02}/m=00"));
    std::fs::create_dir_all(&folder).expect("folders");
    std::fs::write(folder.join("PT1H.json"), text).expect("a blob");
}

/// A resource-log record of `category` at `time`.
fn record(category: &str, time: &str, event: &str) -> String {
    format!(
        "{{\"time\":\"{time}\",\"resourceId\":\"/SUBSCRIPTIONS/S\",\"category\":\"{category}\",\"properties\":{{\"EventType\":\"{event}\",\"ClusterName\":\"c1\"}}}}\n"
    )
}

fn export() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let job = "amlcomputejobevent";
    blob(
        root,
        job,
        19,
        3,
        &(record("AmlComputeJobEvent", "2026-11-19T03:01:00Z", "JobFailed")
            + &record("AmlComputeJobEvent", "2026-11-19T03:02:00Z", "JobRunning")),
    );
    blob(
        root,
        job,
        18,
        5,
        &record("AmlComputeJobEvent", "2026-11-18T05:00:00Z", "JobFailed"),
    );
    // Ten days earlier: a malformed line and a stray file.
    blob(root, job, 9, 1, "{not json\n");
    std::fs::write(
        root.join("insights-logs-amlcomputejobevent/resourceId=/SUBSCRIPTIONS/S/RESOURCEGROUPS/G/PROVIDERS/MICROSOFT.MACHINELEARNINGSERVICES/WORKSPACES/W/y=2026/m=11/d=09/notes.txt"),
        "stray",
    )
    .expect("a stray file");
    // Another table: a malformed line and a stray file.
    let cluster = "amlcomputeclusterevent";
    blob(root, cluster, 19, 3, "{still not json\n");
    std::fs::write(
        root.join("insights-logs-amlcomputeclusterevent/readme.txt"),
        "stray",
    )
    .expect("a stray file");
    dir
}

fn query(data: &Path, extra: &[&str], q: &str) -> (String, String) {
    let data = data.to_str().expect("utf-8 path");
    let mut args = vec![
        "query", "--data", data, "--now", SAMPLE_NOW, "--format", "csv", "--stats",
    ];
    args.extend_from_slice(extra);
    args.push(q);
    let out = kql(&args);
    assert!(out.status.success(), "{q}: {}", stderr(&out));
    (stdout(&out), stderr(&out))
}

#[test]
fn folders_and_containers_a_query_cannot_read_are_not_listed() {
    let dir = export();
    let recent = "AmlComputeJobEvent | where TimeGenerated > datetime(2026-11-18) | summarize count() by EventType | order by EventType asc";
    let (rows, err) = query(dir.path(), &[], recent);
    // Hand-counted: the 18th's and 19th's records.
    assert_eq!(rows, "EventType,count_\nJobFailed,2\nJobRunning,1\n");
    assert!(!err.contains("malformed"), "{err}");
    assert!(
        !err.contains("ignored"),
        "nothing out of scope was listed: {err}"
    );
    assert!(err.contains("listing scope tables AmlComputeJobEvent; time folders skipped unlisted 1, table containers skipped 1"), "{err}");
    // --no-pruning lists every time folder of the table (its stray file is seen), same rows.
    let (unpruned, err) = query(dir.path(), &["--no-pruning"], recent);
    assert_eq!(unpruned, rows);
    assert!(err.contains("malformed"), "{err}");
    assert!(err.contains("notes.txt"), "{err}");
    assert!(
        !err.contains("readme.txt"),
        "other tables stay unlisted: {err}"
    );
    // A query that can read the old hour reads its malformed line.
    let (all, err) = query(dir.path(), &[], "AmlComputeJobEvent | count");
    assert_eq!(all, "Count\n3\n");
    assert!(err.contains("malformed"), "{err}");
    // A query of the other table lists its container.
    let (_, err) = query(dir.path(), &[], "AmlComputeClusterEvent | count");
    assert!(
        err.contains("malformed") && err.contains("readme.txt"),
        "{err}"
    );
}

#[test]
fn print_walks_nothing() {
    let dir = export();
    let (rows, err) = query(dir.path(), &[], "print x = 1");
    assert_eq!(rows, "x\n1\n");
    assert!(
        !err.contains("ignored") && !err.contains("malformed"),
        "{err}"
    );
    assert!(
        err.contains(
            "listing scope tables none; time folders skipped unlisted 0, table containers skipped 0"
        ),
        "{err}"
    );
}

#[test]
fn sample_answers_equal_no_pruning() {
    for q in [
        "AmlComputeJobEvent | where TimeGenerated > ago(2d) | summarize count() by EventType",
        "AmlComputeJobEvent | where TimeGenerated between (datetime(2026-11-12) .. datetime(2026-11-13)) | summarize count() by ClusterName",
        "AmlComputeJobEvent | where TimeGenerated > ago(1d) | summarize n = count() by ClusterName | join kind=inner (AmlComputeClusterEvent | summarize c = count() by ClusterName) on ClusterName",
        "union AmlComputeJobEvent, AmlComputeClusterNodeEvent | where TimeGenerated > ago(3d) | count",
    ] {
        let (scoped, _) = query(Path::new(SAMPLE), &[], q);
        let (unpruned, _) = query(Path::new(SAMPLE), &["--no-pruning"], q);
        let sorted = |t: &str| {
            let mut l: Vec<String> = t.lines().map(str::to_owned).collect();
            l.sort();
            l
        };
        assert!(scoped.lines().count() > 1, "{q}: rows");
        assert_eq!(sorted(&scoped), sorted(&unpruned), "{q}");
    }
}
