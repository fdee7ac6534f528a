//! Diagnostic-settings blobs (§2): mapping, coercion, framing, compression, categories.

use arrow::datatypes::{DataType, TimeUnit};
use kql_syntax::KqlType;

use crate::common::*;

const JOB: &str = "insights-logs-amlcomputejobevent";

/// Two AmlComputeJobEvent records in the §10.4 shape; the second uses camelCase keys and a
/// lower-case `resourceid` key (§2.3 key-case drift).
fn job_lines() -> String {
    format!(
        concat!(
            r#"{{"time":"2024-05-01T13:07:44.1200000Z","resourceId":"{rid}","category":"AmlComputeJobEvent","operationName":"JobFailed","tenantId":"entra-tenant","resultSignature":"","properties":{{"JobName":"automl_a9940991-dedb-4262-9763-2fd08b79d8fb_setup","EventType":"JobFailed","ExecutionState":"Failed","ClusterId":"c-1","ToolType":"Custom","TFWorkerCount":"0","NewField":1}}}}"#,
            "\n",
            r#"{{"time":"2024-05-01T13:09:00Z","resourceid":"{rid}","category":"AmlComputeJobEvent","operationName":"JobRunning","properties":{{"jobName":"job2","eventType":"JobRunning","executionState":"Running","nodeId":"tvmps_1_d","TFWorkerCount":2}}}}"#,
            "\n"
        ),
        rid = RID
    )
}

#[tokio::test]
async fn job_event_mapping_follows_section_2_4() {
    let fx = Fixture::new();
    fx.write(&diag_blob(JOB, 13, "PT1H.json"), job_lines());
    let cat = fx.catalog();
    assert_eq!(cat.table_names(), vec!["AmlComputeJobEvent"]);
    assert!(cat.warnings().is_empty(), "{:?}", cat.warnings());
    let t = cat.table("AmlComputeJobEvent").unwrap();
    assert!(
        cat.table("amlcomputejobevent").is_none(),
        "names are case-sensitive"
    );
    assert_eq!(
        (t.files, t.columns.len()),
        (1, 33),
        "32 documented columns + properties"
    );
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(&names[..3], ["TenantId", "TimeGenerated", "ClusterId"]);
    assert_eq!(
        &names[26..],
        [
            "SourceSystem",
            "Type",
            "_BilledSize",
            "_IsBillable",
            "_ResourceId",
            "_SubscriptionId",
            "properties"
        ]
    );
    // Canonical Arrow types; strings are never null.
    let schema = t.provider.schema();
    let tg = schema.field_with_name("TimeGenerated").unwrap();
    assert_eq!(
        tg.data_type(),
        &DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into()))
    );
    assert!(!schema.field_with_name("JobName").unwrap().is_nullable());
    assert!(schema.field_with_name("properties").unwrap().is_nullable());
    assert_eq!(
        schema.field_with_name("_BilledSize").unwrap().data_type(),
        &DataType::Float64
    );
    assert_eq!(
        t.columns
            .iter()
            .find(|c| c.name == "properties")
            .unwrap()
            .kql_type,
        KqlType::Dynamic
    );

    let batches = scan_all(t).await;
    let got = rows(
        &batches,
        &[
            "TimeGenerated",
            "TenantId",
            "OperationName",
            "ResultSignature",
            "JobName",
            "EventType",
            "ExecutionState",
            "NodeId",
            "TFWorkerCount",
            "Type",
            "SourceSystem",
            "_BilledSize",
            "_IsBillable",
            "_ResourceId",
            "_SubscriptionId",
        ],
    );
    let t1 = MAY1 + 13 * HOUR + 7 * MIN + 44 * SEC + 120_000_000;
    let t2 = MAY1 + 13 * HOUR + 9 * MIN;
    let row = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        got,
        vec![
            row(&[
                &t1.to_string(),
                "",
                "JobFailed",
                "",
                "automl_a9940991-dedb-4262-9763-2fd08b79d8fb_setup",
                "JobFailed",
                "Failed",
                "",
                "0",
                "AmlComputeJobEvent",
                "Azure",
                "∅",
                "",
                RID_LOWER,
                "3f2a-11",
            ]),
            row(&[
                &t2.to_string(),
                "",
                "JobRunning",
                "",
                "job2",
                "JobRunning",
                "Running",
                "tvmps_1_d",
                "2",
                "AmlComputeJobEvent",
                "Azure",
                "∅",
                "",
                RID_LOWER,
                "3f2a-11",
            ]),
        ]
    );
    // The raw bag, compact, unknown keys included.
    assert_eq!(
        rows(&batches, &["properties"])[0][0],
        r#"{"JobName":"automl_a9940991-dedb-4262-9763-2fd08b79d8fb_setup","EventType":"JobFailed","ExecutionState":"Failed","ClusterId":"c-1","ToolType":"Custom","TFWorkerCount":"0","NewField":1}"#
    );
    assert!(cat.report().is_clean());
}

