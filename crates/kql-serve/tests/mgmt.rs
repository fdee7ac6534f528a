//! Management commands through `/v1/rest/mgmt`: one v1 table with Kusto's columns, trailing
//! pipelines, refusals by name.

use crate::support::{post, sample, start, start_default};
use kql_serve::ServeOptions;
use serde_json::{Value, json};

async fn command(addr: std::net::SocketAddr, csl: &str) -> (u16, Value) {
    let reply = post(addr, "/v1/rest/mgmt", &json!({"db": "exports", "csl": csl})).await;
    (reply.status, reply.json())
}

fn column_names(table: &Value) -> Vec<String> {
    table["Columns"]
        .as_array()
        .expect("columns")
        .iter()
        .map(|c| c["ColumnName"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn show_tables_lists_the_exports_and_the_documented_tables() {
    let server = start_default().await;
    let (status, body) = command(server.addr, ".show tables").await;
    assert_eq!(status, 200, "{body}");
    let tables = body["Tables"].as_array().expect("Tables");
    assert_eq!(tables.len(), 1, "a command answers one table");
    assert_eq!(
        column_names(&tables[0]),
        ["TableName", "DatabaseName", "Folder", "DocString"]
    );
    let names: Vec<&str> = tables[0]["Rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|r| r[0].as_str())
        .collect();
    // The sample export's folders are insights-logs-amlcompute{cluster,clusternode,job}event.
    for t in [
        "AmlComputeClusterEvent",
        "AmlComputeClusterNodeEvent",
        "AmlComputeJobEvent",
    ] {
        assert!(names.contains(&t), "{t} in {names:?}");
    }
    assert!(names.contains(&"SigninLogs"), "a documented table");
    assert!(sample().is_dir());
}

#[tokio::test]
async fn a_trailing_pipeline_runs_over_the_command_result() {
    let server = start_default().await;
    let (status, body) = command(
        server.addr,
        ".show tables | where TableName startswith 'AmlComputeJob' | project TableName, DatabaseName",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["Tables"][0]["Rows"],
        json!([["AmlComputeJobEvent", "exports"]])
    );
    // An error in the pipeline points into the command as sent.
    let (status, body) = command(server.addr, ".show tables | project Nope").await;
    assert_eq!(status, 400);
    let message = body["error"]["@message"].as_str().unwrap_or_default();
    // `Nope` starts at byte 23: column 24.
    assert!(message.contains("(query line 1, column 24)"), "{message}");
}

#[tokio::test]
async fn schema_commands_describe_the_columns() {
    let server = start_default().await;
    let (status, body) =
        command(server.addr, ".show table AmlComputeJobEvent schema as json").await;
    assert_eq!(status, 200, "{body}");
    let table = &body["Tables"][0];
    assert_eq!(
        column_names(table),
        ["TableName", "Schema", "DatabaseName", "Folder", "DocString"]
    );
    let schema: Value = serde_json::from_str(table["Rows"][0][1].as_str().expect("JSON text"))
        .expect("the schema is JSON");
    let time = schema["OrderedColumns"]
        .as_array()
        .expect("columns")
        .iter()
        .find(|c| c["Name"] == "TimeGenerated")
        .expect("TimeGenerated");
    assert_eq!(time["CslType"], "datetime");
    assert_eq!(time["Type"], "System.DateTime");

    let (status, body) = command(server.addr, ".show database exports schema as json").await;
    assert_eq!(status, 200, "{body}");
    let schema: Value =
        serde_json::from_str(body["Tables"][0]["Rows"][0][0].as_str().expect("JSON text"))
            .expect("JSON");
    assert!(schema["Databases"]["exports"]["Tables"]["AmlComputeJobEvent"].is_object());

    let (status, body) = command(
        server.addr,
        ".show database exports cslschema | where TableName == 'AmlComputeJobEvent'",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let csl = body["Tables"][0]["Rows"][0][1].as_str().expect("text");
    assert!(csl.contains("TimeGenerated:datetime"), "{csl}");
}

#[tokio::test]
async fn version_databases_and_typed_empty_answers() {
    let server = start_default().await;
    let (status, body) = command(server.addr, ".show databases").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["Tables"][0]["Rows"][0][0], "exports");
    let (status, body) = command(server.addr, ".show version").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(column_names(&body["Tables"][0])[0], "BuildVersion");
    for (csl, first) in [
        (".show materialized-views", "Name"),
        (".show external tables", "TableName"),
        (".show functions", "Name"),
    ] {
        let (status, body) = command(server.addr, csl).await;
        assert_eq!(status, 200, "{csl}: {body}");
        assert_eq!(column_names(&body["Tables"][0])[0], first, "{csl}");
        assert_eq!(body["Tables"][0]["Rows"], json!([]), "{csl}");
    }
    let (status, body) = command(
        server.addr,
        ".show databases entities | where EntityName == 'AmlComputeJobEvent' | project EntityType",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["Tables"][0]["Rows"], json!([["Table"]]));
}

#[tokio::test]
async fn unknown_commands_are_refused_by_name() {
    let server = start_default().await;
    let (status, body) = command(server.addr, ".drop table AmlComputeJobEvent").await;
    assert_eq!(status, 400);
    let message = body["error"]["@message"].as_str().unwrap_or_default();
    assert!(
        message.contains("'.drop table AmlComputeJobEvent'"),
        "{message}"
    );
}

/// The columns of `.show database identity` (`management/show-database.md`), also those of
/// `.show databases` (`management/show-databases.md`, which lists them in this order).
const IDENTITY_COLUMNS: &[(&str, &str)] = &[
    ("DatabaseName", "string"),
    ("PersistentStorage", "string"),
    ("Version", "string"),
    ("IsCurrent", "bool"),
    ("DatabaseAccessMode", "string"),
    ("PrettyName", "string"),
    ("CurrentUserIsUnrestrictedViewer", "bool"),
    ("DatabaseId", "guid"),
    ("InTransitionTo", "string"),
    ("SuspensionState", "string"),
];

fn column_types(table: &Value) -> Vec<(String, String)> {
    table["Columns"]
        .as_array()
        .expect("columns")
        .iter()
        .map(|c| {
            (
                c["ColumnName"].as_str().unwrap_or_default().to_owned(),
                c["ColumnType"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn show_database_identity_has_kustos_columns() {
    let server = start_default().await;
    let expected: Vec<(String, String)> = IDENTITY_COLUMNS
        .iter()
        .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
        .collect();
    for csl in [
        ".show database identity",
        ".show database exports identity",
        ".show database",
    ] {
        let (status, body) = command(server.addr, csl).await;
        assert_eq!(status, 200, "{csl}: {body}");
        let table = &body["Tables"][0];
        assert_eq!(column_types(table), expected, "{csl}");
        let row = &table["Rows"][0];
        assert_eq!(row[0], "exports", "{csl}");
        assert_eq!(row[3], true, "the current database: {csl}");
        // kqlake never writes.
        assert_eq!(row[4], "ReadOnly", "{csl}");
    }
}

#[tokio::test]
async fn bare_show_schema_as_json_describes_the_database() {
    let server = start_default().await;
    let (status, body) = command(server.addr, ".show schema as json").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(column_names(&body["Tables"][0]), ["DatabaseSchema"]);
    let schema: Value =
        serde_json::from_str(body["Tables"][0]["Rows"][0][0].as_str().expect("JSON text"))
            .expect("JSON");
    let database = &schema["Databases"]["exports"];
    assert_eq!(database["Name"], "exports");
    let columns = database["Tables"]["AmlComputeJobEvent"]["OrderedColumns"]
        .as_array()
        .expect("columns");
    assert!(
        columns
            .iter()
            .any(|c| c["Name"] == "TimeGenerated" && c["CslType"] == "datetime"),
        "{columns:?}"
    );
}

#[tokio::test]
async fn a_server_with_another_database_name_answers_with_it() {
    let server = start(ServeOptions {
        database: "Logs".to_owned(),
        ..ServeOptions::default()
    })
    .await;
    let addr = server.addr;
    let mgmt = move |csl: &str, db: &str| {
        let body = json!({"db": db, "csl": csl});
        async move { post(addr, "/v1/rest/mgmt", &body).await }
    };
    let reply = mgmt(".show databases", "Logs").await;
    assert_eq!(reply.ok_json()["Tables"][0]["Rows"][0][0], "Logs");
    let reply = mgmt(
        ".show tables | where TableName == 'AmlComputeJobEvent'",
        "Logs",
    )
    .await;
    assert_eq!(reply.ok_json()["Tables"][0]["Rows"][0][1], "Logs");
    let reply = mgmt(".show database Logs schema as json", "Logs").await;
    let schema: Value = serde_json::from_str(
        reply.ok_json()["Tables"][0]["Rows"][0][0]
            .as_str()
            .expect("JSON text"),
    )
    .expect("JSON");
    assert!(
        schema["Databases"]["Logs"]["Tables"].is_object(),
        "{schema}"
    );
    // The default name is not this server's database.
    let reply = mgmt(".show database exports cslschema", "Logs").await;
    assert_eq!(reply.status, 400);
    for (db, status) in [("exports", 400), ("Logs", 200)] {
        let body = json!({"db": db, "csl": "print 1"});
        let reply = post(server.addr, "/v2/rest/query", &body).await;
        assert_eq!(reply.status, status, "a query in database {db}");
    }
}

#[tokio::test]
async fn show_version_names_kqlake_and_its_version() {
    let server = start_default().await;
    let (status, body) = command(server.addr, ".show version").await;
    assert_eq!(status, 200, "{body}");
    let table = &body["Tables"][0];
    assert_eq!(
        column_names(table),
        ["BuildVersion", "BuildTime", "ServiceType", "ProductVersion"]
    );
    // The workspace shares one version: this test crate's is the server's.
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(
        table["Rows"],
        json!([[version, null, "Engine", format!("kqlake {version}")]])
    );
}
