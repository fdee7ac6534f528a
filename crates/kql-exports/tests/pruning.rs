//! Time pruning (§6): pruned and unpruned scans return the same rows; files are really skipped.

use std::sync::Arc;

use arrow::array::{Array, AsArray};
use arrow::datatypes::TimestampNanosecondType;
use arrow::record_batch::RecordBatch;
use datafusion::common::ScalarValue;
use datafusion::physical_plan::displayable;
use datafusion::prelude::{Expr, ident, lit};
use kql_exports::ExportTable;

use crate::common::*;

fn ts(ns: i64) -> Expr {
    lit(ScalarValue::TimestampNanosecond(
        Some(ns),
        Some("UTC".into()),
    ))
}

fn rec(time: &str, name: &str) -> String {
    format!(r#"{{"time":"{time}","resourceId":"{RID}","properties":{{"JobName":"{name}"}}}}"#)
        + "\n"
}

/// A diagnostic tree with out-of-bucket records (§8.3): blob hour ≠ event hour.
fn diagnostic_tree(fx: &Fixture) {
    let c = "insights-logs-amlcomputejobevent";
    fx.write(
        &diag_blob(c, 2, "PT1H.json"),
        rec("2024-05-01T02:10:00Z", "h02"),
    );
    // A 12:59:59 record that arrived after the rollover, in hour 13's blob.
    fx.write(
        &diag_blob(c, 13, "PT1H.json"),
        rec("2024-05-01T12:59:59.9999999Z", "late-rollover") + &rec("2024-05-01T13:30:00Z", "h13"),
    );
    fx.write(
        &diag_blob(c, 14, "PT1H.json"),
        rec("2024-05-01T14:00:00Z", "h14"),
    );
    // A record 30 h older than its blob hour (stale uploader).
    fx.write(
        &diag_blob(c, 20, "PT1H_1.json"),
        rec("2024-04-30T14:00:00Z", "stale-30h") + &rec("2024-05-01T20:00:00Z", "h20"),
    );
    fx.write(
        &diag_blob(c, 23, "PT1H.json"),
        rec("2024-05-01T23:00:00Z", "h23"),
    );
}

/// All (TimeGenerated, JobName) of a filtered DataFrame scan, and the plan's file counter.
async fn filtered(t: &ExportTable, filter: Option<Expr>) -> (Vec<Vec<String>>, String) {
    let ctx = session(3, 8192);
    let mut df = ctx.read_table(Arc::clone(&t.provider)).unwrap();
    if let Some(f) = filter {
        df = df.filter(f).unwrap();
    }
    let plan = df.clone().create_physical_plan().await.unwrap();
    let text = displayable(plan.as_ref()).indent(false).to_string();
    let files = text
        .split("files=")
        .nth(1)
        .map(|s| s.split(',').next().unwrap().to_owned())
        .unwrap_or_default();
    let batches = df.collect().await.unwrap();
    (sorted_rows(&batches, &["TimeGenerated", "JobName"]), files)
}

/// The unpruned answer: every row, filtered here by hand.
fn by_hand(all: &[RecordBatch], keep: impl Fn(i64) -> bool) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for b in all {
        let t = b
            .column_by_name("TimeGenerated")
            .unwrap()
            .as_primitive::<TimestampNanosecondType>();
        let names = b.column_by_name("JobName").unwrap().as_string::<i32>();
        for r in 0..b.num_rows() {
            if t.is_valid(r) && keep(t.value(r)) {
                out.push(vec![t.value(r).to_string(), names.value(r).to_owned()]);
            }
        }
    }
    out.sort();
    out
}

