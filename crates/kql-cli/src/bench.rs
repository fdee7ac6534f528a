//! `kql bench`: queries timed in one warm process, the way benchmarks time in-process engines.
//!
//! The engine is opened once over `--data` (discovery not timed). Then each line of standard
//! input is a request, `{"csl": QUERY, "csv": false}`; the query is planned and run to its last
//! Arrow batch, and nothing is rendered — as DuckDB's and DataFusion's Python packages are timed
//! when their result is fetched as an Arrow table. Each request is answered by one line,
//! `{"rows": N, "seconds": S}` (with `"csv"`, the rows as CSV with a header, when the request
//! asked for them; `{"error": …}` when the query fails). `benches/compare/compare.py` drives it.

use crate::args::BenchArgs;
use crate::report::{EXIT_OK, EXIT_QUERY_ERROR, render_engine_error};
use kql_engine::render::to_csv;
use kql_engine::{Engine, EngineOptions, ScanOptions};
use serde_json::{Value, json};
use std::io::{BufRead, Write};
use std::time::Instant;

/// Runs the request loop on `runtime` until standard input ends; returns the exit code.
pub(crate) fn run_bench(args: &BenchArgs, runtime: tokio::runtime::Runtime) -> i32 {
    let now_nanos = match crate::parse_now(args.now.as_deref()) {
        Ok(n) => n,
        Err(m) => {
            eprintln!("{m}");
            return EXIT_QUERY_ERROR;
        }
    };
    let Some(engine) = crate::serve::open_over_data(EngineOptions {
        data: args.data.clone(),
        now_nanos,
        scan: ScanOptions {
            no_pruning: args.no_pruning,
            no_pushdown: args.no_pushdown,
            ..ScanOptions::default()
        },
        target_partitions: None,
    }) else {
        return EXIT_QUERY_ERROR;
    };
    let mut out = std::io::stdout().lock();
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        if line.trim().is_empty() {
            continue;
        }
        let answer = match serde_json::from_str::<Value>(&line) {
            Ok(request) => match request.get("csl").and_then(Value::as_str) {
                Some(query) => {
                    let csv = request.get("csv").and_then(Value::as_bool) == Some(true);
                    answer(&engine, &runtime, query, csv)
                }
                None => json!({"error": "a request is {\"csl\": QUERY, \"csv\": BOOL}"}),
            },
            Err(e) => json!({"error": format!("a request is one JSON object per line: {e}")}),
        };
        if writeln!(out, "{answer}")
            .and_then(|()| out.flush())
            .is_err()
        {
            break;
        }
    }
    EXIT_OK
}

/// Runs `query` to its last batch and says how long that took.
fn answer(engine: &Engine, runtime: &tokio::runtime::Runtime, query: &str, csv: bool) -> Value {
    let started = Instant::now();
    match runtime.block_on(engine.query(query)) {
        Ok(result) => {
            let seconds = started.elapsed().as_secs_f64();
            let rows: usize = result.batches.iter().map(|b| b.num_rows()).sum();
            let mut answer = json!({"rows": rows, "seconds": seconds});
            if csv {
                answer["csv"] = Value::String(to_csv(&result.columns, &result.batches, true));
            }
            answer
        }
        Err(e) => json!({"error": render_engine_error(&e, "query", query)}),
    }
}
