//! Golden v1 and v2 answers for a `datatable` covering every type kqlake produces. The
//! expected JSON is written by hand from Kusto's documented encodings (`api/rest/response.md`,
//! `response-v2.md`, the scalar types' pages): numbers for long/int/real, "NaN" for a real NaN,
//! strings for datetime (`…T03:04:05.1234567Z`), timespan (`[d.]hh:mm:ss.fffffff`) and guid,
//! JSON for dynamic in v2 and its text in v1, null for nulls. Datetimes always carry seven
//! fraction digits, as kqlake's other outputs (README, output contract). A decimal is a JSON
//! string, which the clients parse back to a decimal (the Python client's `Decimal(value)`);
//! its text is kqlake's documented decimal text, without trailing zeros (`tostring(decimal(12.50))`
//! is `12.5`, `testdata/kqltest/semantics/decimal.kqltest`).

use crate::support::{frame, post, start_default, v2};
use serde_json::{Value, json};

const QUERY: &str = r#"datatable(b:bool, i:int, l:long, r:real, s:string, d:datetime, t:timespan, y:dynamic, m:decimal)
[
    true, int(7), 9007199254740993, 2.5, 'say "hi"', datetime(2024-01-02T03:04:05.1234567Z), time(1.02:03:04.5), dynamic({"a":[1,"x"]}), decimal(1.50),
    false, int(null), long(null), real(nan), "", datetime(null), time(null), dynamic(null), decimal(null)
]
| extend g = toguid("6f1f5f3a-8d3e-4c8e-9c84-1f2d3e4a5b6c")"#;

fn column_types() -> Vec<(&'static str, &'static str, &'static str)> {
    vec![
        ("b", "bool", "Boolean"),
        ("i", "int", "Int32"),
        ("l", "long", "Int64"),
        ("r", "real", "Double"),
        ("s", "string", "String"),
        ("d", "datetime", "DateTime"),
        ("t", "timespan", "TimeSpan"),
        ("y", "dynamic", "Object"),
        ("m", "decimal", "Decimal"),
        ("g", "guid", "Guid"),
    ]
}

#[tokio::test]
async fn v2_frames_encode_every_type() {
    let server = start_default().await;
    let reply = v2(server.addr, QUERY, Value::Null).await;
    reply.ok_json();
    let frames = reply.json();
    let kinds: Vec<String> = frames
        .as_array()
        .expect("an array of frames")
        .iter()
        .map(|f| {
            f["TableKind"]
                .as_str()
                .or(f["FrameType"].as_str())
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "DataSetHeader",
            "PrimaryResult",
            "QueryCompletionInformation",
            "DataSetCompletion"
        ]
    );
    assert_eq!(
        frames[0],
        json!({"FrameType": "DataSetHeader", "IsProgressive": false, "Version": "v2.0",
               "IsFragmented": false, "ErrorReportingPlacement": "InData"})
    );
    let columns: Vec<Value> = column_types()
        .into_iter()
        .map(|(n, t, _)| json!({"ColumnName": n, "ColumnType": t}))
        .collect();
    assert_eq!(
        *frame(&frames, "PrimaryResult"),
        json!({
            "FrameType": "DataTable",
            "TableId": 1,
            "TableKind": "PrimaryResult",
            "TableName": "PrimaryResult",
            "Columns": columns,
            "Rows": [
                [true, 7, 9_007_199_254_740_993_i64, 2.5, "say \"hi\"", "2024-01-02T03:04:05.1234567Z",
                 "1.02:03:04.5000000", {"a": [1, "x"]}, "1.5", "6f1f5f3a-8d3e-4c8e-9c84-1f2d3e4a5b6c"],
                [false, null, null, "NaN", "", null, null, null, null, "6f1f5f3a-8d3e-4c8e-9c84-1f2d3e4a5b6c"]
            ]
        })
    );
    let completion = frame(&frames, "QueryCompletionInformation");
    assert_eq!(completion["Rows"][0][5], 4, "level Info: {completion}");
    assert_eq!(
        *frame(&frames, "DataSetCompletion"),
        json!({"FrameType": "DataSetCompletion", "HasErrors": false, "Cancelled": false})
    );
}

