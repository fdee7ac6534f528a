//! Plain files (`--data Table.jsonl`, `.json.gz`, `.parquet`, table folders).

use std::fs::File;
use std::sync::Arc;

use arrow::array::{BinaryArray, Int32Array, StringArray, TimestampMicrosecondArray};
use arrow::datatypes::{DataType, Field, Schema, TimeUnit};
use arrow::record_batch::RecordBatch;
use kql_exports::{DuplicateMode, ExportCatalog, ScanOptions};
use kql_syntax::KqlType;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, GzipLevel, ZstdLevel};
use parquet::file::properties::WriterProperties;

use crate::common::*;

#[tokio::test]
async fn plain_jsonl_of_a_known_table_uses_the_catalog_schema() {
    let fx = Fixture::new();
    let file = fx.write(
        "AmlComputeJobEvent.jsonl",
        concat!(
            r#"{"TimeGenerated":"2024-05-01T05:12:34.1234567Z","JobName":"j1","EventType":"JobFailed","_ResourceId":"/subscriptions/s/x"}"#,
            "\n",
            r#"{"timeGenerated":"2016-07-15T17:58:55.048482Z","jobname":"j2","TFWorkerCount":4}"#,
            "\n"
        ),
    );
    let cat = ExportCatalog::discover(&[file], ScanOptions::default()).unwrap();
    assert_eq!(cat.table_names(), vec!["AmlComputeJobEvent"]);
    let t = cat.table("AmlComputeJobEvent").unwrap();
    assert_eq!(t.columns.len(), 33);
    let batches = scan_all(t).await;
    // 2016-07-15T17:58:55Z = 1468605535 s.
    assert_eq!(
        rows(
            &batches,
            &[
                "TimeGenerated",
                "JobName",
                "EventType",
                "TFWorkerCount",
                "_SubscriptionId",
                "Type"
            ]
        ),
        vec![
            vec![
                (MAY1 + 5 * HOUR + 12 * MIN + 34 * SEC + 123_456_700).to_string(),
                "j1".into(),
                "JobFailed".into(),
                "".into(),
                "s".into(),
                "AmlComputeJobEvent".into()
            ],
            vec![
                (1_468_605_535 * SEC + 48_482_000).to_string(),
                "j2".into(),
                "".into(),
                "4".into(),
                "".into(),
                "AmlComputeJobEvent".into()
            ],
        ]
    );
}

#[tokio::test]
async fn plain_unknown_file_is_inferred_and_gzip_is_read() {
    let fx = Fixture::new();
    fx.write_gz(
        "Custom.ndjson.gz",
        &[concat!(
            r#"{"Name":"a","N":1,"When":"2024-05-01T00:00:00Z","Big":18446744073709551615}"#,
            "\n",
            r#"{"Name":"b","N":"x","Extra":[1]}"#,
            "\n"
        )],
    );
    let cat = fx.catalog();
    assert_eq!(cat.table_names(), vec!["Custom"]);
    let t = cat.table("Custom").unwrap();
    let cols: Vec<(&str, KqlType)> = t
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.kql_type))
        .collect();
    assert_eq!(
        cols,
        vec![
            ("Name", KqlType::String),
            // A number then a non-numeric string: widened to string.
            ("N", KqlType::String),
            ("When", KqlType::DateTime),
            // Beyond i64: real.
            ("Big", KqlType::Real),
            ("Extra", KqlType::Dynamic),
        ]
    );
    let batches = scan_all(t).await;
    assert_eq!(
        rows(&batches, &["Name", "N", "When", "Extra"]),
        vec![
            vec!["a".to_owned(), "1".into(), MAY1.to_string(), "∅".into()],
            vec!["b".to_owned(), "x".into(), "∅".into(), "[1]".into()],
        ]
    );
}

fn write_parquet(path: &std::path::Path, times_us: &[i64], nodes: &[&str], counts: &[i32]) {
    write_parquet_with(path, times_us, nodes, counts, Compression::UNCOMPRESSED);
}

/// [`write_parquet`] with a codec.
fn write_parquet_with(
    path: &std::path::Path,
    times_us: &[i64],
    nodes: &[&str],
    counts: &[i32],
    compression: Compression,
) {
    let schema = Arc::new(Schema::new(vec![
        Field::new(
            "TimeGenerated",
            DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
            true,
        ),
        Field::new("NodeId", DataType::Utf8, true),
        Field::new("Count", DataType::Int32, true),
        Field::new("Blob", DataType::Binary, true),
    ]));
    let batch = RecordBatch::try_new(
        Arc::clone(&schema),
        vec![
            Arc::new(TimestampMicrosecondArray::from(times_us.to_vec()).with_timezone("UTC")),
            Arc::new(StringArray::from(nodes.to_vec())),
            Arc::new(Int32Array::from(counts.to_vec())),
            Arc::new(BinaryArray::from(vec![b"x".as_slice(); nodes.len()])),
        ],
    )
    .unwrap();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let props = WriterProperties::builder()
        .set_compression(compression)
        .build();
    let mut w = ArrowWriter::try_new(File::create(path).unwrap(), schema, Some(props)).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
}