#[tokio::test]
async fn cluster_event_values_coerce_to_documented_types() {
    let fx = Fixture::new();
    let lines = format!(
        concat!(
            // Numbers as strings and numbers; QuotaAllocated (documented string) as a number.
            r#"{{"time":"2024-05-01T10:00:00+00:00","resourceId":"{rid}","properties":{{"ClusterName":"Cpu-cluster","TargetNodeCount":"4","InitialNodeCount":0,"MaximumNodeCount":4.0,"QuotaAllocated":24,"QuotaUtilized":"6","VmSize":"STANDARD_D1_V2","AllocationStateTransitionTime":"5/1/2024 1:02:11 PM","IsResizeGrow":true}}}}"#,
            "\n",
            // A drifted value: CoreCount cannot be an int.
            r#"{{"time":"2024-05-01T12:00:00+02:00","resourceId":"{rid}","properties":{{"ClusterName":"gpu","CoreCount":"four","TargetNodeCount":"","AllocationStateTransitionTime":"2024-05-01T09:59:58.5Z"}}}}"#,
            "\n"
        ),
        rid = RID
    );
    let blob = fx.write(
        &diag_blob("insights-logs-amlcomputeclusterevent", 10, "PT1H.json"),
        lines,
    );
    let cat = fx.catalog();
    let t = cat.table("AmlComputeClusterEvent").unwrap();
    assert_eq!(t.columns.len(), 47, "46 documented columns + properties");
    let schema = t.provider.schema();
    assert_eq!(
        schema
            .field_with_name("TargetNodeCount")
            .unwrap()
            .data_type(),
        &DataType::Int32
    );
    assert_eq!(
        schema
            .field_with_name("QuotaAllocated")
            .unwrap()
            .data_type(),
        &DataType::Utf8
    );
    let batches = scan_all(t).await;
    let got = rows(
        &batches,
        &[
            "TimeGenerated",
            "ClusterName",
            "TargetNodeCount",
            "InitialNodeCount",
            "MaximumNodeCount",
            "QuotaAllocated",
            "QuotaUtilized",
            "CoreCount",
            "AllocationStateTransitionTime",
            "IsResizeGrow",
        ],
    );
    let to_s = |v: i64| v.to_string();
    assert_eq!(
        got,
        vec![
            vec![
                to_s(MAY1 + 10 * HOUR),
                "Cpu-cluster".into(),
                "4".into(),
                "0".into(),
                "4".into(),
                "24".into(),
                "6".into(),
                "∅".into(),
                to_s(MAY1 + 13 * HOUR + 2 * MIN + 11 * SEC),
                "true".into(),
            ],
            vec![
                // 12:00+02:00 is 10:00Z.
                to_s(MAY1 + 10 * HOUR),
                "gpu".into(),
                "∅".into(),
                "∅".into(),
                "∅".into(),
                "".into(),
                "".into(),
                "∅".into(),
                to_s(MAY1 + 9 * HOUR + 59 * MIN + 58 * SEC + 500_000_000),
                "".into(),
            ],
        ]
    );
    let report = cat.report();
    assert_eq!(report.failed_conversions, 1);
    assert_eq!(report.skipped_lines, 0);
    let first = report.first_failed_conversion.unwrap();
    assert_eq!(
        (first.path, first.line),
        (std::fs::canonicalize(&blob).unwrap(), 2)
    );
    assert!(first.reason.contains("CoreCount"), "{}", first.reason);
}

