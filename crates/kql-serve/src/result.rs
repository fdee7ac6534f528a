//! Writing a query's result in Kusto's v1 or v2 shape while its batches arrive.
//!
//! v2 (`api/rest/response-v2.md`) is a JSON array of frames: `DataSetHeader`, an
//! `@ExtendedProperties` table when the query ends in `render`, the `PrimaryResult` table,
//! `QueryCompletionInformation`, and `DataSetCompletion`. v1 (`api/rest/response.md`) is
//! `{"Tables": […]}`: the primary result, `@ExtendedProperties` when rendering, `QueryStatus`
//! and the table of contents. A management command answers one v1 table.
//!
//! The status line and the tables before the rows go out at once; rows follow in chunks as
//! DataFusion produces batches. A failure after the status line (a data error, the
//! `servertimeout`, truncation) is reported inside the body as Kusto does: an error object in
//! the primary table's rows and `HasErrors` in v2, an error row of `QueryStatus` in v1.
//!
//! Truncation follows Kusto's defaults (500,000 records, 64 MB of encoded rows), lifted by
//! `notruncation`. If the client hangs up, the writer stops and drops the DataFusion stream,
//! which cancels the query, and says so in one line of the server's log.

use crate::encode::{Protocol, dotnet_type, write_row};
use crate::error::{RequestContext, ServeError};
use crate::request::QuerySettings;
use bytes::Bytes;
use datafusion::execution::SendableRecordBatchStream;
use futures::StreamExt;
use kql_engine::{Column, KqlType, Visualization};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::mpsc;

/// Rows are sent in chunks of about this many bytes.
const CHUNK: usize = 64 * 1024;

/// Which answer to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// `/v2/rest/query`: frames.
    V2Query,
    /// `/v1/rest/query`: tables with status and table of contents.
    V1Query,
    /// `/v1/rest/mgmt`: one table.
    V1Command,
}

impl Shape {
    fn protocol(self) -> Protocol {
        match self {
            Shape::V2Query => Protocol::V2,
            Shape::V1Query | Shape::V1Command => Protocol::V1,
        }
    }
}

/// A query ready to stream: its columns, chart, rows and limits.
pub(crate) struct ResultStream {
    /// The KQL columns of the rows.
    pub(crate) columns: Vec<Column>,
    /// The chart of a final `render`.
    pub(crate) visualization: Option<Visualization>,
    /// The rows, as DataFusion produces them.
    pub(crate) stream: SendableRecordBatchStream,
    /// Limits and timeout.
    pub(crate) settings: QuerySettings,
    /// Identifiers for the status tables and errors.
    pub(crate) context: RequestContext,
    /// Where paths may be named in errors.
    pub(crate) roots: Arc<Vec<PathBuf>>,
    /// Counts the queries running (decremented when this one stops, for any reason).
    pub(crate) running: Arc<AtomicUsize>,
    /// Where a hang-up is reported.
    pub(crate) log: crate::ServerLog,
}

/// How the rows ended.
#[derive(Debug, Default)]
struct Outcome {
    rows: u64,
    error: Option<ServeError>,
}

/// Decrements the running-query count when dropped: when the writer ends, finishes, fails or
/// is dropped with the client's connection.
struct RunningGuard(Arc<AtomicUsize>);

impl Drop for RunningGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The response body: a stream of chunks, written by a task that runs the query. Dropping
/// the body (the client hung up) closes the channel, and the task drops the query.
pub(crate) fn body(result: ResultStream, shape: Shape) -> axum::body::Body {
    let (tx, rx) = mpsc::channel::<Bytes>(4);
    result.running.fetch_add(1, Ordering::SeqCst);
    tokio::spawn(write_result(result, shape, tx));
    // Fused: the gzip encoder polls once more after the end.
    let chunks = futures::stream::unfold(rx, |mut rx| async move {
        rx.recv()
            .await
            .map(|chunk| (Ok::<_, std::convert::Infallible>(chunk), rx))
    })
    .fuse();
    axum::body::Body::from_stream(chunks)
}

/// Sends `out` and clears it; false if the client is gone.
async fn send(tx: &mpsc::Sender<Bytes>, out: &mut String) -> bool {
    let chunk = Bytes::from(std::mem::take(out));
    tx.send(chunk).await.is_ok()
}

