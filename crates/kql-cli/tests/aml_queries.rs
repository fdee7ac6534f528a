//! The five Azure ML monitoring queries, unmodified, over the sample export. Expected results
//! come from the data generator's own simulation (`testdata/oracle/exports/expected/`), computed
//! without kqlake.

use crate::support::{ORACLE, SAMPLE, SAMPLE_NOW, corpus, kql, root, sorted_csv, stderr, stdout};

fn check(query_file: &str, expected_file: &str) {
    let query = corpus(query_file);
    let out = kql(&[
        "query", "--data", SAMPLE, "--now", SAMPLE_NOW, "--format", "csv", &query,
    ]);
    assert!(out.status.success(), "{query_file}: {}", stderr(&out));
    let expected =
        std::fs::read_to_string(root().join(ORACLE).join("expected").join(expected_file))
            .expect("expected result");
    let (header, rows) = sorted_csv(&stdout(&out));
    let (expected_header, expected_rows) = sorted_csv(&expected);
    assert_eq!(
        header, expected_header,
        "{query_file}: column names and order"
    );
    assert!(
        !expected_rows.is_empty(),
        "{expected_file} has rows, so the check can fail"
    );
    assert_eq!(rows, expected_rows, "{query_file}");
}

#[test]
fn q1_failed_jobs_in_the_last_5_days() {
    check("q1_failed_jobs.kql", "q1.csv");
}

#[test]
fn q2_events_of_one_job() {
    check("q2_job_by_name.kql", "q2.csv");
}

#[test]
fn q3_d1_v2_clusters_in_the_last_4_days() {
    check("q3_d1_v2_clusters.kql", "q3.csv");
}

#[test]
fn q4_nodes_allocated_in_the_last_8_days() {
    check("q4_allocated_nodes.kql", "q4.csv");
}

#[test]
fn q5_node_counts_by_workspace_and_cluster() {
    check("q5_nodes_by_workspace.kql", "q5.csv");
}

#[test]
fn no_pruning_gives_the_oracle_answer_and_stats_show_the_work() {
    let query = corpus("q1_failed_jobs.kql");
    let expected = std::fs::read_to_string(root().join(ORACLE).join("expected").join("q1.csv"))
        .expect("expected result");
    let mut read = Vec::new();
    for flag in ["--strict", "--no-pruning"] {
        let out = kql(&[
            "query", "--data", SAMPLE, "--now", SAMPLE_NOW, "--format", "csv", "--stats", flag,
            &query,
        ]);
        assert!(out.status.success(), "{flag}: {}", stderr(&out));
        assert_eq!(sorted_csv(&stdout(&out)), sorted_csv(&expected), "{flag}");
        let err = stderr(&out);
        assert!(err.contains("stats: time listing"), "{err}");
        assert!(err.contains("stats: peak memory"), "{err}");
        let files = err
            .lines()
            .find(|l| l.starts_with("stats: files considered"))
            .unwrap_or_else(|| panic!("no file stats in {err}"));
        // "… read N (…)": the number of files read.
        let n: u64 = files
            .split("read ")
            .nth(1)
            .and_then(|s| s.split_whitespace().next())
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no read count in {files}"));
        read.push(n);
    }
    // ago(5d) over 10 days of hourly folders: pruning reads fewer files than no pruning.
    assert!(read[0] < read[1], "{read:?}");
}

#[test]
fn q6_is_q1_with_lets_a_function_and_toscalar() {
    check("q6_failed_jobs_with_lets.kql", "q1.csv");
}

/// The `(N unparsed: …)` count of a `--stats` run, and its rows scanned.
fn unparsed_and_scanned(err: &str) -> (u64, u64) {
    let rows = err
        .lines()
        .find(|l| l.starts_with("stats: rows scanned"))
        .unwrap_or_else(|| panic!("no row stats in {err}"));
    let scanned = rows
        .strip_prefix("stats: rows scanned ")
        .and_then(|s| s.split(',').next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no scanned count in {rows}"));
    let unparsed = rows
        .split(" unparsed")
        .next()
        .and_then(|s| s.rsplit('(').next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no unparsed count in {rows}"));
    (unparsed, scanned)
}

#[test]
fn lines_skipped_unparsed_never_change_the_answer() {
    // Q2 keeps the records of one job: with the line prefilter (default, and `--no-pruning`,
    // which prunes files only), and with every line parsed (`--strict`, `--no-pushdown`), the
    // oracle's rows.
    let query = corpus("q2_job_by_name.kql");
    let expected = std::fs::read_to_string(root().join(ORACLE).join("expected").join("q2.csv"))
        .expect("expected result");
    let mut counts = Vec::new();
    for flags in [
        &[][..],
        &["--strict"],
        &["--no-pushdown"],
        &["--no-pruning"],
    ] {
        let mut args = vec![
            "query", "--data", SAMPLE, "--now", SAMPLE_NOW, "--format", "csv", "--stats",
        ];
        args.extend(flags);
        args.push(&query);
        let out = kql(&args);
        let flag = flags.join(" ");
        assert!(out.status.success(), "{flag}: {}", stderr(&out));
        assert_eq!(sorted_csv(&stdout(&out)), sorted_csv(&expected), "{flag}");
        counts.push(unparsed_and_scanned(&stderr(&out)));
    }
    let (default, strict, unpushed, unpruned) = (counts[0], counts[1], counts[2], counts[3]);
    // No time filter: every record of the table is read in each run.
    assert_eq!(default.1, strict.1, "{counts:?}");
    assert_eq!(default.1, unpushed.1, "{counts:?}");
    assert_eq!(default.1, unpruned.1, "{counts:?}");
    // The job's records are a handful of the table's: most lines never need parsing.
    assert!(default.0 * 2 > default.1, "{counts:?}");
    assert_eq!((strict.0, unpushed.0), (0, 0), "{counts:?}");
    // Without a time filter there is nothing to prune: the same lines are skipped unparsed.
    assert_eq!(unpruned.0, default.0, "{counts:?}");
}
