//! `kql tables --data …`: each table's layouts, files, bytes, time range and columns, checked
//! against the sample export itself (files and bytes counted on disk, the time range and row
//! count read from the records and the generator's manifest) and against `T | getschema`.

use crate::support::{SAMPLE, kql, root, stderr, stdout};
use std::path::Path;

/// The detail lines of `table` in `kql tables --data SAMPLE`: (key, value) pairs.
fn details(text: &str, table: &str) -> Vec<(String, String)> {
    let head = format!("{table}\tdata, documented\n");
    let start = text.find(&head).expect("the table is listed") + head.len();
    text[start..]
        .lines()
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.trim_start().split_once(": "))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

fn value<'a>(details: &'a [(String, String)], key: &str) -> &'a str {
    details
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no '{key}' line in {details:?}"))
}

/// Every file below `dir`, with its size.
fn files_below(dir: &Path, out: &mut Vec<(std::path::PathBuf, u64)>) {
    for entry in std::fs::read_dir(dir).expect("a folder") {
        let entry = entry.expect("an entry");
        let meta = entry.metadata().expect("metadata");
        if meta.is_dir() {
            files_below(&entry.path(), out);
        } else {
            out.push((entry.path(), meta.len()));
        }
    }
}

#[test]
fn tables_with_data_show_layouts_files_bytes_time_and_columns() {
    let out = kql(&["tables", "--data", SAMPLE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let d = details(&text, "AmlComputeClusterEvent");

    let mut files = Vec::new();
    files_below(
        &root()
            .join(SAMPLE)
            .join("insights-logs-amlcomputeclusterevent"),
        &mut files,
    );
    let bytes: u64 = files.iter().map(|(_, b)| b).sum();
    assert_eq!(
        value(&d, "files"),
        format!("{}, bytes: {bytes}", files.len())
    );
    assert!(
        value(&d, "layouts").starts_with(&format!("diagnostic settings ({} files, ", files.len())),
        "{d:?}"
    );

    // The earliest and latest record `time`, read with serde_json and chrono, and the row count
    // of the generator's manifest.
    let mut times = Vec::new();
    for (path, _) in &files {
        for line in std::fs::read_to_string(path).expect("a blob").lines() {
            let record: serde_json::Value = serde_json::from_str(line).expect("a record");
            let time = record["time"].as_str().expect("a time");
            times.push(chrono::DateTime::parse_from_rfc3339(time).expect("RFC 3339"));
        }
    }
    let format = |t: &chrono::DateTime<chrono::FixedOffset>| {
        let t = t.to_utc();
        format!(
            "{}.{:07}Z",
            t.format("%Y-%m-%dT%H:%M:%S"),
            chrono::Timelike::nanosecond(&t) / 100
        )
    };
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("testdata/oracle/exports/manifest.json"))
            .expect("the manifest"),
    )
    .expect("JSON");
    let rows = manifest["tables"]["AmlComputeClusterEvent"]["rows"]
        .as_u64()
        .expect("rows");
    assert_eq!(times.len() as u64, rows);
    assert_eq!(
        value(&d, "time range"),
        format!(
            "{} … {} ({rows} rows)",
            format(times.iter().min().expect("records")),
            format(times.iter().max().expect("records"))
        )
    );

    // The columns are those `getschema` reports, in order, with the same types.
    let schema = kql(&[
        "query",
        "--data",
        SAMPLE,
        "--format",
        "csv",
        "AmlComputeClusterEvent | getschema | project ColumnName, ColumnType",
    ]);
    assert_eq!(schema.status.code(), Some(0), "{}", stderr(&schema));
    let expected: Vec<String> = stdout(&schema)
        .lines()
        .skip(1)
        .map(|l| l.replace(',', ":"))
        .collect();
    assert!(expected.len() > 40, "{expected:?}");
    assert_eq!(value(&d, "columns"), expected.join(", "));
}

#[test]
fn documented_tables_without_data_have_no_details() {
    let out = kql(&["tables", "--data", SAMPLE]);
    let text = stdout(&out);
    let after = &text[text.find("\nSyslog\tdocumented\n").expect("listed") + 1..];
    let next = after.lines().nth(1).expect("another table follows");
    assert!(!next.starts_with("  "), "{next}");
}
