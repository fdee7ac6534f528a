//! Limits: Kusto's default truncation (500,000 records) reported as a partial failure,
//! `notruncation` lifting it, concurrent queries, and a client that hangs up cancelling its
//! query.

use crate::support::{frame, start_default, v2};
use serde_json::{Value, json};
use std::time::Duration;
use tokio::io::AsyncWriteExt;

#[tokio::test]
async fn results_are_truncated_at_500000_records_as_kusto_reports_it() {
    let server = start_default().await;
    let reply = v2(server.addr, "range x from 1 to 500001 step 1", Value::Null).await;
    assert_eq!(reply.status, 200);
    let frames = reply.json();
    let rows = frame(&frames, "PrimaryResult")["Rows"]
        .as_array()
        .expect("rows")
        .clone();
    assert_eq!(rows.len(), 500_001, "500,000 rows and the error object");
    assert_eq!(rows[499_999], json!([500_000]));
    let error = &rows[500_000]["OneApiErrors"][0]["error"];
    assert_eq!(error["code"], "LimitsExceeded", "{error}");
    assert!(
        error["@message"]
            .as_str()
            .unwrap_or_default()
            .contains("500000 records"),
        "{error}"
    );
    let done = frame(&frames, "DataSetCompletion");
    assert_eq!(done["HasErrors"], true);
    assert_eq!(done["OneApiErrors"][0]["error"]["code"], "LimitsExceeded");
    let completion = frame(&frames, "QueryCompletionInformation");
    assert_eq!(completion["Rows"][1][5], 2, "an Error row: {completion}");
}

#[tokio::test]
async fn notruncation_lifts_the_limit() {
    let server = start_default().await;
    let reply = v2(
        server.addr,
        "set notruncation; range x from 1 to 500001 step 1",
        Value::Null,
    )
    .await;
    let frames = reply.json();
    let rows = frame(&frames, "PrimaryResult")["Rows"]
        .as_array()
        .expect("rows")
        .len();
    assert_eq!(rows, 500_001);
    assert_eq!(frame(&frames, "DataSetCompletion")["HasErrors"], false);
    // The request option does the same.
    let reply = v2(
        server.addr,
        "range x from 1 to 500001 step 1",
        json!({"Options": {"notruncation": true}}),
    )
    .await;
    let frames = reply.json();
    assert_eq!(
        frame(&frames, "PrimaryResult")["Rows"]
            .as_array()
            .expect("rows")
            .len(),
        500_001
    );
}

#[tokio::test]
async fn truncationmaxrecords_and_query_take_max_records() {
    let server = start_default().await;
    let reply = v2(
        server.addr,
        "range x from 1 to 10 step 1",
        json!({"Options": {"truncationmaxrecords": 3}}),
    )
    .await;
    let frames = reply.json();
    let rows = &frame(&frames, "PrimaryResult")["Rows"];
    assert_eq!(
        rows.as_array().expect("rows")[0..3],
        [json!([1]), json!([2]), json!([3])]
    );
    assert_eq!(
        rows[3]["OneApiErrors"][0]["error"]["code"],
        "LimitsExceeded"
    );
    // query_take_max_records keeps the first rows without an error.
    let reply = v2(
        server.addr,
        "range x from 1 to 10 step 1",
        json!({"Options": {"query_take_max_records": 2}}),
    )
    .await;
    let frames = reply.json();
    assert_eq!(frame(&frames, "PrimaryResult")["Rows"], json!([[1], [2]]));
    assert_eq!(frame(&frames, "DataSetCompletion")["HasErrors"], false);
}

#[tokio::test]
async fn truncationmaxsize_limits_the_bytes_of_the_rows() {
    let server = start_default().await;
    // Each row `[n]` of a one-digit n is 3 bytes: 10 bytes hold 3 rows, the fourth is cut.
    let reply = v2(
        server.addr,
        "range x from 1 to 9 step 1",
        json!({"Options": {"truncationmaxsize": 10}}),
    )
    .await;
    let frames = reply.ok_json();
    let rows = &frame(&frames, "PrimaryResult")["Rows"];
    assert_eq!(
        rows.as_array().expect("rows")[0..3],
        [json!([1]), json!([2]), json!([3])]
    );
    let error = &rows[3]["OneApiErrors"][0]["error"];
    assert!(
        error["@message"]
            .as_str()
            .unwrap_or_default()
            .contains("10 bytes"),
        "{error}"
    );
}

#[tokio::test]
async fn concurrent_queries_share_the_engine() {
    let server = start_default().await;
    let queries = (1..=6).map(|n| {
        let addr = server.addr;
        tokio::spawn(async move {
            let reply = v2(
                addr,
                &format!("range x from 1 to {n} step 1 | summarize sum(x)"),
                Value::Null,
            )
            .await;
            (n, frame(&reply.json(), "PrimaryResult")["Rows"].clone())
        })
    });
    for query in queries {
        let (n, rows) = query.await.expect("the task ends");
        assert_eq!(rows, json!([[n * (n + 1) / 2]]), "1 + … + {n}");
    }
}

