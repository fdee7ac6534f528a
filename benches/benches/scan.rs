//! `scan`: decoding one busy hour's diagnostic-settings `PT1H.json` into Arrow batches.
//!
//! Why: the JSON decode is the hot path of every query over exports, and the choice of its parser
//! was made here. Peers on the same bytes, in the same run:
//!
//! - kqlake's own serde_json reference capture (the decoder before the hand-written scanner; same
//!   output), with and without the pushed filter;
//! - sonic-rs's lazy, validating object iterator capturing the same fields (no Arrow output, no
//!   conversion: a lower bound of a sonic-rs decoder);
//! - arrow-json (DataFusion's own NDJSON decoder, given a schema inferred beforehand and told to
//!   coerce numbers into string columns; it neither flattens `properties` nor converts to the
//!   documented types);
//! - a plain `serde_json::Value` parse of each line (no Arrow output at all).
//!
//! Groups: `scan_pt1h` (AmlComputeClusterEvent, Q5's 7 columns and all 47) and `scan_pt1h_jobs`
//! (AmlComputeJobEvent, Q2's projection, without and with Q2's selective `JobName` filter and
//! Q1's `EventType == "JobFailed"`, each with the line prefilter on and off: lines without the
//! literal skipped unparsed, or every line parsed as `--strict` does).

#![allow(
    missing_docs,
    reason = "criterion's macros generate undocumented items"
)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use datafusion::arrow::array::{Array, AsArray};
use datafusion::logical_expr::{Expr, lit};
use datafusion::prelude::Column;
use kql_exports::{DecodeOptions, ExportCatalog, ExportTable, ScanOptions, decode_json_file};
use kqlake_benches::big_blob;
use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

/// Q2's job name: a handful of records per blob.
const Q2_JOB: &str = "automl_a9940991-dedb-4262-9763-2fd08b79d8fb_setup";

fn positions(table: &ExportTable, names: &[&str]) -> Vec<usize> {
    names
        .iter()
        .map(|n| {
            table
                .columns
                .iter()
                .position(|c| c.name == *n)
                .expect("a column of the table")
        })
        .collect()
}

fn arrow_json_rows(bytes: &[u8], schema: &Arc<datafusion::arrow::datatypes::Schema>) -> usize {
    let reader = arrow_json::ReaderBuilder::new(Arc::clone(schema))
        .with_batch_size(8192)
        // Numbers that drift into strings (`"CoreCount":"0"`) would fail it otherwise.
        .with_coerce_primitive(true)
        .build(std::io::Cursor::new(bytes))
        .expect("reader");
    reader
        .map(|batch| batch.expect("arrow-json decodes").num_rows())
        .sum()
}

fn inferred_schema(bytes: &[u8]) -> Arc<datafusion::arrow::datatypes::Schema> {
    let (schema, _) =
        arrow_json::reader::infer_json_schema_from_seekable(std::io::Cursor::new(bytes), None)
            .expect("arrow-json infers a schema");
    Arc::new(schema)
}

fn decode(
    table: &ExportTable,
    blob: &Path,
    projection: Option<&[usize]>,
    o: &DecodeOptions,
) -> usize {
    decode_json_file(table, black_box(blob), projection, 8192, o)
        .expect("decodes")
        .iter()
        .map(|b| b.num_rows())
        .sum()
}

