//! CORS over raw HTTP: the web UI's preflight (its origin, the headers it sends, Chrome's
//! private-network request) is admitted with the exact origin and credentials; other origins
//! get no `Access-Control-Allow-Origin`, so browsers refuse them; `--allow-origin` adds one origin; never a wildcard.

use crate::support::{raw, start, start_default};
use kql_serve::{ServeOptions, WEB_UI_ORIGINS};

/// The headers the Azure Data Explorer web UI sends with a query.
const WEB_UI_HEADERS: &str = "authorization,content-type,x-ms-app,x-ms-client-request-id,x-ms-client-version,x-ms-user-id,x-ms-readonly";

fn preflight(origin: &str) -> String {
    format!(
        "OPTIONS /v2/rest/query HTTP/1.1\r\nOrigin: {origin}\r\n\
         Access-Control-Request-Method: POST\r\n\
         Access-Control-Request-Headers: {WEB_UI_HEADERS}\r\n\
         Access-Control-Request-Private-Network: true"
    )
}

#[tokio::test]
async fn the_web_ui_preflight_is_admitted() {
    let server = start_default().await;
    // The web UI's clouds: public, US Government, China.
    assert_eq!(
        WEB_UI_ORIGINS,
        [
            "https://dataexplorer.azure.com",
            "https://dataexplorer.azure.us",
            "https://dataexplorer.azure.cn"
        ]
    );
    for origin in WEB_UI_ORIGINS {
        let reply = raw(server.addr, &preflight(origin), b"").await;
        assert_eq!(reply.status, 200, "{reply:?}");
        assert_eq!(reply.header("access-control-allow-origin"), Some(*origin));
        assert_eq!(
            reply.header("access-control-allow-credentials"),
            Some("true")
        );
        assert_eq!(
            reply.header("access-control-allow-headers"),
            Some(WEB_UI_HEADERS),
            "the request's headers are mirrored"
        );
        assert_eq!(
            reply.header("access-control-allow-private-network"),
            Some("true")
        );
        let methods = reply
            .header("access-control-allow-methods")
            .unwrap_or_default();
        assert!(methods.contains("POST"), "{methods}");
        assert!(
            reply.headers.iter().all(|(_, v)| v != "*"),
            "no wildcard: {reply:?}"
        );
    }
}

#[tokio::test]
async fn the_web_ui_query_gets_its_origin_back() {
    let server = start_default().await;
    let body = br#"{"db":"exports","csl":"print 1"}"#;
    for origin in WEB_UI_ORIGINS {
        let reply = raw(
            server.addr,
            &format!(
                "POST /v1/rest/query HTTP/1.1\r\nOrigin: {origin}\r\nContent-Type: application/json"
            ),
            body,
        )
        .await;
        assert_eq!(reply.status, 200);
        assert_eq!(reply.header("access-control-allow-origin"), Some(*origin));
        let exposed = reply
            .header("access-control-expose-headers")
            .unwrap_or_default();
        assert!(exposed.contains("x-ms-client-request-id"), "{exposed}");
    }
}

#[tokio::test]
async fn other_origins_get_no_cors_headers() {
    let server = start_default().await;
    for origin in [
        "https://evil.example",
        "https://dataexplorer.azure.com.evil.example",
        "null",
    ] {
        let reply = raw(server.addr, &preflight(origin), b"").await;
        assert_eq!(
            reply.header("access-control-allow-origin"),
            None,
            "{origin}"
        );
    }
}

#[tokio::test]
async fn allow_origin_adds_exactly_one_origin() {
    let server = start(ServeOptions {
        allow_origins: vec!["http://localhost:3000".to_owned()],
        ..ServeOptions::default()
    })
    .await;
    let reply = raw(server.addr, &preflight("http://localhost:3000"), b"").await;
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("http://localhost:3000")
    );
    let reply = raw(server.addr, &preflight("http://localhost:3001"), b"").await;
    assert_eq!(reply.header("access-control-allow-origin"), None);
}

#[test]
fn wildcards_and_paths_are_not_origins() {
    for bad in ["*", "http://*", "https://example.com/path", "example.com"] {
        let engine = kql_engine::Engine::open(kql_engine::EngineOptions::default()).expect("opens");
        let e = kql_serve::Server::new(
            engine,
            ServeOptions {
                allow_origins: vec![bad.to_owned()],
                ..ServeOptions::default()
            },
        )
        .err()
        .unwrap_or_else(|| panic!("{bad} must be refused"));
        assert!(e.to_string().contains(bad), "{e}");
    }
}
