//! `--format` and `-o`: the output contract of DEVELOPERS.md, checked on Q2's rows.

use crate::support::{ORACLE, SAMPLE, SAMPLE_NOW, corpus, kql, root, sorted_csv, stderr, stdout};

fn q2(format: &str) -> String {
    let out = kql(&[
        "query",
        "--data",
        SAMPLE,
        "--now",
        SAMPLE_NOW,
        "--format",
        format,
        &corpus("q2_job_by_name.kql"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

fn expected_q2() -> (String, Vec<String>) {
    let text =
        std::fs::read_to_string(root().join(ORACLE).join("expected/q2.csv")).expect("q2.csv");
    sorted_csv(&text)
}

#[test]
fn json_and_ndjson_hold_the_same_rows_as_csv() {
    let (header, rows) = expected_q2();
    let columns: Vec<&str> = header.split(',').collect();
    let ndjson = q2("ndjson");
    let objects: Vec<serde_json::Value> = ndjson
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON object per line"))
        .collect();
    let json: Vec<serde_json::Value> = serde_json::from_str(&q2("json")).expect("a JSON array");
    // Two runs of an unsorted query: the same rows, in any order.
    let sorted = |v: &[serde_json::Value]| {
        let mut texts: Vec<String> = v.iter().map(|o| o.to_string()).collect();
        texts.sort();
        texts
    };
    assert_eq!(sorted(&objects), sorted(&json));
    let mut as_csv: Vec<String> = objects
        .iter()
        .map(|o| {
            let map = o.as_object().expect("object");
            let keys: Vec<&str> = map.keys().map(String::as_str).collect();
            assert_eq!(keys, columns, "keys in column order");
            map.values()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect();
    as_csv.sort();
    assert_eq!(as_csv, rows);
}

#[test]
fn table_shows_every_row() {
    let (_, rows) = expected_q2();
    let table = q2("table");
    for row in &rows {
        let first = row.split(',').next().expect("a datetime");
        assert!(table.contains(first), "{first} in\n{table}");
    }
}

#[test]
fn parquet_output_reads_back() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("out.parquet");
    let out = kql(&[
        "query",
        "--data",
        SAMPLE,
        "--now",
        SAMPLE_NOW,
        "--format",
        "parquet",
        "-o",
        path.to_str().expect("utf-8 path"),
        &corpus("q2_job_by_name.kql"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let reader =
        SerializedFileReader::new(std::fs::File::open(&path).expect("written")).expect("parquet");
    let (header, rows) = expected_q2();
    let schema = reader.metadata().file_metadata().schema_descr();
    let names: Vec<&str> = schema.columns().iter().map(|c| c.name()).collect();
    assert_eq!(names, header.split(',').collect::<Vec<_>>());
    assert_eq!(
        reader.metadata().file_metadata().num_rows(),
        rows.len() as i64
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_kql"))
        .args([
            "query",
            "--data",
            SAMPLE,
            "--format",
            "csv",
            "AmlComputeJobEvent",
        ])
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kql runs");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("a line");
    assert!(first.starts_with("TenantId,TimeGenerated"), "{first}");
    let out = child.wait_with_output().expect("exits");
    assert!(
        out.status.success(),
        "kql | head exits 0: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `render` leaves the rows alone and, with the terminal table only, names the chart on
/// stderr; csv and json stay the bare rows.
#[test]
fn render_is_named_on_stderr_with_the_table_only() {
    let query = r#"range x from 1 to 3 step 1 | extend y = x * 2
        | render timechart with (title="Load", xcolumn=x, ycolumns=y, ymin=-1.5, legend=hidden)"#;
    let out = kql(&["query", "--format", "table", query]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).trim_end(),
        r#"render: timechart (title="Load", xcolumn=x, ycolumns=y, legend=hidden, ymin=-1.5)"#
    );
    assert!(stdout(&out).contains('6'));
    let out = kql(&["query", "--format", "csv", query]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    assert_eq!(stdout(&out).replace("\r\n", "\n"), "x,y\n1,2\n2,4\n3,6\n");
    let out = kql(&["query", "--format", "json", query]);
    let rows: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("a JSON array");
    assert_eq!(
        rows,
        serde_json::json!([{"x": 1, "y": 2}, {"x": 2, "y": 4}, {"x": 3, "y": 6}])
    );
    // Not the last operator: the rows pass, nothing is drawn, and a warning says so.
    let out = kql(&["query", "print a = 1 | render piechart | take 1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("'render piechart' draws nothing here"),
        "{err}"
    );
    assert!(!err.contains("render: "), "{err}");
}
