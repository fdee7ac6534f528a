//! Errors in Kusto's envelope: positioned query errors, malformed bodies, refused options,
//! oversized bodies, unknown routes; none brings the server down or leaks a path.

use crate::support::{post, raw, start, start_default, v2};
use kql_serve::ServeOptions;
use serde_json::{Value, json};

/// `error.@message` of an envelope.
fn detail(body: &Value) -> String {
    body["error"]["@message"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_syntax_error_is_a_400_with_its_position() {
    let server = start_default().await;
    let reply = v2(server.addr, "print x = 1\n| where", Value::Null).await;
    assert_eq!(reply.status, 400);
    let body = reply.json();
    assert_eq!(body["error"]["code"], "General_BadRequest");
    assert_eq!(
        body["error"]["@type"],
        "Kusto.Data.Exceptions.SyntaxException"
    );
    let message = detail(&body);
    assert!(message.starts_with("Syntax error: "), "{message}");
    assert!(message.contains("(query line 2,"), "{message}");
}

#[tokio::test]
async fn a_semantic_error_names_the_column_and_its_place() {
    let server = start_default().await;
    let reply = v2(server.addr, "print a = 1 | project b", Value::Null).await;
    assert_eq!(reply.status, 400);
    let message = detail(&reply.json());
    assert!(message.contains("'b'"), "{message}");
    // `b` starts at byte 22: line 1, column 23.
    assert!(message.contains("(query line 1, column 23)"), "{message}");
}

#[tokio::test]
async fn malformed_bodies_are_400s_and_the_server_lives_on() {
    let server = start_default().await;
    for body in [
        &b"{not json"[..],
        b"[]",
        b"{\"db\":\"exports\"}",
        b"\xff\xfe",
    ] {
        let reply = raw(
            server.addr,
            "POST /v2/rest/query HTTP/1.1\r\nContent-Type: application/json",
            body,
        )
        .await;
        assert_eq!(reply.status, 400, "{}", String::from_utf8_lossy(body));
        assert_eq!(reply.json()["error"]["code"], "General_BadRequest");
    }
    let reply = v2(server.addr, "print 1", Value::Null).await;
    assert_eq!(reply.status, 200);
}

#[tokio::test]
async fn an_option_that_would_change_the_answer_is_refused_by_name() {
    let server = start_default().await;
    let reply = v2(
        server.addr,
        "print 1",
        json!({"Options": {"query_datetimescope_column": "TimeGenerated"}}),
    )
    .await;
    assert_eq!(reply.status, 400);
    assert!(detail(&reply.json()).contains("'query_datetimescope_column'"));
    // An ignored option is accepted.
    let reply = v2(
        server.addr,
        "print 1",
        json!({"Options": {"queryconsistency": "strongconsistency", "request_app_name": "x"}}),
    )
    .await;
    assert_eq!(reply.status, 200);
}

#[tokio::test]
async fn an_oversized_body_is_a_413() {
    let server = start(ServeOptions {
        max_body_bytes: 1000,
        ..ServeOptions::default()
    })
    .await;
    let csl = format!("print s = '{}'", "a".repeat(2000));
    let reply = post(server.addr, "/v2/rest/query", &json!({"csl": csl})).await;
    assert_eq!(reply.status, 413);
    assert_eq!(reply.json()["error"]["code"], "PayloadTooLarge");
}

#[tokio::test]
async fn unknown_routes_are_404s_and_ping_answers() {
    let server = start_default().await;
    let reply = raw(server.addr, "GET /v1/rest/auth/metadata HTTP/1.1", b"").await;
    assert_eq!(reply.status, 404);
    assert_eq!(reply.json()["error"]["code"], "NotFound");
    let reply = raw(server.addr, "GET /v1/rest/ping HTTP/1.1", b"").await;
    assert_eq!(reply.status, 200);
}

#[tokio::test]
async fn an_unknown_database_is_refused() {
    let server = start_default().await;
    let reply = post(
        server.addr,
        "/v2/rest/query",
        &json!({"db": "Samples", "csl": "print 1"}),
    )
    .await;
    assert_eq!(reply.status, 400);
    assert!(detail(&reply.json()).contains("'Samples'"));
}

#[tokio::test]
async fn externaldata_is_refused_by_name_and_names_no_path() {
    let server = start_default().await;
    let reply = v2(
        server.addr,
        r#"print 1 | union (externaldata(x:string) [@"/etc/passwd"] with (format="txt"))"#,
        Value::Null,
    )
    .await;
    assert_eq!(reply.status, 400);
    let message = detail(&reply.json());
    assert!(message.contains("'externaldata'"), "{message}");
    // `externaldata` starts at byte 17: column 18.
    assert!(message.contains("(query line 1, column 18)"), "{message}");
    assert!(!message.contains("/etc/passwd"), "{message}");
}

#[tokio::test]
async fn commands_and_queries_go_to_their_own_endpoints() {
    let server = start_default().await;
    let reply = v2(server.addr, ".show tables", Value::Null).await;
    assert_eq!(reply.status, 400);
    let reply = post(server.addr, "/v1/rest/mgmt", &json!({"csl": "print 1"})).await;
    assert_eq!(reply.status, 400);
}

#[tokio::test]
async fn a_wrong_method_on_a_known_route_is_a_405_in_kustos_envelope() {
    let server = start_default().await;
    for (head, allowed) in [
        ("GET /v2/rest/query HTTP/1.1", "POST"),
        ("PUT /v1/rest/mgmt HTTP/1.1", "POST"),
        ("POST /v1/rest/ping HTTP/1.1", "GET"),
    ] {
        let reply = raw(server.addr, head, b"").await;
        assert_eq!(reply.status, 405, "{head}");
        assert_eq!(reply.header("allow"), Some(allowed), "{head}");
        let body = reply.json();
        assert_eq!(body["error"]["code"], "MethodNotAllowed", "{head}: {body}");
        assert!(
            body["error"]["@context"]["activityId"].is_string(),
            "{body}"
        );
        assert!(detail(&body).contains(allowed), "{head}: {body}");
    }
}

#[tokio::test]
async fn a_strict_data_error_names_the_file_inside_its_root_only() {
    // A copy of the sample's job events, with a malformed line appended to one of its files.
    let root = std::env::temp_dir().join(format!("kqlake-serve-strict-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let table = "insights-logs-amlcomputejobevent";
    let file = copy_tree(&crate::support::sample().join(table), &root.join(table))
        .expect("a JSON file in the sample");
    let mut text = std::fs::read_to_string(&file).expect("reads the copy");
    text.push_str("{\"time\": \"2026-11-01T00:00:00Z\", broken\n");
    std::fs::write(&file, text).expect("writes the copy");
    let server = crate::support::start_engine(
        kql_engine::EngineOptions {
            data: vec![root.clone()],
            scan: kql_engine::ScanOptions {
                strict: true,
                ..kql_engine::ScanOptions::default()
            },
            ..kql_engine::EngineOptions::default()
        },
        ServeOptions::default(),
    )
    .await;
    let reply = v2(server.addr, "AmlComputeJobEvent | count", Value::Null).await;
    let body = reply.json();
    // Before the status line the error is the envelope; after it, in DataSetCompletion.
    let error = if reply.status == 200 {
        body.as_array()
            .and_then(|frames| {
                frames
                    .iter()
                    .find(|f| f["FrameType"] == "DataSetCompletion")
            })
            .map(|done| done["OneApiErrors"][0]["error"].clone())
            .unwrap_or_default()
    } else {
        body["error"].clone()
    };
    let message = error["@message"].as_str().unwrap_or_default().to_owned();
    let canonical = std::fs::canonicalize(&root).expect("the root exists");
    let _ = std::fs::remove_dir_all(&root);
    let name = file.file_name().and_then(|n| n.to_str()).expect("a name");
    assert!(message.contains(name), "names the file: {message}");
    assert!(
        message.contains(&*root.to_string_lossy())
            || message.contains(&*canonical.to_string_lossy()),
        "the file is named inside its root: {message}"
    );
    assert!(message.contains("malformed"), "{message}");
    // Every path in the message is inside the root: scrubbing changes nothing.
    assert_eq!(
        kql_serve::scrub_paths(&message, std::slice::from_ref(&root)),
        message
    );
    assert!(!message.contains("outside the data roots"), "{message}");
}

/// Copies the folder `from` to `to`; returns one copied `.json` file.
fn copy_tree(from: &std::path::Path, to: &std::path::Path) -> Option<std::path::PathBuf> {
    std::fs::create_dir_all(to).expect("creates the folder");
    let mut json = None;
    for entry in std::fs::read_dir(from).expect("reads the folder") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a type").is_dir() {
            json = copy_tree(&entry.path(), &target).or(json);
        } else {
            std::fs::copy(entry.path(), &target).expect("copies");
            if target.extension().is_some_and(|e| e == "json") {
                json = Some(target);
            }
        }
    }
    json
}