#[tokio::test]
async fn top_level_key_wins_over_properties_key() {
    let fx = Fixture::new();
    let lines = concat!(
        r#"{"time":"2024-05-01T10:00:00Z","resultSignature":"Top","properties":{"ResultSignature":"Bag","operationName":"BagOp"}}"#,
        "\n",
        // A top-level null does not hide the bag's value; a bag-only key is found.
        r#"{"time":"2024-05-01T10:00:01Z","ResultSignature":null,"properties":{"resultsignature":"Bag2","OperationName":"BagOp2"}}"#,
        "\n"
    );
    fx.write(
        &diag_blob("insights-logs-amlcomputejobevent", 10, "PT1H.json"),
        lines,
    );
    let cat = fx.catalog();
    let batches = scan_all(cat.table("AmlComputeJobEvent").unwrap()).await;
    assert_eq!(
        rows(
            &batches,
            &[
                "ResultSignature",
                "OperationName",
                "_ResourceId",
                "_SubscriptionId"
            ]
        ),
        vec![vec!["Top", "BagOp", "", ""], vec!["Bag2", "BagOp2", "", ""]]
    );
}

#[tokio::test]
async fn gzip_members_and_overflow_blobs_are_all_read() {
    let fx = Fixture::new();
    let rec = |jn: &str| {
        format!(
            r#"{{"time":"2024-05-01T13:00:00Z","resourceId":"{RID}","properties":{{"JobName":"{jn}"}}}}"#
        ) + "\n"
    };
    fx.write(&diag_blob(JOB, 13, "PT1H.json"), rec("a"));
    fx.write(&diag_blob(JOB, 13, "PT1H_1.json"), rec("b") + &rec("c"));
    // Two gzip members: a plain GzDecoder would stop after "d".
    fx.write_gz(&diag_blob(JOB, 14, "PT1H.json.gz"), &[&rec("d"), &rec("e")]);
    let cat = fx.catalog();
    let t = cat.table("AmlComputeJobEvent").unwrap();
    assert_eq!(t.files, 3);
    let batches = scan_all(t).await;
    assert_eq!(
        sorted_rows(&batches, &["JobName"]),
        col1(&["a", "b", "c", "d", "e"])
    );
}