#[tokio::test]
async fn a_client_that_hangs_up_cancels_its_query() {
    let server = start_default().await;
    // Far more rows than can be counted before the test gives up: only cancellation ends it.
    let body = json!({"db": "exports", "csl": "range x from 1 to 100000000000 step 1 | summarize count()"}).to_string();
    let mut stream = tokio::net::TcpStream::connect(server.addr)
        .await
        .expect("connects");
    let head = format!(
        "POST /v2/rest/query HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.expect("sends");
    stream.write_all(body.as_bytes()).await.expect("sends");
    assert!(running_becomes(&server, 1).await, "the query started");
    drop(stream);
    assert!(
        running_becomes(&server, 0).await,
        "hanging up cancelled the query"
    );
    // The server still answers.
    let reply = v2(server.addr, "print 1", Value::Null).await;
    assert_eq!(reply.status, 200);
}

/// Whether the server's count of running queries reaches `n` within 10 seconds.
async fn running_becomes(server: &crate::support::TestServer, n: usize) -> bool {
    for _ in 0..200 {
        if server.server.running_queries() == n {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

/// The body of a v2 request for `csl` with `properties`.
fn v2_request(csl: &str, properties: Value) -> Vec<u8> {
    let body = json!({"db": "exports", "csl": csl, "properties": properties}).to_string();
    format!(
        "POST /v2/rest/query HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// A query that counts far more rows than any test waits for: only a timeout or a hang-up
/// ends it.
const ENDLESS: &str = "range x from 1 to 100000000000 step 1 | summarize count()";

#[tokio::test]
async fn servertimeout_cancels_a_long_query_with_kustos_timeout_error() {
    let server = start_default().await;
    let reply = v2(
        server.addr,
        ENDLESS,
        json!({"Options": {"servertimeout": "00:00:01"}}),
    )
    .await;
    // The status line went out before the timeout: the error is in the body, as Kusto
    // reports errors after it (api/rest/response.md, "partial query failures").
    assert_eq!(reply.status, 200);
    let frames = reply.json();
    let done = frame(&frames, "DataSetCompletion");
    assert_eq!(done["HasErrors"], true, "{done}");
    let error = &done["OneApiErrors"][0]["error"];
    // api/netfx/kusto-data-client-errors.md: KustoServiceTimeoutException, subcode
    // RequestExecutionTimeout, not permanent.
    assert_eq!(error["code"], "RequestExecutionTimeout", "{error}");
    assert_eq!(
        error["@type"], "Kusto.Data.Exceptions.KustoServiceTimeoutException",
        "{error}"
    );
    assert_eq!(error["@permanent"], false, "{error}");
    let rows = frame(&frames, "PrimaryResult")["Rows"].clone();
    assert_eq!(
        rows[0]["OneApiErrors"][0]["error"]["code"], "RequestExecutionTimeout",
        "no count, only the error: {rows}"
    );
    assert!(running_becomes(&server, 0).await, "the query was cancelled");
}

#[tokio::test]
async fn a_timeout_while_planning_is_the_same_error_as_a_504() {
    let server = start_default().await;
    // A servertimeout of one tick (100 ns) ends before any query is planned: planning a
    // 20,000-value datatable takes far longer than the timer's millisecond.
    let values = vec!["1"; 20_000].join(",");
    let reply = v2(
        server.addr,
        &format!("datatable(x:long)[{values}] | count"),
        json!({"Options": {"servertimeout": "00:00:00.0000001"}}),
    )
    .await;
    assert_eq!(
        reply.status,
        504,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let body = reply.json();
    assert_eq!(body["error"]["code"], "RequestExecutionTimeout");
    assert_eq!(
        body["error"]["@type"],
        "Kusto.Data.Exceptions.KustoServiceTimeoutException"
    );
}

#[tokio::test]
async fn the_header_frame_arrives_while_the_query_runs() {
    use tokio::io::AsyncReadExt;
    let server = start_default().await;
    let mut stream = tokio::net::TcpStream::connect(server.addr)
        .await
        .expect("connects");
    stream
        .write_all(&v2_request(ENDLESS, Value::Null))
        .await
        .expect("sends");
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    while !String::from_utf8_lossy(&received).contains(r#""FrameType":"DataSetHeader""#) {
        let n = tokio::time::timeout(Duration::from_secs(30), stream.read(&mut buffer))
            .await
            .expect("the header arrives while the query runs")
            .expect("reads");
        assert!(
            n > 0,
            "the connection closed: {}",
            String::from_utf8_lossy(&received)
        );
        received.extend_from_slice(&buffer[..n]);
    }
    let text = String::from_utf8_lossy(&received);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    // The primary table's columns went out too, before any row exists.
    assert!(text.contains(r#""TableKind":"PrimaryResult""#), "{text}");
    assert!(!text.contains("DataSetCompletion"), "{text}");
    assert_eq!(server.server.running_queries(), 1, "the query still runs");
    drop(stream);
    assert!(running_becomes(&server, 0).await, "hanging up cancelled it");
}

#[tokio::test]
async fn a_hang_up_mid_stream_is_logged_in_one_line() {
    use std::sync::{Arc, Mutex};
    let lines = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink = Arc::clone(&lines);
    let server = crate::support::start(kql_serve::ServeOptions {
        log: kql_serve::ServerLog::new(move |line| {
            sink.lock().expect("not poisoned").push(line.to_owned())
        }),
        ..kql_serve::ServeOptions::default()
    })
    .await;
    let mut stream = tokio::net::TcpStream::connect(server.addr)
        .await
        .expect("connects");
    let request = v2_request(ENDLESS, Value::Null);
    let request = String::from_utf8(request)
        .expect("text")
        .replace("Host: x", "Host: x\r\nx-ms-client-request-id: Test;hangup");
    stream.write_all(request.as_bytes()).await.expect("sends");
    assert!(running_becomes(&server, 1).await, "the query started");
    drop(stream);
    assert!(running_becomes(&server, 0).await, "cancelled");
    let lines = lines.lock().expect("not poisoned").clone();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(!lines[0].contains('\n'), "{lines:?}");
    assert!(
        lines[0].contains("Test;hangup"),
        "names the request: {lines:?}"
    );
    assert!(lines[0].contains("hung up"), "{lines:?}");
}