/// Writes the whole answer into `tx`.
async fn write_result(mut result: ResultStream, shape: Shape, tx: mpsc::Sender<Bytes>) {
    let _running = RunningGuard(Arc::clone(&result.running));
    let mut out = String::with_capacity(CHUNK + 4096);
    write_prologue(&mut out, shape, &result);
    let outcome = if send(&tx, &mut out).await {
        write_rows(&mut result, shape, &tx, &mut out).await
    } else {
        None
    };
    let Some(outcome) = outcome else {
        // The client hung up: dropping the stream cancels the query. No response is left to
        // say so, hence the log.
        result.log.line(&format!(
            "kql serve: client request {} hung up before the end of its response; its query \
             was cancelled",
            result.context.client_request_id
        ));
        return;
    };
    write_epilogue(&mut out, shape, &result, &outcome);
    send(&tx, &mut out).await;
}

/// Everything before the first row.
fn write_prologue(out: &mut String, shape: Shape, result: &ResultStream) {
    match shape {
        Shape::V2Query => {
            out.push_str(
                r#"[{"FrameType":"DataSetHeader","IsProgressive":false,"Version":"v2.0","IsFragmented":false,"ErrorReportingPlacement":"InData"}"#,
            );
            if let Some(v) = &result.visualization {
                out.push(',');
                write_object(
                    out,
                    &[
                        ("FrameType", json!("DataTable")),
                        ("TableId", json!(0)),
                        ("TableKind", json!("QueryProperties")),
                        ("TableName", json!("@ExtendedProperties")),
                        (
                            "Columns",
                            columns_json(
                                &[
                                    ("TableId", KqlType::Int),
                                    ("Key", KqlType::String),
                                    ("Value", KqlType::Dynamic),
                                ],
                                Protocol::V2,
                            ),
                        ),
                        (
                            "Rows",
                            json!([[1, "Visualization", visualization_json(v).to_string()]]),
                        ),
                    ],
                );
            }
            out.push_str(r#",{"FrameType":"DataTable","TableId":1,"TableKind":"PrimaryResult","TableName":"PrimaryResult","Columns":"#);
        }
        Shape::V1Query | Shape::V1Command => {
            out.push_str(r#"{"Tables":[{"TableName":"Table_0","Columns":"#);
        }
    }
    let columns: Vec<(&str, KqlType)> = result
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.kql_type))
        .collect();
    out.push_str(&columns_json(&columns, shape.protocol()).to_string());
    out.push_str(r#","Rows":["#);
}

/// Streams the rows; `None` if the client hung up.
async fn write_rows(
    result: &mut ResultStream,
    shape: Shape,
    tx: &mpsc::Sender<Bytes>,
    out: &mut String,
) -> Option<Outcome> {
    let types: Vec<KqlType> = result.columns.iter().map(|c| c.kql_type).collect();
    let protocol = shape.protocol();
    let settings = result.settings.clone();
    let deadline = tokio::time::Instant::now() + settings.timeout;
    let mut outcome = Outcome::default();
    let mut bytes = 0u64;
    let mut cell = String::new();
    let mut row_text = String::new();
    'batches: loop {
        let next = tokio::select! {
            // The client hung up (the body was dropped).
            () = tx.closed() => return None,
            next = tokio::time::timeout_at(deadline, result.stream.next()) => next,
        };
        let batch = match next {
            Err(_) => {
                outcome.error = Some(ServeError::timeout(settings.timeout));
                break;
            }
            Ok(None) => break,
            Ok(Some(Err(e))) => {
                let e = kql_engine::EngineError::from(e);
                outcome.error = Some(ServeError::from_engine(&e, "", &result.roots));
                break;
            }
            Ok(Some(Ok(batch))) => batch,
        };
        for row in 0..batch.num_rows() {
            if settings.take_max_records.is_some_and(|n| outcome.rows >= n) {
                break 'batches;
            }
            if let Some(max) = settings.max_records
                && outcome.rows >= max
            {
                outcome.error = Some(truncation_error(&format!("{max} records")));
                break 'batches;
            }
            row_text.clear();
            write_row(&mut row_text, &batch, row, &types, protocol, &mut cell);
            bytes += row_text.len() as u64;
            if let Some(max) = settings.max_bytes
                && bytes > max
            {
                outcome.error = Some(truncation_error(&format!("{max} bytes")));
                break 'batches;
            }
            if outcome.rows > 0 {
                out.push(',');
            }
            out.push_str(&row_text);
            outcome.rows += 1;
            if out.len() >= CHUNK && !send(tx, out).await {
                return None;
            }
        }
    }
    Some(outcome)
}

