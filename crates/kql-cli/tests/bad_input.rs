//! Bad data never panics and never silently loses rows: skipped lines are counted and reported,
//! `--strict` turns them into errors, and missing or empty data gets a clear message.

use crate::support::{kql, root, stderr, stdout};

#[test]
fn a_missing_path_is_a_clear_error() {
    let out = kql(&[
        "query",
        "--data",
        "testdata/no-such-dir",
        "AmlComputeJobEvent | count",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("testdata/no-such-dir"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_folder_without_exports_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("notes.txt"), "hello").expect("write");
    let out = kql(&[
        "query",
        "--data",
        dir.path().to_str().expect("utf-8"),
        "T | count",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no exports found"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_empty_blob_gives_no_rows_and_no_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let hour = dir.path().join("insights-logs-amlcomputejobevent/resourceId=/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.MACHINELEARNINGSERVICES/WORKSPACES/W/y=2026/m=11/d=19/h=10/m=00");
    std::fs::create_dir_all(&hour).expect("mkdir");
    std::fs::write(hour.join("PT1H.json"), "").expect("write");
    let out = kql(&[
        "query",
        "--data",
        dir.path().to_str().expect("utf-8"),
        "--format",
        "csv",
        "AmlComputeJobEvent | count",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "Count\n0\n");
}

#[test]
fn malformed_and_truncated_lines_are_counted_and_strict_fails() {
    let dir = tempfile::tempdir().expect("temp dir");
    let hour = dir.path().join("insights-logs-amlcomputejobevent/resourceId=/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.MACHINELEARNINGSERVICES/WORKSPACES/W/y=2026/m=11/d=19/h=10/m=00");
    std::fs::create_dir_all(&hour).expect("mkdir");
    let good = r#"{"time":"2026-11-19T10:00:01.0000000Z","resourceId":"/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.MACHINELEARNINGSERVICES/WORKSPACES/W","category":"AmlComputeJobEvent","operationName":"JobFailed","properties":{"EventType":"JobFailed"}}"#;
    // Line 2 is malformed; line 4 is an unterminated tail (an open append blob).
    let text = format!("{good}\n{{\"time\": oops}}\n{good}\n{{\"time\":\"2026-11-19T10:");
    std::fs::write(hour.join("PT1H.json"), text).expect("write");
    let data = dir.path().to_str().expect("utf-8");
    let out = kql(&[
        "query",
        "--data",
        data,
        "--format",
        "csv",
        "AmlComputeJobEvent | summarize count() by EventType",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "EventType,count_\nJobFailed,2\n");
    let warnings = stderr(&out);
    assert!(
        warnings.contains("skipped 1 malformed line(s)"),
        "{warnings}"
    );
    assert!(
        warnings.contains("PT1H.json:2"),
        "first bad line named: {warnings}"
    );
    assert!(
        warnings.contains("incomplete last line of 1 file(s)"),
        "{warnings}"
    );
    let strict = kql(&[
        "query",
        "--strict",
        "--data",
        data,
        "AmlComputeJobEvent | count",
    ]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        stderr(&strict).contains("PT1H.json:2"),
        "{}",
        stderr(&strict)
    );
}

#[test]
fn the_noisy_sample_keeps_every_valid_row_and_reports_every_injected_anomaly() {
    // The generator lists what it injected (manifest.json `anomalies`) and how many valid rows
    // each table holds (`tables.<T>.rows`), from its own simulation.
    let oracle = root().join("testdata/oracle/exports-noisy");
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(oracle.join("manifest.json")).expect("manifest"),
    )
    .expect("json");
    let anomalies = manifest["anomalies"].as_array().expect("anomalies list");
    let mut injected = 0;
    for (table, info) in manifest["tables"].as_object().expect("tables") {
        let count = |kind: &str| {
            anomalies
                .iter()
                .filter(|a| a["kind"] == kind && a["table"] == table.as_str())
                .count()
        };
        let (malformed, tails) = (count("malformed_line"), count("open_hour_tail"));
        injected += malformed + tails;
        let out = kql(&[
            "query",
            "--data",
            "testdata/exports-noisy",
            "--format",
            "csv",
            &format!("{table} | count"),
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(
            stdout(&out),
            format!("Count\n{}\n", info["rows"]),
            "{table}: every valid row is read"
        );
        let text = stderr(&out);
        assert_eq!(
            text.contains(&format!("skipped {malformed} malformed line(s)")),
            malformed > 0,
            "{table}: {text}"
        );
        assert_eq!(
            text.contains(&format!("incomplete last line of {tails} file(s)")),
            tails > 0,
            "{table}: {text}"
        );
    }
    assert!(injected >= 2, "the noisy sample has anomalies to find");
}

#[test]
fn externaldata_names_a_missing_file_with_a_caret() {
    let out = kql(&[
        "query",
        "externaldata (a:string) [\"testdata/external/no-such-file.csv\"]",
    ]);
    assert_eq!(out.status.code(), Some(1));
    // The caret covers the string literal: 34 characters and its two quotes.
    let expected = format!(
        "error: externaldata: no such file or folder: 'testdata/external/no-such-file.csv'\n \
         --> query:1:26\n  |\n1 | externaldata (a:string) [\"testdata/external/no-such-file.csv\"]\n  \
         |                          {}\n",
        "^".repeat(36)
    );
    assert_eq!(stderr(&out), expected);
}

#[test]
fn externaldata_names_the_file_and_line_of_a_malformed_record() {
    let out = kql(&[
        "query",
        "externaldata (Name:string) [\"testdata/external/malformed.json\"]",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(
        message.contains("malformed record at ")
            && message.contains("testdata/external/malformed.json:2"),
        "{message}"
    );
}

#[test]
fn union_isfuzzy_warns_about_the_legs_it_skips() {
    let out = kql(&[
        "query",
        "--format",
        "csv",
        "union isfuzzy=true NoSuchTable, (print x = 1)",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "x\n1\n");
    assert_eq!(
        stderr(&out),
        "warning: union isfuzzy=true: skipped 'NoSuchTable', which names no table\n"
    );
}

/// A thousand `and`ed `!between` terms: each term excludes the row whose x it brackets, so
/// of x = 1..5 only x = 5 (bracketed by no term, since the terms cover 1..4 and 6..1000) stays.
#[test]
fn a_query_with_a_thousand_terms_runs_without_overflowing_the_stack() {
    let terms: Vec<String> = (1..=1000)
        .filter(|i| *i != 5)
        .map(|i| format!("x !between ({i} .. {i}.5)"))
        .collect();
    let query = format!(
        "range x from 1 to 5 step 1 | where {} | project x",
        terms.join(" and ")
    );
    let out = kql(&["query", "--format", "csv", &query]);
    assert_eq!(stdout(&out), "x\n5\n", "{}", stderr(&out));
}
