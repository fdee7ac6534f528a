//! `kql bench`: one warm process answers a request per stdin line with the row count and its
//! time, and with the rows when asked; the rows are the generator's oracle's, with pruning on and
//! off; a bad request or query is answered with an error line and the loop goes on.

use crate::support::{ORACLE, SAMPLE, SAMPLE_NOW, corpus, root, sorted_csv};
use std::io::Write;
use std::process::{Command, Stdio};

/// The answer lines of `kql bench` (with `extra` options) to `requests`, one per line.
fn bench(extra: &[&str], requests: &[serde_json::Value]) -> Vec<serde_json::Value> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kql"))
        .args(["bench", "--data", SAMPLE, "--now", SAMPLE_NOW])
        .args(extra)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kql bench runs");
    let mut stdin = child.stdin.take().expect("stdin");
    for r in requests {
        writeln!(stdin, "{r}").expect("a request is written");
    }
    writeln!(stdin, "not json").expect("a bad request is written");
    drop(stdin);
    let out = child.wait_with_output().expect("kql bench ends");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut answers: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("an answer is one JSON line"))
        .collect();
    let last = answers.pop().expect("the bad request's answer");
    assert!(
        last["error"].as_str().is_some_and(|e| e.contains("JSON")),
        "{last}"
    );
    answers
}

#[test]
fn answers_rows_and_times_like_the_oracle_with_pruning_on_and_off() {
    let q1 = corpus("q1_failed_jobs.kql").replace('\n', " ");
    let expected = std::fs::read_to_string(root().join(ORACLE).join("expected").join("q1.csv"))
        .expect("expected result");
    let (expected_header, expected_rows) = sorted_csv(&expected);
    assert!(!expected_rows.is_empty());
    for extra in [&[][..], &["--no-pruning"][..], &["--no-pushdown"][..]] {
        let answers = bench(
            extra,
            &[
                serde_json::json!({"csl": q1, "csv": true}),
                serde_json::json!({"csl": q1}),
                serde_json::json!({"csl": "NoSuchTable | take 1"}),
            ],
        );
        assert_eq!(answers.len(), 3, "{answers:?}");
        let (header, rows) = sorted_csv(answers[0]["csv"].as_str().expect("csv asked for"));
        assert_eq!(
            (header, rows),
            (expected_header.clone(), expected_rows.clone())
        );
        assert_eq!(answers[1]["rows"], expected_rows.len(), "{extra:?}");
        assert!(answers[1].get("csv").is_none());
        assert!(answers[1]["seconds"].as_f64().is_some_and(|s| s > 0.0));
        let error = answers[2]["error"].as_str().expect("an error");
        assert!(error.contains("unknown table 'NoSuchTable'"), "{error}");
    }
}