/// Everything after the last row.
fn write_epilogue(out: &mut String, shape: Shape, result: &ResultStream, outcome: &Outcome) {
    let context = &result.context;
    let error = outcome.error.as_ref().map(|e| e.error_object(context));
    match shape {
        Shape::V2Query => {
            if let Some(error) = &error {
                if outcome.rows > 0 {
                    out.push(',');
                }
                out.push_str(&json!({ "OneApiErrors": [{ "error": error }] }).to_string());
            }
            out.push_str("]}");
            let mut rows = vec![completion_row(
                context,
                4,
                "Info",
                0,
                "S_OK (0)",
                &json!({"Count": 1, "Text": "Query completed successfully"}).to_string(),
            )];
            if let Some(e) = &outcome.error {
                rows.push(completion_row(
                    context,
                    2,
                    "Error",
                    -2_133_196_797,
                    e.code,
                    &e.message,
                ));
            }
            out.push(',');
            write_object(
                out,
                &[
                    ("FrameType", json!("DataTable")),
                    ("TableId", json!(2)),
                    ("TableKind", json!("QueryCompletionInformation")),
                    ("TableName", json!("QueryCompletionInformation")),
                    ("Columns", columns_json(COMPLETION_COLUMNS, Protocol::V2)),
                    ("Rows", Value::Array(rows)),
                ],
            );
            let mut done = vec![
                ("FrameType", json!("DataSetCompletion")),
                ("HasErrors", json!(error.is_some())),
                ("Cancelled", json!(false)),
            ];
            if let Some(error) = error {
                done.push(("OneApiErrors", json!([{ "error": error }])));
            }
            out.push(',');
            write_object(out, &done);
            out.push(']');
        }
        Shape::V1Query => {
            out.push_str("]}");
            let mut toc = vec![json!([
                0,
                "QueryResult",
                "PrimaryResult",
                uuid::Uuid::new_v4().to_string(),
                ""
            ])];
            let mut n = 1;
            if let Some(v) = &result.visualization {
                out.push(',');
                write_object(
                    out,
                    &[
                        ("TableName", json!(format!("Table_{n}"))),
                        (
                            "Columns",
                            columns_json(&[("Value", KqlType::String)], Protocol::V1),
                        ),
                        ("Rows", json!([[visualization_json(v).to_string()]])),
                    ],
                );
                toc.push(json!([
                    n,
                    "QueryProperties",
                    "@ExtendedProperties",
                    uuid::Uuid::new_v4().to_string(),
                    ""
                ]));
                n += 1;
            }
            let status = match &outcome.error {
                None => json!([
                    context.timestamp,
                    4,
                    "Info",
                    0,
                    "Query completed successfully",
                    1,
                    context.activity_id,
                    context.activity_id,
                    context.activity_id,
                    context.client_request_id
                ]),
                Some(e) => json!([
                    context.timestamp,
                    2,
                    "Error",
                    -2_133_196_797,
                    e.message,
                    1,
                    context.activity_id,
                    context.activity_id,
                    context.activity_id,
                    context.client_request_id
                ]),
            };
            out.push(',');
            write_object(
                out,
                &[
                    ("TableName", json!(format!("Table_{n}"))),
                    ("Columns", columns_json(STATUS_COLUMNS, Protocol::V1)),
                    ("Rows", json!([status])),
                ],
            );
            toc.push(json!([
                n,
                "QueryStatus",
                "QueryStatus",
                "00000000-0000-0000-0000-000000000000",
                ""
            ]));
            out.push(',');
            write_object(
                out,
                &[
                    ("TableName", json!(format!("Table_{}", n + 1))),
                    (
                        "Columns",
                        columns_json(
                            &[
                                ("Ordinal", KqlType::Long),
                                ("Kind", KqlType::String),
                                ("Name", KqlType::String),
                                ("Id", KqlType::String),
                                ("PrettyName", KqlType::String),
                            ],
                            Protocol::V1,
                        ),
                    ),
                    ("Rows", Value::Array(toc)),
                ],
            );
            out.push_str("]}");
        }
        Shape::V1Command => out.push_str("]}]}"),
    }
}

