//! Scan mechanics: projection, limit, batch size, partitions, the bench entry point.

use std::sync::Arc;

use datafusion::physical_plan::{collect, displayable};
use datafusion::prelude::ident;
use kql_exports::decode_json_file;

use crate::common::*;

const JOB: &str = "insights-logs-amlcomputejobevent";

/// Five records per hour `h`: JobName `"<h>-<i>"`.
fn five(h: u32) -> String {
    (0..5)
        .map(|i| {
            format!(
                r#"{{"time":"2024-05-01T{h:02}:00:0{i}Z","resourceId":"{RID}","operationName":"Op","properties":{{"JobName":"{h}-{i}","ToolType":"T"}}}}"#
            ) + "\n"
        })
        .collect()
}

#[tokio::test]
async fn projection_builds_only_the_asked_columns() {
    let fx = Fixture::new();
    fx.write(&diag_blob(JOB, 10, "PT1H.json"), five(10));
    let cat = fx.catalog();
    let t = cat.table("AmlComputeJobEvent").unwrap();
    let idx = |n: &str| t.columns.iter().position(|c| c.name == n).unwrap();
    let ctx = session(1, 8192);
    let state = ctx.state();
    let projection = vec![idx("JobName"), idx("_SubscriptionId")];
    let plan = t
        .provider
        .scan(&state, Some(&projection), &[], None)
        .await
        .unwrap();
    let fields: Vec<String> = plan
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    assert_eq!(fields, vec!["JobName", "_SubscriptionId"]);
    let batches = collect(plan, ctx.task_ctx()).await.unwrap();
    assert_eq!(batches[0].num_columns(), 2);
    assert_eq!(
        rows(&batches, &["JobName", "_SubscriptionId"])[4],
        vec!["10-4", "3f2a-11"]
    );
    // Through a DataFrame: only the selected column comes out.
    let batches = ctx
        .read_table(Arc::clone(&t.provider))
        .unwrap()
        .select(vec![ident("ToolType")])
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(batches[0].schema().fields().len(), 1);
    assert_eq!(count(&batches), 5);
    // Empty projection (count(*)): rows without columns.
    let plan = t
        .provider
        .scan(&state, Some(&vec![]), &[], None)
        .await
        .unwrap();
    let batches = collect(plan, ctx.task_ctx()).await.unwrap();
    assert_eq!(count(&batches), 5);
}

#[tokio::test]
async fn limit_stops_reading_early() {
    let fx = Fixture::new();
    fx.write(&diag_blob(JOB, 10, "PT1H.json"), five(10));
    fx.write(&diag_blob(JOB, 11, "PT1H.json"), five(11));
    // A bad line in a file the limited scan never reaches.
    fx.write(&diag_blob(JOB, 12, "PT1H.json"), "not json\n");
    let cat = fx.catalog();
    let t = cat.table("AmlComputeJobEvent").unwrap();
    let ctx = session(1, 8192);
    let plan = t
        .provider
        .scan(&ctx.state(), None, &[], Some(2))
        .await
        .unwrap();
    assert!(
        displayable(plan.as_ref())
            .indent(false)
            .to_string()
            .contains("limit=2")
    );
    let batches = collect(plan, ctx.task_ctx()).await.unwrap();
    assert_eq!(rows(&batches, &["JobName"]), col1(&["10-0", "10-1"]));
    assert!(cat.report().is_clean(), "the third file was never read");
    // And through a DataFrame.
    let batches = ctx
        .read_table(Arc::clone(&t.provider))
        .unwrap()
        .limit(0, Some(7))
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(count(&batches), 7);
}

#[tokio::test]
async fn batches_have_batch_size_rows_and_partitions_cover_all_files() {
    let fx = Fixture::new();
    for h in 10..16 {
        fx.write(&diag_blob(JOB, h, "PT1H.json"), five(h));
    }
    let cat = fx.catalog();
    let t = cat.table("AmlComputeJobEvent").unwrap();
    let ctx = session(1, 2);
    let plan = t
        .provider
        .scan(&ctx.state(), None, &[], None)
        .await
        .unwrap();
    let batches = collect(plan, ctx.task_ctx()).await.unwrap();
    let sizes: Vec<usize> = batches.iter().map(|b| b.num_rows()).collect();
    assert_eq!(sizes.iter().sum::<usize>(), 30);
    assert!(
        sizes[..sizes.len() - 1].iter().all(|&s| s == 2),
        "{sizes:?}"
    );
    // Four partitions: same rows.
    let ctx = session(4, 3);
    let plan = t
        .provider
        .scan(&ctx.state(), None, &[], None)
        .await
        .unwrap();
    assert_eq!(plan.properties().partitioning.partition_count(), 4);
    let four = collect(plan, ctx.task_ctx()).await.unwrap();
    assert_eq!(
        sorted_rows(&four, &["JobName"]),
        sorted_rows(&batches, &["JobName"])
    );
}

#[tokio::test]
async fn decode_json_file_decodes_one_file() {
    let fx = Fixture::new();
    let p = fx.write(&diag_blob(JOB, 10, "PT1H.json"), five(10));
    fx.write(&diag_blob(JOB, 11, "PT1H.json"), five(11));
    let cat = fx.catalog();
    let t = cat.table("AmlComputeJobEvent").unwrap();
    let idx = t.columns.iter().position(|c| c.name == "JobName").unwrap();
    let batches = decode_json_file(t, &p, Some(&[idx]), 2, &Default::default()).unwrap();
    assert_eq!(
        batches.iter().map(|b| b.num_rows()).collect::<Vec<_>>(),
        vec![2, 2, 1]
    );
    assert_eq!(rows(&batches, &["JobName"])[4], vec!["10-4"]);
    let other = fx.write("x.json", "{}");
    assert!(decode_json_file(t, &other, None, 2, &Default::default()).is_err());
}