#[tokio::test]
async fn parquet_folder_is_read_recursively() {
    let fx = Fixture::new();
    let us = MAY1 / 1000;
    write_parquet(
        &fx.path().join("AmlComputeClusterNodeEvent/part-0.parquet"),
        &[us, us + 1],
        &["n1", "n2"],
        &[1, 2],
    );
    // A sub-folder with Hive-looking names: still the same table, no partition columns.
    write_parquet(
        &fx.path()
            .join("AmlComputeClusterNodeEvent/timestamp=2024-05-01T13/m=05/part-1.parquet"),
        &[us + 2],
        &["n3"],
        &[3],
    );
    let cat = fx.catalog();
    assert_eq!(cat.table_names(), vec!["AmlComputeClusterNodeEvent"]);
    let t = cat.table("AmlComputeClusterNodeEvent").unwrap();
    assert_eq!(t.files, 2);
    let cols: Vec<(&str, KqlType)> = t
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.kql_type))
        .collect();
    assert_eq!(
        cols,
        vec![
            ("TimeGenerated", KqlType::DateTime),
            ("NodeId", KqlType::String),
            ("Count", KqlType::Int)
        ]
    );
    let warnings = cat.warnings();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("'Blob'") && w.contains("left out")),
        "{warnings:?}"
    );
    let batches = scan_all(t).await;
    assert_eq!(
        sorted_rows(&batches, &["TimeGenerated", "NodeId", "Count"]),
        vec![
            vec![MAY1.to_string(), "n1".into(), "1".into()],
            vec![(MAY1 + 1000).to_string(), "n2".into(), "2".into()],
            vec![(MAY1 + 2000).to_string(), "n3".into(), "3".into()],
        ]
    );
}

#[tokio::test]
async fn a_single_parquet_file_is_a_table() {
    let fx = Fixture::new();
    let path = fx.path().join("Nodes.parquet");
    write_parquet(&path, &[0], &["only"], &[7]);
    let cat = ExportCatalog::discover(&[path], ScanOptions::default()).unwrap();
    let batches = scan_all(cat.table("Nodes").unwrap()).await;
    assert_eq!(
        rows(&batches, &["NodeId", "Count"]),
        vec![vec!["only", "7"]]
    );
}

#[tokio::test]
async fn an_explicit_empty_file_is_an_empty_table_with_a_warning() {
    let fx = Fixture::new();
    let empty = fx.write("Empty.jsonl", "");
    let known = fx.write("AmlComputeJobEvent.json", "\n\n");
    let cat = ExportCatalog::discover(&[empty, known], ScanOptions::default()).unwrap();
    assert_eq!(cat.table_names(), vec!["AmlComputeJobEvent", "Empty"]);
    let warnings = cat.warnings();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings.iter().all(|w| w.contains("is empty")),
        "{warnings:?}"
    );
    assert_eq!(count(&scan_all(cat.table("Empty").unwrap()).await), 0);
    let known = cat.table("AmlComputeJobEvent").unwrap();
    assert_eq!(known.columns.len(), 33, "catalog schema even without rows");
    assert_eq!(count(&scan_all(known).await), 0);
}

#[tokio::test]
async fn json_and_parquet_files_of_one_table_are_one_table() {
    let fx = Fixture::new();
    // 2024-05-01T00:00:00Z and one second later, in microseconds.
    let us = MAY1 / 1000;
    fx.write(
        "T/a.jsonl",
        "{\"A\":1,\"NodeId\":\"j\"}\n{\"A\":2,\"NodeId\":\"j\"}\n",
    );
    write_parquet(
        &fx.path().join("T/b.parquet"),
        &[us, us + 1_000_000],
        &["x", "y"],
        &[3, 4],
    );
    // The same two rows again: duplicates of the first file's.
    write_parquet(
        &fx.path().join("T/c/d.parquet"),
        &[us, us + 1_000_000],
        &["x", "y"],
        &[3, 4],
    );
    let options = |duplicates| ScanOptions {
        duplicates,
        ..ScanOptions::default()
    };
    let cat =
        ExportCatalog::discover(&[fx.path().to_path_buf()], options(DuplicateMode::Count)).unwrap();
    let t = cat.table("T").unwrap();
    // JSON's inferred columns first, then the Parquet-only ones; the binary column left out.
    let columns: Vec<(&str, KqlType)> = t
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.kql_type))
        .collect();
    assert_eq!(
        columns,
        vec![
            ("A", KqlType::Long),
            ("NodeId", KqlType::String),
            ("TimeGenerated", KqlType::DateTime),
            ("Count", KqlType::Int),
        ]
    );
    assert_eq!((t.files, t.layouts().len()), (3, 2));
    assert!(cat.warnings().iter().any(|w| w.contains("'Blob'")));
    let cols = ["A", "NodeId", "TimeGenerated", "Count"];
    let second = (MAY1 + SEC).to_string();
    let may1 = MAY1.to_string();
    let mut expected = vec![
        vec!["1", "j", "∅", "∅"],
        vec!["2", "j", "∅", "∅"],
        vec!["∅", "x", may1.as_str(), "3"],
        vec!["∅", "x", may1.as_str(), "3"],
        vec!["∅", "y", second.as_str(), "4"],
        vec!["∅", "y", second.as_str(), "4"],
    ];
    assert_eq!(sorted_rows(&scan_all(t).await, &cols), expected);
    assert_eq!(cat.stats().duplicate_records, 2);
    let cat = ExportCatalog::discover(&[fx.path().to_path_buf()], options(DuplicateMode::Remove))
        .unwrap();
    expected.dedup();
    assert_eq!(
        sorted_rows(&scan_all(cat.table("T").unwrap()).await, &cols),
        expected
    );
    assert_eq!(cat.stats().duplicate_records, 2);
}