/// Appends a JSON object with its keys in the given order: Kusto's clients read frames with
/// streaming parsers that expect `FrameType` first and `Rows` last.
fn write_object(out: &mut String, fields: &[(&str, Value)]) {
    out.push('{');
    for (i, (key, value)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&Value::String((*key).to_owned()).to_string());
        out.push(':');
        out.push_str(&value.to_string());
    }
    out.push('}');
}

/// The columns of `QueryCompletionInformation` (v2).
const COMPLETION_COLUMNS: &[(&str, KqlType)] = &[
    ("Timestamp", KqlType::DateTime),
    ("ClientRequestId", KqlType::String),
    ("ActivityId", KqlType::Guid),
    ("SubActivityId", KqlType::Guid),
    ("ParentActivityId", KqlType::Guid),
    ("Level", KqlType::Int),
    ("LevelName", KqlType::String),
    ("StatusCode", KqlType::Int),
    ("StatusCodeName", KqlType::String),
    ("EventType", KqlType::Int),
    ("EventTypeName", KqlType::String),
    ("Payload", KqlType::String),
];

/// The columns of `QueryStatus` (v1).
const STATUS_COLUMNS: &[(&str, KqlType)] = &[
    ("Timestamp", KqlType::DateTime),
    ("Severity", KqlType::Int),
    ("SeverityName", KqlType::String),
    ("StatusCode", KqlType::Int),
    ("StatusDescription", KqlType::String),
    ("Count", KqlType::Int),
    ("RequestId", KqlType::Guid),
    ("ActivityId", KqlType::Guid),
    ("SubActivityId", KqlType::Guid),
    ("ClientActivityId", KqlType::String),
];

/// One row of `QueryCompletionInformation`.
fn completion_row(
    context: &RequestContext,
    level: i32,
    level_name: &str,
    status: i64,
    status_name: &str,
    payload: &str,
) -> Value {
    json!([
        context.timestamp,
        context.client_request_id,
        context.activity_id,
        context.activity_id,
        context.activity_id,
        level,
        level_name,
        status,
        status_name,
        4,
        "QueryInfo",
        payload
    ])
}

/// The `Columns` of a table: `ColumnName` and `ColumnType`, plus `DataType` in v1.
pub(crate) fn columns_json(columns: &[(&str, KqlType)], protocol: Protocol) -> Value {
    Value::Array(
        columns
            .iter()
            .map(|(name, t)| match protocol {
                Protocol::V2 => json!({"ColumnName": name, "ColumnType": t.to_string()}),
                Protocol::V1 => json!({"ColumnName": name, "DataType": dotnet_type(*t), "ColumnType": t.to_string()}),
            })
            .collect(),
    )
}

/// The `Visualization` record of `@ExtendedProperties`, with Kusto's property names; a
/// property the query did not give is null (`Ymin`/`Ymax`: `"NaN"`, Kusto's "not set").
pub(crate) fn visualization_json(v: &Visualization) -> Value {
    let joined = |c: &Option<Vec<String>>| c.as_ref().map(|c| c.join(","));
    let real = |r: Option<f64>| match r {
        Some(r) if r.is_finite() => json!(r),
        _ => json!("NaN"),
    };
    json!({
        "Visualization": v.visualization,
        "Title": v.title,
        "XColumn": v.xcolumn,
        "Series": joined(&v.series),
        "YColumns": joined(&v.ycolumns),
        "AnomalyColumns": joined(&v.anomalycolumns),
        "XTitle": v.xtitle,
        "YTitle": v.ytitle,
        "XAxis": v.xaxis,
        "YAxis": v.yaxis,
        "Legend": v.legend,
        "YSplit": v.ysplit,
        "Accumulate": v.accumulate,
        "IsQuerySorted": false,
        "Kind": v.kind,
        "Ymin": real(v.ymin),
        "Ymax": real(v.ymax),
        "Xmin": v.xmin,
        "Xmax": v.xmax,
    })
}

/// The partial failure of a result cut at `limit` (Kusto's E_QUERY_RESULT_SET_TOO_LARGE).
fn truncation_error(limit: &str) -> ServeError {
    ServeError {
        status: axum::http::StatusCode::OK,
        code: "LimitsExceeded",
        kind: "Kusto.Data.Exceptions.KustoServicePartialQueryFailureLimitsExceededException",
        message: format!(
            "Query result set has exceeded the limit of {limit} (E_QUERY_RESULT_SET_TOO_LARGE): \
             not all records were returned; add 'set notruncation;' before the query, or \
             summarize or filter more"
        ),
        permanent: false,
    }
}
