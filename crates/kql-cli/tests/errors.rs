//! Query errors: a non-zero exit and a message that points at the query (line, column, caret).

use crate::support::{SAMPLE, kql, stderr};

/// Runs a failing query and returns its stderr without discovery warnings.
fn failure(query: &str) -> String {
    let out = kql(&["query", "--data", SAMPLE, query]);
    assert_eq!(out.status.code(), Some(1), "{query}: exit code");
    stderr(&out)
        .lines()
        .filter(|l| !l.starts_with("warning:"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn unknown_column_has_position_caret_and_suggestion() {
    let message = failure("AmlComputeJobEvent | where Timegenerated > ago(5d)");
    assert_eq!(
        message,
        "error: unknown column 'Timegenerated'\n --> query:1:28\n  |\n1 | AmlComputeJobEvent | where Timegenerated > ago(5d)\n  |                            ^^^^^^^^^^^^^ not a column of the input\n  = help: did you mean 'TimeGenerated'?"
    );
}

#[test]
fn unknown_table_suggests_the_closest_name() {
    let message = failure("AmlComputeJobEvents\n| take 1");
    assert!(
        message.starts_with("error: unknown table 'AmlComputeJobEvents'\n --> query:1:1\n"),
        "{message}"
    );
    assert!(
        message.contains("did you mean 'AmlComputeJobEvent'?"),
        "{message}"
    );
}

#[test]
fn syntax_error_on_a_later_line() {
    let message =
        failure("AmlComputeJobEvent\n| where EventType == \"JobFailed\"\n| project (TimeGenerated");
    assert!(
        message.starts_with("error: syntax error: expected ')'"),
        "{message}"
    );
    assert!(message.contains(" --> query:3:"), "{message}");
    assert!(
        message.contains("3 | | project (TimeGenerated"),
        "{message}"
    );
}

#[test]
fn unsupported_operator_is_named_with_its_position() {
    let message = failure("AmlComputeJobEvent | reduce by x");
    assert!(
        message.starts_with("error: operator 'reduce' is not supported yet\n --> query:1:22"),
        "{message}"
    );
}

#[test]
fn type_error_points_at_the_operands() {
    let message = failure("AmlComputeJobEvent | where TimeGenerated > 5");
    assert!(
        message.starts_with("error: cannot compare datetime with long\n --> query:1:28"),
        "{message}"
    );
}

#[test]
fn usage_errors_exit_2_and_bad_now_exits_1() {
    let out = kql(&["query", "--format", "xml", "print 1"]);
    assert_eq!(out.status.code(), Some(2));
    let out = kql(&["query", "--now", "yesterday", "print 1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("--now 'yesterday' is not an RFC 3339 instant"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_query_file_is_named_in_messages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bad.kql");
    std::fs::write(&path, "print x = 1\n| where y > 2\n").expect("write");
    let out = kql(&["query", "-f", path.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!("--> {}:2:9", path.display())),
        "{}",
        stderr(&out)
    );
}
