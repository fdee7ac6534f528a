//! `scan`: decoding one busy hour's diagnostic-settings `PT1H.json` into Arrow batches.
//!
//! Why: the JSON decode is the hot path of every query over exports. Peers on the same bytes,
//! in the same run: arrow-json (DataFusion's own NDJSON decoder, given a schema inferred
//! beforehand and told to coerce numbers into string columns; it neither flattens `properties`
//! nor converts to the documented types) and a plain
//! `serde_json::Value` parse of each line (no Arrow output at all).

#![allow(
    missing_docs,
    reason = "criterion's macros generate undocumented items"
)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kql_exports::{ExportCatalog, ScanOptions, decode_json_file};
use kqlake_benches::big_cluster_event_blob;
use std::hint::black_box;
use std::sync::Arc;

fn scan(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let blob = big_cluster_event_blob(dir.path(), 4).expect("bench blob");
    let bytes = std::fs::read(&blob).expect("blob");
    let catalog = ExportCatalog::discover(&[dir.path().to_path_buf()], ScanOptions::default())
        .expect("bench export");
    let table = catalog
        .table("AmlComputeClusterEvent")
        .expect("cluster events");
    // Q5's columns: the projection a real query asks for.
    let q5: Vec<usize> = [
        "TimeGenerated",
        "ClusterName",
        "ClusterType",
        "VmSize",
        "VmPriority",
        "TargetNodeCount",
        "_ResourceId",
    ]
    .iter()
    .map(|n| {
        table
            .columns
            .iter()
            .position(|c| c.name == *n)
            .expect("Q5 column")
    })
    .collect();
    let (schema, _) =
        arrow_json::reader::infer_json_schema_from_seekable(std::io::Cursor::new(&bytes), None)
            .expect("arrow-json infers a schema");
    let schema = Arc::new(schema);

    let mut group = c.benchmark_group("scan_pt1h");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.sample_size(30);
    group.bench_function("kqlake: all 47 columns", |b| {
        b.iter(|| decode_json_file(table, black_box(&blob), None, 8192).expect("decodes"))
    });
    group.bench_function("kqlake: Q5's 7 columns", |b| {
        b.iter(|| decode_json_file(table, black_box(&blob), Some(&q5), 8192).expect("decodes"))
    });
    group.bench_function("peer: arrow-json, inferred schema", |b| {
        b.iter(|| {
            let reader = arrow_json::ReaderBuilder::new(Arc::clone(&schema))
                .with_batch_size(8192)
                // Numbers that drift into strings (`"CoreCount":"0"`) would fail it otherwise.
                .with_coerce_primitive(true)
                .build(std::io::Cursor::new(black_box(&bytes)))
                .expect("reader");
            reader
                .map(|batch| batch.expect("arrow-json decodes").num_rows())
                .sum::<usize>()
        })
    });
    group.bench_function("peer: serde_json::Value per line", |b| {
        b.iter(|| {
            let text = std::str::from_utf8(black_box(&bytes)).expect("utf-8");
            text.lines()
                .map(|l| {
                    serde_json::from_str::<serde_json::Value>(l)
                        .map(|v| v.is_object())
                        .unwrap_or(false) as usize
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, scan);
criterion_main!(benches);
