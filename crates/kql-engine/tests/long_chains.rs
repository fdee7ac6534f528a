//! `and` / `or` chains thousands of terms long parse, plan and run: the parser keeps them flat
//! and the planner builds balanced trees or `in` lists (a left-deep chain of 10,000 `or` terms
//! aborts DataFusion 55.2, engine-pitfalls.md). Expected counts are arithmetic on the data.

use kql_engine::render::{self, Format};
use kql_engine::{Engine, EngineOptions};

/// `datatable(x: long) [0, 1, …, 2999]`.
fn table() -> String {
    let values: Vec<String> = (0..3000).map(|i| i.to_string()).collect();
    format!("datatable(x: long) [{}]", values.join(", "))
}

/// The single value of a one-cell result, as CSV text.
fn scalar(query: &str) -> String {
    let engine = Engine::open(EngineOptions {
        now_nanos: Some(0),
        ..EngineOptions::default()
    })
    .expect("engine");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let csv = runtime.block_on(async {
        let planned = engine.plan(query).unwrap_or_else(|e| panic!("plans: {e}"));
        let stream = engine.execute(&planned).await.expect("runs");
        let mut out = Vec::new();
        render::write_stream(Format::Csv, &planned.columns, stream, &mut out)
            .await
            .expect("renders");
        String::from_utf8(out).expect("utf-8")
    });
    let mut lines = csv.lines().skip(1);
    let value = lines.next().expect("one row").to_owned();
    assert_eq!(lines.next(), None, "one row only");
    value
}

/// `term(0) op term(1) op …` over `n` terms.
fn chain(n: usize, op: &str, term: impl Fn(usize) -> String) -> String {
    (0..n)
        .map(term)
        .collect::<Vec<_>>()
        .join(&format!(" {op} "))
}

#[test]
fn a_2000_term_or_of_equalities_runs() {
    // Multiples of 3 from 0 to 5997; 1,000 of them are in 0..3000.
    let predicate = chain(2_000, "or", |i| format!("x == {}", 3 * i));
    let query = format!("{} | where {predicate} | count", table());
    assert_eq!(scalar(&query), "1000");
}

#[test]
fn a_2000_term_or_that_is_no_list_runs() {
    // `between` tests are not merged into a list: a balanced tree of 2,000 terms.
    let predicate = chain(2_000, "or", |i| format!("x between ({0} .. {0})", 3 * i));
    let query = format!("{} | where {predicate} | count", table());
    assert_eq!(scalar(&query), "1000");
}

#[test]
fn a_2000_term_and_of_inequalities_runs() {
    // `x != 0 and x != 3 and …`: 1,000 of the excluded values are in 0..3000.
    let predicate = chain(2_000, "and", |i| format!("x != {}", 3 * i));
    let query = format!("{} | where {predicate} | count", table());
    assert_eq!(scalar(&query), "2000");
}

#[test]
fn a_2000_term_and_that_is_no_list_runs() {
    // `x > -2000 and x > -1999 and …`: the tightest is `x > -1`, true for every row.
    let predicate = chain(2_000, "and", |i| format!("x > {}", i as i64 - 2_000));
    let query = format!("{} | where {predicate} | count", table());
    assert_eq!(scalar(&query), "3000");
}

#[test]
fn a_2000_term_or_in_extend_runs() {
    // x in 0..2000 matches one of the 2,000 terms; 1,000 rows do not.
    let predicate = chain(2_000, "or", |i| format!("x between ({i} .. {i})"));
    let query = format!(
        "{} | extend hit = {predicate} | summarize countif(hit)",
        table()
    );
    assert_eq!(scalar(&query), "2000");
}