#[test]
fn a_parquet_column_that_cannot_read_as_the_json_type_is_refused() {
    let fx = Fixture::new();
    fx.write("T/a.jsonl", "{\"TimeGenerated\":true}\n");
    write_parquet(&fx.path().join("T/b.parquet"), &[0], &["x"], &[1]);
    let err = ExportCatalog::discover(&[fx.path().to_path_buf()], ScanOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("column 'TimeGenerated' of table 'T' is bool but Timestamp(µs, \"UTC\")"),
        "{err}"
    );
}

#[tokio::test]
async fn a_partitioned_parquet_tree_is_one_table_pruned_by_its_folders() {
    use datafusion::physical_plan::displayable;
    use datafusion::prelude::{ident, lit};
    use datafusion::scalar::ScalarValue;
    let fx = Fixture::new();
    let root = fx.path().join("MyTable");
    // Four rows in three files, three codecs, any names; times in µs.
    let us = MAY1 / 1000;
    let (min_us, hour_us) = (MIN / 1000, HOUR / 1000);
    write_parquet_with(
        &root.join("date=2024-05-01/h=00/part-a.snappy.parquet"),
        &[us + 10 * min_us, us + 20 * min_us],
        &["a", "b"],
        &[1, 2],
        Compression::SNAPPY,
    );
    write_parquet_with(
        &root.join("date=2024-05-01/h=01/anything.parquet"),
        &[us + hour_us + 5 * min_us],
        &["c"],
        &[3],
        Compression::GZIP(GzipLevel::default()),
    );
    write_parquet_with(
        &root.join("date=2024-05-02/x.parquet"),
        &[us + 36 * hour_us],
        &["d"],
        &[4],
        Compression::ZSTD(ZstdLevel::default()),
    );
    let cat = ExportCatalog::discover(std::slice::from_ref(&root), ScanOptions::default()).unwrap();
    // The root names the table; partition folders are no columns.
    assert_eq!(cat.table_names(), vec!["MyTable"]);
    let t = cat.table("MyTable").unwrap();
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, vec!["TimeGenerated", "NodeId", "Count"]);
    assert_eq!(
        sorted_rows(&scan_all(t).await, &["NodeId", "Count"]),
        vec![
            vec!["a", "1"],
            vec!["b", "2"],
            vec!["c", "3"],
            vec!["d", "4"]
        ]
    );
    // 2024-05-01T01:00 ≤ TimeGenerated < 02:00: only the h=01 folder's file is read.
    let at = |v: i64| {
        lit(ScalarValue::TimestampMicrosecond(
            Some(v),
            Some("UTC".into()),
        ))
    };
    let frame = session(4, 8192)
        .read_table(Arc::clone(&t.provider))
        .unwrap()
        .filter(
            ident("TimeGenerated")
                .gt_eq(at(us + hour_us))
                .and(ident("TimeGenerated").lt(at(us + 2 * hour_us))),
        )
        .unwrap();
    let plan = frame.clone().create_physical_plan().await.unwrap();
    let shown = displayable(plan.as_ref()).indent(true).to_string();
    assert_eq!(shown.matches(".parquet").count(), 1, "{shown}");
    assert!(shown.contains("anything.parquet"), "{shown}");
    let batches = frame.collect().await.unwrap();
    assert_eq!(rows(&batches, &["NodeId", "Count"]), vec![vec!["c", "3"]]);
    // A range no folder holds reads nothing; --no-pruning reads every file.
    let none = session(4, 8192)
        .read_table(Arc::clone(&t.provider))
        .unwrap()
        .filter(ident("TimeGenerated").gt_eq(at(us + 48 * hour_us)))
        .unwrap();
    assert_eq!(count(&none.collect().await.unwrap()), 0);
    let unpruned = ExportCatalog::discover(
        &[root],
        ScanOptions {
            no_pruning: true,
            ..ScanOptions::default()
        },
    )
    .unwrap();
    let frame = session(4, 8192)
        .read_table(Arc::clone(&unpruned.table("MyTable").unwrap().provider))
        .unwrap()
        .filter(ident("TimeGenerated").gt_eq(at(us + hour_us)))
        .unwrap();
    let shown = displayable(frame.create_physical_plan().await.unwrap().as_ref())
        .indent(true)
        .to_string();
    assert_eq!(shown.matches(".parquet").count(), 3, "{shown}");
}