fn cluster_events(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let blob = big_blob(dir.path(), "amlcomputeclusterevent", 4).expect("bench blob");
    let bytes = std::fs::read(&blob).expect("blob");
    let catalog = ExportCatalog::discover(&[dir.path().to_path_buf()], ScanOptions::default())
        .expect("bench export");
    let table = catalog
        .table("AmlComputeClusterEvent")
        .expect("cluster events");
    // Q5's columns: the projection a real query asks for.
    let q5 = positions(
        table,
        &[
            "TimeGenerated",
            "ClusterName",
            "ClusterType",
            "VmSize",
            "VmPriority",
            "TargetNodeCount",
            "_ResourceId",
        ],
    );
    let schema = inferred_schema(&bytes);
    let fast = DecodeOptions::default();
    let reference = DecodeOptions {
        reference_decoder: true,
        ..DecodeOptions::default()
    };

    let mut group = c.benchmark_group("scan_pt1h");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.sample_size(30);
    group.bench_function("kqlake: all 47 columns", |b| {
        b.iter(|| decode(table, &blob, None, &fast))
    });
    group.bench_function("kqlake: Q5's 7 columns", |b| {
        b.iter(|| decode(table, &blob, Some(&q5), &fast))
    });
    group.bench_function("peer: kqlake serde_json reference, Q5's 7 columns", |b| {
        b.iter(|| decode(table, &blob, Some(&q5), &reference))
    });
    group.bench_function("peer: arrow-json, inferred schema", |b| {
        b.iter(|| arrow_json_rows(black_box(&bytes), &schema))
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

/// sonic-rs's validating lazy iterator capturing Q2's fields: the byte lengths of the raw values
/// of `time` and of five `properties` members (case-insensitive keys, like kqlake).
fn sonic_capture(bytes: &[u8]) -> usize {
    const WANTED: [&str; 5] = [
        "ClusterId",
        "EventType",
        "ExecutionState",
        "ToolType",
        "JobName",
    ];
    let text = std::str::from_utf8(bytes).expect("utf-8");
    let mut total = 0;
    for line in text.lines() {
        for member in sonic_rs::to_object_iter(line) {
            let (key, value) = member.expect("valid JSON");
            if key.eq_ignore_ascii_case("properties") {
                for member in sonic_rs::to_object_iter(value.as_raw_str()) {
                    let (key, value) = member.expect("valid JSON");
                    if WANTED.iter().any(|w| key.eq_ignore_ascii_case(w)) {
                        total += value.as_raw_str().len();
                    }
                }
            } else if key.eq_ignore_ascii_case("time") {
                total += value.as_raw_str().len();
            }
        }
    }
    total
}

fn job_events(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let blob = big_blob(dir.path(), "amlcomputejobevent", 4).expect("bench blob");
    let bytes = std::fs::read(&blob).expect("blob");
    let catalog = ExportCatalog::discover(&[dir.path().to_path_buf()], ScanOptions::default())
        .expect("bench export");
    let table = catalog.table("AmlComputeJobEvent").expect("job events");
    // Q2's projection: its five output columns and the filter column.
    let q2 = positions(
        table,
        &[
            "TimeGenerated",
            "ClusterId",
            "EventType",
            "ExecutionState",
            "ToolType",
            "JobName",
        ],
    );
    let filter = vec![Expr::Column(Column::from_name("JobName")).eq(lit(Q2_JOB))];
    let failed = vec![Expr::Column(Column::from_name("EventType")).eq(lit("JobFailed"))];
    let plain = DecodeOptions::default();
    let filtered = DecodeOptions {
        filters: filter.clone(),
        ..DecodeOptions::default()
    };
    let filtered_parsing_all = DecodeOptions {
        filters: filter.clone(),
        parse_all_lines: true,
        ..DecodeOptions::default()
    };
    let failed_filtered = DecodeOptions {
        filters: failed.clone(),
        ..DecodeOptions::default()
    };
    let failed_parsing_all = DecodeOptions {
        filters: failed,
        parse_all_lines: true,
        ..DecodeOptions::default()
    };
    let reference_filtered = DecodeOptions {
        filters: filter,
        reference_decoder: true,
        parse_all_lines: true,
    };
    assert!(
        decode(table, &blob, Some(&q2), &filtered) > 0,
        "the filter keeps Q2's records"
    );
    // The prefilter never changes which rows pass (the decoder keeps a superset either way).
    let passing = |o: &DecodeOptions, column: usize, wanted: &str| {
        decode_json_file(table, &blob, Some(&q2), 8192, o)
            .expect("decodes")
            .iter()
            .map(|b| {
                let c = b.column(column).as_string::<i32>();
                (0..c.len()).filter(|&r| c.value(r) == wanted).count()
            })
            .sum::<usize>()
    };
    assert_eq!(
        passing(&filtered, 5, Q2_JOB),
        passing(&filtered_parsing_all, 5, Q2_JOB)
    );
    assert_eq!(
        passing(&failed_filtered, 2, "JobFailed"),
        passing(&failed_parsing_all, 2, "JobFailed")
    );
    let schema = inferred_schema(&bytes);

    let mut group = c.benchmark_group("scan_pt1h_jobs");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.sample_size(30);
    group.bench_function("kqlake: Q2's 6 columns", |b| {
        b.iter(|| decode(table, &blob, Some(&q2), &plain))
    });
    group.bench_function("kqlake: Q2's 6 columns, JobName filter pushed", |b| {
        b.iter(|| decode(table, &blob, Some(&q2), &filtered))
    });
    group.bench_function(
        "kqlake: Q2's 6 columns, JobName filter pushed, every line parsed (prefilter off)",
        |b| b.iter(|| decode(table, &blob, Some(&q2), &filtered_parsing_all)),
    );
    group.bench_function(
        "kqlake: Q2's 6 columns, Q1's EventType filter pushed",
        |b| b.iter(|| decode(table, &blob, Some(&q2), &failed_filtered)),
    );
    group.bench_function(
        "kqlake: Q2's 6 columns, Q1's EventType filter pushed, every line parsed (prefilter off)",
        |b| b.iter(|| decode(table, &blob, Some(&q2), &failed_parsing_all)),
    );
    group.bench_function(
        "peer: kqlake serde_json reference, JobName filter pushed",
        |b| b.iter(|| decode(table, &blob, Some(&q2), &reference_filtered)),
    );
    group.bench_function(
        "peer: sonic-rs lazy capture of Q2's fields (no Arrow)",
        |b| b.iter(|| sonic_capture(black_box(&bytes))),
    );
    group.bench_function("peer: arrow-json, inferred schema", |b| {
        b.iter(|| arrow_json_rows(black_box(&bytes), &schema))
    });
    group.finish();
}

criterion_group!(benches, cluster_events, job_events);
criterion_main!(benches);
