//! Starting a server in-process and speaking raw HTTP/1.1 to it.

use kql_engine::{Engine, EngineOptions};
use kql_serve::{ServeOptions, Server};
use serde_json::Value;
use std::net::SocketAddr;
use std::path::PathBuf;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The repository's sample export.
pub(crate) fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/exports")
}

/// A running server and its address.
pub(crate) struct TestServer {
    pub(crate) addr: SocketAddr,
    pub(crate) server: Server,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Starts a server over the sample export with `options` (its data roots are set here).
pub(crate) async fn start(options: ServeOptions) -> TestServer {
    start_engine(
        EngineOptions {
            data: vec![sample()],
            ..EngineOptions::default()
        },
        options,
    )
    .await
}

/// Starts a server over `engine`'s data with `options` (the data roots are the engine's).
pub(crate) async fn start_engine(
    mut engine: EngineOptions,
    mut options: ServeOptions,
) -> TestServer {
    options.data_roots = engine.data.clone();
    engine.target_partitions = Some(2);
    let engine = Engine::open(engine).expect("the export opens");
    let server = Server::new(engine, options).expect("valid options");
    let listener = kql_serve::bind("127.0.0.1:0".parse().expect("an address"))
        .await
        .expect("binds");
    let addr = listener.local_addr().expect("bound");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = server.clone();
    tokio::spawn(async move {
        let _ = running
            .run(listener, async {
                let _ = stopped.await;
            })
            .await;
    });
    TestServer {
        addr,
        server,
        stop: Some(stop),
    }
}

/// A server with default options.
pub(crate) async fn start_default() -> TestServer {
    start(ServeOptions::default()).await
}

/// A parsed HTTP response.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    /// The first header named `name` (case-insensitive).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON, after checking the status is 200.
    pub(crate) fn ok_json(&self) -> Value {
        assert_eq!(self.status, 200, "{}", String::from_utf8_lossy(&self.body));
        self.json()
    }

    /// The body as JSON.
    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "the body is not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

/// Sends `head` (request line and headers, without the final blank line) and `body`, reads
/// the whole response (the connection closes after it).
pub(crate) async fn raw(addr: SocketAddr, head: &str, body: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(addr).await.expect("connects");
    let request = format!(
        "{head}\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.expect("sends");
    stream.write_all(body).await.expect("sends the body");
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).await.expect("reads");
    parse_reply(&bytes)
}

/// Parses a response, undoing chunked transfer encoding.
fn parse_reply(bytes: &[u8]) -> Reply {
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete head");
    let head = String::from_utf8_lossy(&bytes[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let mut body = bytes[end + 4..].to_vec();
    let chunked = headers.iter().any(|(n, v)| {
        n.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    if chunked {
        body = dechunk(&body);
    }
    Reply {
        status,
        headers,
        body,
    }
}

/// Decodes a chunked body.
fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = data
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("a chunk size line");
        let size_text = String::from_utf8_lossy(&data[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("0").trim(), 16)
            .expect("a hex chunk size");
        data = &data[line_end + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}

/// POSTs a JSON body to `path`.
pub(crate) async fn post(addr: SocketAddr, path: &str, body: &Value) -> Reply {
    post_with(addr, path, body, &[]).await
}

/// POSTs a JSON body with extra headers.
pub(crate) async fn post_with(
    addr: SocketAddr,
    path: &str,
    body: &Value,
    headers: &[(&str, &str)],
) -> Reply {
    let mut head = format!("POST {path} HTTP/1.1\r\nContent-Type: application/json; charset=utf-8");
    for (name, value) in headers {
        head.push_str(&format!("\r\n{name}: {value}"));
    }
    raw(addr, &head, body.to_string().as_bytes()).await
}

/// Runs `csl` through `/v2/rest/query` and returns the frames.
pub(crate) async fn v2(addr: SocketAddr, csl: &str, properties: Value) -> Reply {
    post(
        addr,
        "/v2/rest/query",
        &serde_json::json!({"db": "exports", "csl": csl, "properties": properties}),
    )
    .await
}

/// The frame of `kind` (`TableKind` for tables, `FrameType` otherwise).
pub(crate) fn frame<'a>(frames: &'a Value, kind: &str) -> &'a Value {
    frames
        .as_array()
        .expect("frames are an array")
        .iter()
        .find(|f| f["TableKind"] == kind || f["FrameType"] == kind)
        .unwrap_or_else(|| panic!("no {kind} frame in {frames}"))
}
