//! Statements through the `kql` binary: `--param` values for `declare query_parameters`, and
//! a `toscalar()` time bound checked against the plan of its literal form (q6, q1 written with
//! `let`s, is checked against the oracle in `aml_queries.rs`).

use crate::support::{SAMPLE, SAMPLE_NOW, kql, stderr, stdout};

#[test]
fn params_are_read_as_literals_of_their_declared_types() {
    let out = kql(&[
        "query",
        "--format",
        "csv",
        "--param",
        "n=5",
        "--param",
        "who=alice",
        "--param",
        "since=2024-01-01",
        "declare query_parameters(n:long, who:string, since:datetime, d:timespan = 1h); \
         print n = n + 1, who = who, later = since + d",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "n,who,later\n6,alice,2024-01-01T01:00:00.0000000Z\n"
    );
}

#[test]
fn a_missing_param_points_at_its_declaration() {
    let out = kql(&["query", "declare query_parameters(n:long); print n"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: query parameter 'n' has no value\n --> query:1:26\n  |\n1 | declare \
         query_parameters(n:long); print n\n  |                          ^^^^^^\n  = help: \
         pass one with --param n=VALUE\n"
    );
}

#[test]
fn an_undeclared_or_malformed_param_is_refused() {
    let out = kql(&["query", "--param", "m=1", "print 1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("error: query parameter 'm' is not declared by the query"),
        "{}",
        stderr(&out)
    );
    let out = kql(&["query", "--param", "m", "print 1"]);
    assert_eq!(out.status.code(), Some(2), "a usage error");
    assert!(
        stderr(&out).contains("expected NAME=VALUE"),
        "{}",
        stderr(&out)
    );
    let out = kql(&[
        "query",
        "--param",
        "n=abc",
        "declare query_parameters(n:long); print n",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .contains("query parameter 'n' is long, but its value 'abc' is not a long literal"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn plan_takes_params_too() {
    let out = kql(&[
        "plan",
        "--param",
        "n=3",
        "declare query_parameters(n:long); range x from 1 to n step 1",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("columns: x:long\n"),
        "{}",
        stdout(&out)
    );
}

/// The `files=scanned/total` counter of the JSON scan in `kql plan`'s physical plan.
fn files_scanned(query: &str) -> String {
    let out = kql(&["plan", "--data", SAMPLE, "--now", SAMPLE_NOW, query]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    text.split("files=")
        .nth(1)
        .and_then(|s| s.split([',', ' ', ']']).next())
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn a_time_bound_from_toscalar_prunes_folders_like_a_literal() {
    let literal = files_scanned("AmlComputeClusterEvent | where TimeGenerated > ago(1d) | count");
    let folded = files_scanned(
        "let since = toscalar(print ago(1d));\n\
         AmlComputeClusterEvent | where TimeGenerated > since | count",
    );
    // README.md's performance section: 35 of the sample's 347 blobs hold the last day.
    assert_eq!(literal, "35/347");
    assert_eq!(folded, literal);
}

#[test]
fn check_plans_declared_parameters_without_values() {
    let out = kql(&[
        "check",
        "declare query_parameters(since:datetime, who:string);\n\
         SigninLogs | where TimeGenerated > since and UserPrincipalName == who | count",
    ]);
    assert!(out.status.success(), "{}", stdout(&out));
    assert_eq!(stdout(&out), "ok\n");
}
