//! Workspace data export (§3): `am-<table>` containers, `PT05M` buckets, flat rows.

use kql_syntax::KqlType;

use crate::common::*;

fn export_blob(container: &str, minute: u32, leaf: &str) -> String {
    format!(
        "{container}/WorkspaceResourceId=/subscriptions/9e8d/resourcegroups/rg-logs/providers/microsoft.operationalinsights/workspaces/law-central/y=2024/m=05/d=01/h=13/m={minute:02}/{leaf}"
    )
}

#[tokio::test]
async fn pt05m_rows_map_by_column_name() {
    let fx = Fixture::new();
    fx.write(
        &export_blob("am-amlcomputeclusterevent", 5, "PT05M.json"),
        concat!(
            r#"{"TenantId":"0000-law","TimeGenerated":"2024-05-01T13:07:44.0644670Z","ClusterName":"cpu","TargetNodeCount":3,"SourceSystem":"Azure","Type":"AmlComputeClusterEvent","_ResourceId":"/subscriptions/ab/resourceGroups/RG/providers/x/workspaces/W","_BilledSize":1.5,"_ItemId":"i1"}"#,
            "\n"
        ),
    );
    // Overflow file of the same bucket; keys in another case, values omitted (§3.2).
    fx.write(
        &export_blob("am-amlcomputeclusterevent", 5, "PT05M_1.json"),
        concat!(
            r#"{"timegenerated":"2024-05-01T13:09:59.9999999Z","clustername":"gpu","targetnodecount":"2","_resourceid":"/subscriptions/CD/resourcegroups/rg"}"#,
            "\n"
        ),
    );
    let cat = fx.catalog();
    assert_eq!(cat.table_names(), vec!["AmlComputeClusterEvent"]);
    let t = cat.table("AmlComputeClusterEvent").unwrap();
    assert_eq!(t.files, 2);
    let batches = scan_all(t).await;
    let got = sorted_rows(
        &batches,
        &[
            "TimeGenerated",
            "TenantId",
            "ClusterName",
            "TargetNodeCount",
            "SourceSystem",
            "Type",
            "_ResourceId",
            "_SubscriptionId",
            "_BilledSize",
            "properties",
        ],
    );
    assert_eq!(
        got,
        vec![
            vec![
                (MAY1 + 13 * HOUR + 7 * MIN + 44 * SEC + 64_467_000).to_string(),
                "0000-law".into(),
                "cpu".into(),
                "3".into(),
                "Azure".into(),
                "AmlComputeClusterEvent".into(),
                // Export rows keep their `_ResourceId` casing (§3.2).
                "/subscriptions/ab/resourceGroups/RG/providers/x/workspaces/W".into(),
                "ab".into(),
                "1.5".into(),
                "∅".into(),
            ],
            vec![
                (MAY1 + 13 * HOUR + 9 * MIN + 59 * SEC + 999_999_900).to_string(),
                "".into(),
                "gpu".into(),
                "2".into(),
                "".into(),
                "AmlComputeClusterEvent".into(),
                "/subscriptions/CD/resourcegroups/rg".into(),
                "cd".into(),
                "∅".into(),
                "∅".into(),
            ],
        ]
    );
}

#[tokio::test]
async fn unknown_export_table_is_named_by_type_and_inferred() {
    let fx = Fixture::new();
    fx.write(
        &export_blob("am-mycustomtable_cl", 0, "PT05M.json"),
        concat!(
            r#"{"TimeGenerated":"2024-05-01T13:00:00Z","Type":"MyCustomTable_CL","Level":"Warning","Count_d":2.5,"Props":{"a":1}}"#,
            "\n",
            r#"{"TimeGenerated":"2024-05-01T13:01:00Z","Type":"MyCustomTable_CL","Count_d":3,"Ok_b":true}"#,
            "\n"
        ),
    );
    let cat = fx.catalog();
    assert_eq!(cat.table_names(), vec!["MyCustomTable_CL"]);
    let t = cat.table("MyCustomTable_CL").unwrap();
    let cols: Vec<(&str, KqlType)> = t
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.kql_type))
        .collect();
    assert_eq!(
        cols,
        vec![
            ("TimeGenerated", KqlType::DateTime),
            ("Type", KqlType::String),
            ("Level", KqlType::String),
            ("Count_d", KqlType::Real),
            ("Props", KqlType::Dynamic),
            ("Ok_b", KqlType::Bool),
        ]
    );
    let batches = scan_all(t).await;
    assert_eq!(
        sorted_rows(&batches, &["Level", "Count_d", "Props", "Ok_b"]),
        vec![
            vec!["", "3.0", "∅", "true"],
            vec!["Warning", "2.5", r#"{"a":1}"#, "∅"]
        ]
    );
}
