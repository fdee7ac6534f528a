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
