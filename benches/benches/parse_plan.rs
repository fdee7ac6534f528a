//! `parse_plan`: KQL text → AST → DataFusion `LogicalPlan` for each corpus query.
//!
//! Why: planning runs before every query and must stay negligible next to execution. The peer,
//! measured in the same run, is DataFusion's own optimiser on the plan kqlake produces: the
//! front end (parse + plan) should cost a fraction of what DataFusion adds after it.

#![allow(
    missing_docs,
    reason = "criterion's macros generate undocumented items"
)]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use kql_engine::{Engine, EngineOptions};
use kqlake_benches::{SAMPLE_NOW_NANOS, corpus, root};
use std::hint::black_box;

fn parse_plan(c: &mut Criterion) {
    let engine = Engine::open(EngineOptions {
        data: vec![root().join("testdata/exports")],
        now_nanos: Some(SAMPLE_NOW_NANOS),
        ..EngineOptions::default()
    })
    .expect("the sample export opens");
    let mut group = c.benchmark_group("parse_plan");
    for (name, query) in corpus() {
        group.bench_function(BenchmarkId::new("parse", &name), |b| {
            b.iter(|| kql_syntax::parse_query(black_box(&query)))
        });
        group.bench_function(BenchmarkId::new("parse+plan", &name), |b| {
            b.iter(|| engine.plan(black_box(&query)))
        });
        let planned = engine.plan(&query).expect("corpus queries plan");
        group.bench_function(BenchmarkId::new("peer: datafusion optimize", &name), |b| {
            b.iter(|| engine.optimize(black_box(&planned)))
        });
    }
    group.finish();
}

criterion_group!(benches, parse_plan);
criterion_main!(benches);