#[tokio::test]
async fn diagnostic_pruning_keeps_late_and_stale_records() {
    let fx = Fixture::new();
    diagnostic_tree(&fx);
    let cat = fx.catalog();
    let t = cat.table("AmlComputeJobEvent").unwrap();
    let all = scan_all(t).await;
    assert_eq!(count(&all), 7);
    let tg = || ident("TimeGenerated");

    // TimeGenerated > 13:00 → blobs from hour 12 on: skips hour 2 only.
    let lo = MAY1 + 13 * HOUR;
    let (rows_, files) = filtered(t, Some(tg().gt(ts(lo)))).await;
    assert_eq!(files, "4/5");
    assert_eq!(rows_, by_hand(&all, |v| v > lo));
    let names: Vec<&str> = rows_.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(names, vec!["h13", "h14", "h20", "h23"]);

    // TimeGenerated >= 12:59 → hour 13's blob holds the rollover record.
    let lo = MAY1 + 12 * HOUR + 59 * MIN;
    let (rows_, _) = filtered(t, Some(tg().gt_eq(ts(lo)))).await;
    assert_eq!(rows_, by_hand(&all, |v| v >= lo));
    assert!(rows_.iter().any(|r| r[1] == "late-rollover"));

    // April 30th only: found in May 1st 20:00's blob (48 h slack), not pruned away.
    let (lo, hi) = (MAY1 - 24 * HOUR, MAY1);
    let (rows_, files) = filtered(t, Some(tg().gt_eq(ts(lo)).and(tg().lt(ts(hi))))).await;
    assert_eq!(rows_, by_hand(&all, |v| v >= lo && v < hi));
    assert_eq!(rows_.len(), 1);
    assert_eq!(rows_[0][1], "stale-30h");
    assert_eq!(files, "5/5", "every blob is within 48 h of May 1st");

    // A window ending 38 h before May 1st: only blobs up to 10:00 (38 h + … < 48 h) may hold it.
    let (lo, hi) = (MAY1 - 40 * HOUR, MAY1 - 38 * HOUR);
    let (rows_, files) = filtered(t, Some(tg().gt(ts(lo)).and(tg().lt_eq(ts(hi))))).await;
    assert!(rows_.is_empty());
    assert_eq!(
        files, "1/5",
        "only the hour-2 blob is within 48 h of the window"
    );

    // No filter: nothing pruned.
    let (rows_, files) = filtered(t, None).await;
    assert_eq!(files, "5/5");
    assert_eq!(rows_, by_hand(&all, |_| true));
}

#[tokio::test]
async fn export_buckets_prune_exactly() {
    let fx = Fixture::new();
    let blob = |m: u32, leaf: &str| {
        format!(
            "am-amlcomputejobevent/WorkspaceResourceId=/subscriptions/s/y=2024/m=05/d=01/h=13/m={m:02}/{leaf}"
        )
    };
    let row = |t: &str, n: &str| format!(r#"{{"TimeGenerated":"{t}","JobName":"{n}"}}"#) + "\n";
    fx.write(
        &blob(0, "PT05M.json"),
        row("2024-05-01T13:00:00Z", "m00") + &row("2024-05-01T13:04:59.9999999Z", "m04"),
    );
    fx.write(&blob(5, "PT05M.json"), row("2024-05-01T13:05:00Z", "m05"));
    fx.write(&blob(5, "PT05M_1.json"), row("2024-05-01T13:09:00Z", "m09"));
    fx.write(&blob(10, "PT05M.json"), row("2024-05-01T13:10:00Z", "m10"));
    let cat = fx.catalog();
    let t = cat.table("AmlComputeJobEvent").unwrap();
    let all = scan_all(t).await;
    let tg = || ident("TimeGenerated");
    let (lo, hi) = (MAY1 + 13 * HOUR + 5 * MIN, MAY1 + 13 * HOUR + 10 * MIN);
    let (rows_, files) = filtered(t, Some(tg().gt_eq(ts(lo)).and(tg().lt(ts(hi))))).await;
    assert_eq!(files, "2/4", "only the m=05 bucket's two files");
    assert_eq!(rows_, by_hand(&all, |v| v >= lo && v < hi));
    let names: Vec<&str> = rows_.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(names, vec!["m05", "m09"]);
    // Between, inclusive: 13:04:59.9999999 .. 13:05:00.
    let (lo, hi) = (MAY1 + 13 * HOUR + 5 * MIN - 100, MAY1 + 13 * HOUR + 5 * MIN);
    let (rows_, files) = filtered(t, Some(tg().between(ts(lo), ts(hi)))).await;
    assert_eq!(files, "3/4");
    assert_eq!(rows_, by_hand(&all, |v| v >= lo && v <= hi));
    assert_eq!(rows_.len(), 2);
}

#[tokio::test]
async fn plain_files_are_never_pruned() {
    let fx = Fixture::new();
    fx.write(
        "AmlComputeJobEvent.jsonl",
        r#"{"TimeGenerated":"2020-01-01T00:00:00Z","JobName":"old"}"#,
    );
    let cat = fx.catalog();
    let t = cat.table("AmlComputeJobEvent").unwrap();
    let (rows_, files) = filtered(t, Some(ident("TimeGenerated").gt(ts(MAY1)))).await;
    assert_eq!(files, "1/1");
    assert!(rows_.is_empty());
}
