//! `end_to_end`: each corpus query over the bundled sample export (about 1,000 small blobs),
//! from text to collected batches.
//!
//! Why: this is what a user waits for; it tracks discovery-free query latency (parse, plan,
//! scan with time pruning, aggregate). Its peers are measured by `benches/compare/run.sh`
//! (DuckDB and DataFusion's Python package on the same files), since neither is a Rust
//! dependency.

#![allow(
    missing_docs,
    reason = "criterion's macros generate undocumented items"
)]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use kql_engine::{Engine, EngineOptions};
use kqlake_benches::{SAMPLE_NOW_NANOS, corpus, root};
use std::hint::black_box;

fn end_to_end(c: &mut Criterion) {
    let engine = Engine::open(EngineOptions {
        data: vec![root().join("testdata/exports")],
        now_nanos: Some(SAMPLE_NOW_NANOS),
        ..EngineOptions::default()
    })
    .expect("the sample export opens");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let mut group = c.benchmark_group("end_to_end");
    group.sample_size(20);
    for (name, query) in corpus() {
        group.bench_function(BenchmarkId::new("sample", &name), |b| {
            b.iter(|| {
                runtime
                    .block_on(engine.query(black_box(&query)))
                    .expect("runs")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, end_to_end);
criterion_main!(benches);
