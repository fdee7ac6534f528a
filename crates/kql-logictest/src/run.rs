//! Running a parsed test file against a fresh engine.

use crate::parse::{Record, RecordKind, TestFile};
use kql_engine::{Engine, EngineError, EngineOptions, render};
use std::path::Path;

/// The result of one record.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The record.
    pub record: Record,
    /// What went wrong, or `None` when it passed.
    pub failure: Option<String>,
    /// The rows the engine produced (for `--complete` drafts).
    pub observed: Vec<String>,
}

/// Runs every record of `file`, resolving `data` paths against `root`.
pub fn run_file(file: &TestFile, root: &Path) -> Result<Vec<Outcome>, String> {
    let now = file.now.as_deref().unwrap_or(crate::DEFAULT_NOW);
    let now_nanos = chrono::DateTime::parse_from_rfc3339(now)
        .ok()
        .and_then(|t| t.timestamp_nanos_opt())
        .ok_or_else(|| format!("bad now '{now}'"))?;
    let engine = Engine::open(EngineOptions {
        data: file.data.iter().map(|d| root.join(d)).collect(),
        now_nanos: Some(now_nanos),
        ..EngineOptions::default()
    })
    .map_err(|e| format!("cannot open the data: {e}"))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    Ok(file
        .records
        .iter()
        .map(|record| {
            let result = runtime.block_on(engine.query_with(&record.query, &record.params));
            let (failure, observed) = check(record, result);
            Outcome {
                record: record.clone(),
                failure,
                observed,
            }
        })
        .collect())
}

fn check(
    record: &Record,
    result: Result<kql_engine::QueryResult, EngineError>,
) -> (Option<String>, Vec<String>) {
    match (&record.kind, result) {
        (
            RecordKind::Query {
                types,
                rowsort,
                rows,
            },
            Ok(result),
        ) => {
            let csv = render::to_csv(&result.columns, &result.batches, false);
            let mut observed = csv_records(&csv);
            let actual_types: Vec<String> = result
                .columns
                .iter()
                .map(|c| c.kql_type.to_string())
                .collect();
            if !types.is_empty() && *types != actual_types {
                return (
                    Some(format!(
                        "expected column types {}, found {}",
                        types.join(","),
                        actual_types.join(",")
                    )),
                    observed,
                );
            }
            let mut expected = rows.clone();
            if *rowsort {
                expected.sort();
                observed.sort();
            }
            if expected == observed {
                (None, observed)
            } else {
                (
                    Some(format!(
                        "expected rows:\n{}\nfound rows:\n{}",
                        expected.join("\n"),
                        observed.join("\n")
                    )),
                    observed,
                )
            }
        }
        (RecordKind::Query { .. }, Err(e)) => (
            Some(format!("expected rows, the query failed: {e}")),
            Vec::new(),
        ),
        (RecordKind::Error { .. }, Ok(_)) => (
            Some("expected an error, the query succeeded".to_owned()),
            Vec::new(),
        ),
        (RecordKind::Error { pattern, span }, Err(e)) => {
            let message = e.to_string();
            let matches = regex::Regex::new(pattern).map(|r| r.is_match(&message));
            match matches {
                Err(bad) => (Some(format!("bad error pattern: {bad}")), Vec::new()),
                Ok(false) => (
                    Some(format!(
                        "expected an error matching /{pattern}/, found: {message}"
                    )),
                    Vec::new(),
                ),
                Ok(true) => match (span, &e) {
                    (Some((start, end)), EngineError::Query(d)) => match d.span {
                        Some(s) if (s.start, s.end) == (*start, *end) => (None, Vec::new()),
                        found => (
                            Some(format!(
                                "expected the error at bytes {start}..{end}, found {found:?}"
                            )),
                            Vec::new(),
                        ),
                    },
                    (Some(_), _) => (Some("expected an error with a span".to_owned()), Vec::new()),
                    (None, _) => (None, Vec::new()),
                },
            }
        }
    }
}

/// Splits CSV text into records (a quoted field may hold a newline).
fn csv_records(text: &str) -> Vec<String> {
    let mut records = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            '\n' if !quoted => records.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    if !current.is_empty() {
        records.push(current);
    }
    records
}
