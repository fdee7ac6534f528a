//! `kql convert`: the sample export compacted to Parquet answers every corpus query exactly as
//! the JSON export does; the files are per table and day, sorted by `TimeGenerated`, with
//! statistics and a page index; a re-run after new hours arrive rewrites only the days those
//! hours can hold, and a run with nothing new writes nothing.

use crate::support::{
    SAMPLE, SAMPLE_NOW, copy_tree, corpus_queries, kql, root, sorted_csv, stderr, stdout,
};
use std::path::Path;

fn convert(data: &Path, out: &Path) -> String {
    let o = kql(&[
        "convert",
        "--data",
        data.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // No terminal here: no progress bar on stderr.
    assert!(!stderr(&o).contains('['), "{}", stderr(&o));
    stdout(&o)
}

/// The summary line of `table`.
fn line<'a>(summary: &'a str, table: &str) -> &'a str {
    summary
        .lines()
        .find(|l| l.starts_with(&format!("{table}: ")))
        .unwrap_or_else(|| panic!("no line for {table} in {summary}"))
}

fn query(data: &Path, text: &str) -> (String, Vec<String>) {
    let o = kql(&[
        "query",
        "--data",
        data.to_str().expect("utf-8"),
        "--now",
        SAMPLE_NOW,
        "--format",
        "csv",
        text,
    ]);
    assert_eq!(o.status.code(), Some(0), "{text}: {}", stderr(&o));
    sorted_csv(&stdout(&o))
}

#[test]
fn converted_copy_answers_like_the_export_and_reruns_convert_only_new_hours() {
    let temp = tempfile::tempdir().expect("temp dir");
    let (export, parquet) = (temp.path().join("export"), temp.path().join("parquet"));
    // The export without its last day's blobs (arrival day 2026-11-19).
    let mut held = Vec::new();
    copy_tree(
        &root().join(SAMPLE),
        &export,
        &|p| !p.contains("/d=19/"),
        &mut held,
    );
    let held_jobs = held
        .iter()
        .filter(|(s, _)| s.to_string_lossy().contains("amlcomputejobevent"))
        .count();
    assert!(held_jobs > 10, "{held_jobs}");

    let first = convert(&export, &parquet);
    let jobs = line(&first, "AmlComputeJobEvent");
    assert!(jobs.contains("wrote "), "{jobs}");
    let day10 = parquet.join("AmlComputeJobEvent/AmlComputeJobEvent-2026-11-10.parquet");
    assert!(day10.is_file(), "{first}");
    let day10_written = std::fs::metadata(&day10)
        .and_then(|m| m.modified())
        .expect("mtime");

    // The last day's hours arrive: only the days within 48 h before them (and 2 h after) are
    // rewritten: 2026-11-17 … 2026-11-19 (and 11-20 if a row is from then), never 11-10.
    for (source, target) in &held {
        std::fs::create_dir_all(target.parent().expect("a parent")).expect("a folder");
        std::fs::copy(source, target).expect("a copy");
    }
    let second = convert(&export, &parquet);
    let jobs = line(&second, "AmlComputeJobEvent");
    assert!(
        jobs.starts_with(&format!(
            "AmlComputeJobEvent: {held_jobs} new source file(s); "
        )),
        "{jobs}"
    );
    assert!(
        jobs.contains("AmlComputeJobEvent-2026-11-19.parquet"),
        "{jobs}"
    );
    for day in 10..=16 {
        assert!(!jobs.contains(&format!("2026-11-{day}")), "{jobs}");
    }
    assert_eq!(
        std::fs::metadata(&day10)
            .and_then(|m| m.modified())
            .expect("mtime"),
        day10_written
    );

    let third = convert(&export, &parquet);
    assert_eq!(
        line(&third, "AmlComputeJobEvent"),
        "AmlComputeJobEvent: nothing new"
    );

    // The same answers from the converted copy as from the JSON export.
    let mut queries = corpus_queries();
    queries.extend(
        [
            "AmlComputeJobEvent | getschema",
            "AmlComputeClusterEvent | summarize n = count(), nodes = sum(TargetNodeCount) by bin(TimeGenerated, 1d), _ResourceId",
            "AmlComputeJobEvent | extend tool = tostring(properties.ToolType) | summarize count() by tool, EventType",
            "AmlComputeClusterNodeEvent | project TimeGenerated, NodeId, NodeAllocationTime, properties",
            "union AmlComputeJobEvent, AmlComputeClusterEvent | summarize min(TimeGenerated), max(TimeGenerated), count()",
        ]
        .map(str::to_owned),
    );
    for q in &queries {
        let (json_header, json_rows) = query(&export, q);
        let (parquet_header, parquet_rows) = query(&parquet, q);
        assert!(!json_rows.is_empty(), "{q}: no rows");
        assert_eq!(json_header, parquet_header, "{q}");
        assert_eq!(json_rows, parquet_rows, "{q}");
    }
}