#[tokio::test]
async fn v1_tables_encode_every_type() {
    let server = start_default().await;
    let reply = post(
        server.addr,
        "/v1/rest/query",
        &json!({"db": "exports", "csl": QUERY}),
    )
    .await;
    reply.ok_json();
    let body = reply.json();
    let tables = body["Tables"].as_array().expect("Tables");
    assert_eq!(tables.len(), 3, "primary, QueryStatus, table of contents");
    let columns: Vec<Value> = column_types()
        .into_iter()
        .map(|(n, t, d)| json!({"ColumnName": n, "DataType": d, "ColumnType": t}))
        .collect();
    assert_eq!(
        tables[0],
        json!({
            "TableName": "Table_0",
            "Columns": columns,
            "Rows": [
                [true, 7, 9_007_199_254_740_993_i64, 2.5, "say \"hi\"", "2024-01-02T03:04:05.1234567Z",
                 "1.02:03:04.5000000", "{\"a\":[1,\"x\"]}", "1.5", "6f1f5f3a-8d3e-4c8e-9c84-1f2d3e4a5b6c"],
                [false, null, null, "NaN", "", null, null, null, null, "6f1f5f3a-8d3e-4c8e-9c84-1f2d3e4a5b6c"]
            ]
        })
    );
    assert_eq!(tables[1]["Rows"][0][1], 4, "severity Info: {}", tables[1]);
    let toc: Vec<(Value, Value)> = tables[2]["Rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| (r[1].clone(), r[2].clone()))
        .collect();
    assert_eq!(
        toc,
        [
            (json!("QueryResult"), json!("PrimaryResult")),
            (json!("QueryStatus"), json!("QueryStatus"))
        ]
    );
}

#[tokio::test]
async fn render_fills_the_visualization_record() {
    let server = start_default().await;
    let reply = v2(
        server.addr,
        r#"range x from 1 to 3 step 1 | extend y = x * 2 | render timechart with (title="Load", xcolumn=x, ycolumns=y, ymin=0, legend=hidden)"#,
        Value::Null,
    )
    .await;
    assert_eq!(reply.status, 200);
    let frames = reply.json();
    let properties = frame(&frames, "QueryProperties");
    assert_eq!(properties["TableName"], "@ExtendedProperties");
    assert_eq!(properties["Rows"][0][0], 1, "the primary table's id");
    assert_eq!(properties["Rows"][0][1], "Visualization");
    let value: Value = serde_json::from_str(properties["Rows"][0][2].as_str().expect("JSON text"))
        .expect("the value is JSON");
    assert_eq!(value["Visualization"], "timechart");
    assert_eq!(value["Title"], "Load");
    assert_eq!(value["XColumn"], "x");
    assert_eq!(value["YColumns"], "y");
    assert_eq!(value["Legend"], "hidden");
    assert_eq!(value["Ymin"], 0.0);
    assert_eq!(value["Ymax"], "NaN", "not given");
    assert_eq!(value["Series"], Value::Null, "not given");
    assert_eq!(
        frame(&frames, "PrimaryResult")["Rows"],
        json!([[1, 2], [2, 4], [3, 6]])
    );
}

#[tokio::test]
async fn parameters_and_query_now_come_from_the_properties() {
    let server = start_default().await;
    // Properties as a JSON string, as the Python client sends them.
    let properties = json!({
        "Options": {"query_now": "2024-05-06T07:08:09Z", "servertimeout": "00:01:00"},
        "Parameters": {"n": 4, "who": "alice", "since": "datetime(2024-01-01)", "unused": "1"}
    })
    .to_string();
    let reply = v2(
        server.addr,
        "declare query_parameters(n:long, who:string, since:datetime);\
         print n2 = n * 2, who, since, now = now(), ago1d = ago(1d)",
        Value::String(properties),
    )
    .await;
    reply.ok_json();
    assert_eq!(
        frame(&reply.json(), "PrimaryResult")["Rows"],
        json!([[
            8,
            "alice",
            "2024-01-01T00:00:00.0000000Z",
            "2024-05-06T07:08:09.0000000Z",
            "2024-05-05T07:08:09.0000000Z"
        ]])
    );
}

#[tokio::test]
async fn the_client_request_id_is_echoed() {
    let server = start_default().await;
    let reply = crate::support::post_with(
        server.addr,
        "/v2/rest/query",
        &json!({"db": "exports", "csl": "print 1"}),
        &[("x-ms-client-request-id", "MyApp.Query;1234")],
    )
    .await;
    assert_eq!(
        reply.header("x-ms-client-request-id"),
        Some("MyApp.Query;1234")
    );
    assert!(reply.header("x-ms-activity-id").is_some());
    let frames = reply.json();
    assert_eq!(
        frame(&frames, "QueryCompletionInformation")["Rows"][0][1],
        "MyApp.Query;1234"
    );
}

#[tokio::test]
async fn exports_answer_with_their_rows() {
    let server = start_default().await;
    let reply = v2(
        server.addr,
        "AmlComputeClusterEvent | summarize n = count() | project positive = n > 0",
        Value::Null,
    )
    .await;
    reply.ok_json();
    assert_eq!(
        frame(&reply.json(), "PrimaryResult")["Rows"],
        json!([[true]])
    );
}

#[tokio::test]
async fn gzip_responses_decode_to_the_same_frames() {
    use std::io::Read;
    let server = start_default().await;
    let reply = crate::support::post_with(
        server.addr,
        "/v2/rest/query",
        &json!({"db": "exports", "csl": "range x from 1 to 3 step 1"}),
        &[("Accept-Encoding", "gzip")],
    )
    .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-encoding"), Some("gzip"));
    let mut text = String::new();
    flate2::read::GzDecoder::new(reply.body.as_slice())
        .read_to_string(&mut text)
        .expect("valid gzip");
    let frames: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(
        frame(&frames, "PrimaryResult")["Rows"],
        json!([[1], [2], [3]])
    );
}

/// The `Visualization` record of a v2 answer to `csl`.
async fn visualization_of(addr: std::net::SocketAddr, csl: &str) -> Value {
    let reply = v2(addr, csl, Value::Null).await;
    let frames = reply.ok_json();
    let properties = frame(&frames, "QueryProperties");
    serde_json::from_str(properties["Rows"][0][2].as_str().expect("JSON text"))
        .expect("the value is JSON")
}

#[tokio::test]
async fn render_properties_map_to_kustos_visualization_names() {
    let server = start_default().await;
    // Property names from query/render-operator.md; the record's names from the
    // Visualization object Kusto's clients read (XTitle, YTitle, YSplit, Kind, Series).
    let value = visualization_of(
        server.addr,
        r#"datatable(k:string, x:long, y:long)["a", 1, 2, "b", 1, 3] | render columnchart with (kind=stacked, xtitle="When", ytitle="How many", ysplit=panels, series=k)"#,
    )
    .await;
    assert_eq!(value["Visualization"], "columnchart");
    assert_eq!(value["Kind"], "stacked");
    assert_eq!(value["XTitle"], "When");
    assert_eq!(value["YTitle"], "How many");
    assert_eq!(value["YSplit"], "panels");
    assert_eq!(value["Series"], "k");
    assert_eq!(value["Title"], Value::Null, "not given");
}

#[tokio::test]
async fn v1_lists_the_visualization_table_in_its_table_of_contents() {
    let server = start_default().await;
    let reply = post(
        server.addr,
        "/v1/rest/query",
        &json!({"db": "exports", "csl": "range x from 1 to 2 step 1 | render linechart with (title='T')"}),
    )
    .await;
    let body = reply.ok_json();
    let tables = body["Tables"].as_array().expect("Tables");
    // api/rest/response.md: the primary result, then @ExtendedProperties, QueryStatus, and the
    // table of contents last, which names each table by its ordinal.
    assert_eq!(tables.len(), 4, "{body}");
    let toc: Vec<(Value, Value, Value)> = tables[3]["Rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[2].clone()))
        .collect();
    assert_eq!(
        toc,
        [
            (json!(0), json!("QueryResult"), json!("PrimaryResult")),
            (
                json!(1),
                json!("QueryProperties"),
                json!("@ExtendedProperties")
            ),
            (json!(2), json!("QueryStatus"), json!("QueryStatus"))
        ]
    );
    assert_eq!(tables[0]["Rows"], json!([[1], [2]]));
    let value: Value =
        serde_json::from_str(tables[1]["Rows"][0][0].as_str().expect("JSON text")).expect("JSON");
    assert_eq!(value["Visualization"], "linechart");
    assert_eq!(value["Title"], "T");
}