#[tokio::test]
async fn legacy_wrapper_compact_and_pretty_equal_json_lines() {
    let records = [
        r#"{"time":"2018-10-01T10:00:00.0000000Z","resourceId":"/SUBSCRIPTIONS/S1/RG","properties":{"JobName":"a","ToolType":"Custom"}}"#,
        r#"{"time":"2018-10-01T10:05:00.0000000Z","resourceId":"/SUBSCRIPTIONS/S1/RG","operationName":"JobRunning","properties":{"JobName":"b"}}"#,
        r#"{"time":"2018-10-01T10:06:00.0000000Z","resourceId":"/SUBSCRIPTIONS/S1/RG","properties":{"JobName":"c","NodeId":"n"}}"#,
    ];
    let lines = records.join("\n") + "\n";
    let compact = format!(r#"{{"records":[{}]}}"#, records.join(","));
    let pretty = {
        let values: Vec<serde_json::Value> = records
            .iter()
            .map(|r| serde_json::from_str(r).unwrap())
            .collect();
        serde_json::to_string_pretty(&serde_json::json!({ "records": values })).unwrap()
    };
    assert!(pretty.starts_with("{\n  \"records\": ["));
    let cols = [
        "TimeGenerated",
        "JobName",
        "OperationName",
        "ToolType",
        "NodeId",
        "_SubscriptionId",
    ];
    let mut results = Vec::new();
    for content in [lines, compact, pretty] {
        let fx = Fixture::new();
        fx.write(&diag_blob(JOB, 10, "PT1H.json"), content);
        let cat = fx.catalog();
        let batches = scan_all(cat.table("AmlComputeJobEvent").unwrap()).await;
        assert!(cat.report().is_clean());
        results.push(rows(&batches, &cols));
    }
    // 2018-10-01T10:00Z = 1538388000 s.
    let t0 = 1_538_388_000 * SEC;
    assert_eq!(results[0].len(), 3);
    assert_eq!(
        results[0][1],
        vec![
            (t0 + 5 * MIN).to_string(),
            "b".into(),
            "JobRunning".into(),
            "".into(),
            "".into(),
            "s1".into()
        ]
    );
    assert_eq!(results[0], results[1]);
    assert_eq!(results[0], results[2]);
}

#[tokio::test]
async fn unknown_category_is_named_by_records_and_inferred() {
    let fx = Fixture::new();
    let lines = concat!(
        r#"{"time":"2024-05-01T10:00:00Z","resourceId":"/S","category":"NewThingEvent","operationName":"Op","properties":{"count":1,"ratio":1,"label":"a","when":"2024-05-01T09:00:00Z","tags":{"k":"v"}}}"#,
        "\n",
        r#"{"time":"2024-05-01T10:00:01Z","resourceId":"/S","category":"NewThingEvent","properties":{"Count":2,"ratio":0.5,"label":"b"}}"#,
        "\n"
    );
    fx.write(
        &diag_blob("insights-logs-newthingevent", 10, "PT1H.json"),
        lines,
    );
    let cat = fx.catalog();
    assert_eq!(cat.table_names(), vec!["NewThingEvent"]);
    let t = cat.table("NewThingEvent").unwrap();
    let cols: Vec<(&str, KqlType)> = t
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.kql_type))
        .collect();
    assert_eq!(
        cols,
        vec![
            ("TenantId", KqlType::String),
            ("TimeGenerated", KqlType::DateTime),
            ("Category", KqlType::String),
            ("OperationName", KqlType::String),
            ("Count", KqlType::Long),
            ("Ratio", KqlType::Real),
            ("Label", KqlType::String),
            ("When", KqlType::DateTime),
            ("Tags", KqlType::Dynamic),
            ("SourceSystem", KqlType::String),
            ("Type", KqlType::String),
            ("_BilledSize", KqlType::Real),
            ("_IsBillable", KqlType::String),
            ("_ResourceId", KqlType::String),
            ("_SubscriptionId", KqlType::String),
            ("properties", KqlType::Dynamic),
        ]
    );
    let batches = scan_all(t).await;
    assert_eq!(
        rows(
            &batches,
            &[
                "Category", "Count", "Ratio", "Label", "When", "Tags", "Type"
            ]
        ),
        vec![
            vec![
                "NewThingEvent".to_owned(),
                "1".into(),
                "1.0".into(),
                "a".into(),
                (MAY1 + 9 * HOUR).to_string(),
                r#"{"k":"v"}"#.into(),
                "NewThingEvent".into()
            ],
            vec![
                "NewThingEvent".to_owned(),
                "2".into(),
                "0.5".into(),
                "b".into(),
                "∅".into(),
                "∅".into(),
                "NewThingEvent".into()
            ],
        ]
    );
}

#[tokio::test]
async fn compute_instance_category_maps_to_its_table() {
    let fx = Fixture::new();
    fx.write(
        &diag_blob("insights-logs-computeinstanceevent", 10, "PT1H.json"),
        r#"{"time":"2024-05-01T10:00:00Z","resourceId":"/S","category":"ComputeInstanceEvent","properties":{"ClusterType":"DSI"}}"#,
    );
    let cat = fx.catalog();
    assert_eq!(cat.table_names(), vec!["AmlComputeInstanceEvent"]);
    let batches = scan_all(cat.table("AmlComputeInstanceEvent").unwrap()).await;
    assert_eq!(
        rows(&batches, &["ClusterType", "Type"]),
        vec![vec!["DSI", "AmlComputeInstanceEvent"]]
    );
}

#[tokio::test]
async fn empty_and_blank_blobs_give_no_rows_and_no_problem() {
    let fx = Fixture::new();
    fx.write(&diag_blob(JOB, 10, "PT1H.json"), "");
    fx.write(&diag_blob(JOB, 11, "PT1H.json"), "\n  \n\n");
    fx.write_gz(&diag_blob(JOB, 12, "PT1H.json.gz"), &[""]);
    fx.write(
        &diag_blob(JOB, 13, "PT1H.json"),
        r#"{"time":"2024-05-01T13:00:00Z","properties":{"JobName":"only"}}"#,
    );
    let cat = fx.catalog();
    assert!(cat.warnings().is_empty(), "{:?}", cat.warnings());
    let t = cat.table("AmlComputeJobEvent").unwrap();
    assert_eq!(t.files, 4);
    let batches = scan_all(t).await;
    assert_eq!(rows(&batches, &["JobName"]), col1(&["only"]));
    assert!(cat.report().is_clean());
}