#[test]
fn day_files_are_sorted_with_statistics_and_a_page_index() {
    use arrow::array::{Array, TimestampNanosecondArray};
    use parquet::arrow::arrow_reader::{ArrowReaderOptions, ParquetRecordBatchReaderBuilder};
    use parquet::file::metadata::PageIndexPolicy;
    let temp = tempfile::tempdir().expect("temp dir");
    let out = temp.path().join("parquet");
    convert(&root().join(SAMPLE), &out);
    let path = out.join("AmlComputeClusterEvent/AmlComputeClusterEvent-2026-11-15.parquet");
    let file = std::fs::File::open(&path).expect("the day file");
    let builder = ParquetRecordBatchReaderBuilder::try_new_with_options(
        file,
        ArrowReaderOptions::new().with_page_index_policy(PageIndexPolicy::Required),
    )
    .expect("a Parquet file");
    let metadata = std::sync::Arc::clone(builder.metadata());
    assert!(metadata.column_index().is_some(), "page index written");
    assert!(metadata.offset_index().is_some(), "offset index written");
    let group = metadata.row_group(0);
    assert!(group.column(1).statistics().is_some(), "statistics written");
    assert_eq!(
        group.sorting_columns().map(|s| s[0].column_idx),
        Some(1),
        "TimeGenerated (column 1) is the recorded sort key"
    );
    let schema = std::sync::Arc::clone(builder.schema());
    let index = schema.index_of("TimeGenerated").expect("the column");
    let mut times = Vec::new();
    for batch in builder.build().expect("a reader") {
        let batch = batch.expect("a batch");
        let column = batch
            .column(index)
            .as_any()
            .downcast_ref::<TimestampNanosecondArray>()
            .expect("nanosecond datetimes")
            .clone();
        times.extend(column.iter().map(|t| t.expect("dated")));
    }
    assert!(!times.is_empty());
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "sorted");
    // 2026-11-15 = 1794700800 s.
    let day = 1_794_700_800_000_000_000i64;
    assert!(
        times
            .iter()
            .all(|&t| (day..day + 86_400_000_000_000).contains(&t))
    );
}

#[test]
fn dedup_leaves_each_record_once_in_the_parquet_copy() {
    // The workspace export delivers some rows twice; `--dedup` over the JSON is the reference.
    let data = root().join("testdata/layouts/workspace-export");
    let out = tempfile::tempdir().expect("a temp dir");
    let o = kql(&[
        "convert",
        "--data",
        data.to_str().expect("utf-8"),
        "--out",
        out.path().to_str().expect("utf-8"),
        "--dedup",
        "--memory-limit",
        "64M",
        "--temp-dir",
        out.path().to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let count = "union withsource=T AmlCompute* | summarize n = count() by T";
    let json = kql(&[
        "query",
        "--data",
        data.to_str().expect("utf-8"),
        "--dedup",
        "--format",
        "csv",
        count,
    ]);
    let with_duplicates = kql(&[
        "query",
        "--data",
        data.to_str().expect("utf-8"),
        "--format",
        "csv",
        count,
    ]);
    let parquet = kql(&[
        "query",
        "--data",
        out.path().to_str().expect("utf-8"),
        "--format",
        "csv",
        count,
    ]);
    assert_eq!(sorted_csv(&stdout(&parquet)), sorted_csv(&stdout(&json)));
    assert_ne!(
        sorted_csv(&stdout(&with_duplicates)),
        sorted_csv(&stdout(&json)),
        "the fixture holds duplicates"
    );
}

#[test]
fn a_memory_limit_below_the_minimum_is_refused() {
    let out = tempfile::tempdir().expect("a temp dir");
    let o = kql(&[
        "convert",
        "--data",
        root().join(SAMPLE).to_str().expect("utf-8"),
        "--out",
        out.path().to_str().expect("utf-8"),
        "--memory-limit",
        "1K",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("--memory-limit 1K is too small"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_output_folder_among_the_inputs_is_refused() {
    // The converted copy and the JSON it came from are one table: converting into a folder that
    // is (or holds, or sits in) a --data root would read the copy back and repeat its rows.
    let temp = tempfile::tempdir().expect("temp dir");
    let (export, out) = (temp.path().join("export"), temp.path().join("parquet"));
    std::fs::create_dir_all(&export).expect("a folder");
    std::fs::create_dir_all(&out).expect("a folder");
    let inside = export.join("parquet");
    for (data, target) in [
        (vec![&export, &out], &out),
        (vec![&export], &inside),
        (vec![&inside], &export),
    ] {
        let mut args = vec!["convert", "--out", target.to_str().expect("utf-8")];
        for d in &data {
            args.extend(["--data", d.to_str().expect("utf-8")]);
        }
        let o = kql(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(stderr(&o).contains("overlap"), "{}", stderr(&o));
    }
}
