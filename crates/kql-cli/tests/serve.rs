//! `kql serve` driven by the real Kusto clients: the `azure-kusto-data` Python package (pytest,
//! `serve/test_python_client.py`) and the npm `azure-kusto-data` package (node's test runner,
//! `serve/node_client.mjs`), both installed by `.ci/setup-serve.sh` under
//! `$KQLAKE_SERVE_TOOLS` (default `~/.cache/kqlake-serve`). Without them the tests print a
//! skip message, unless `KQLAKE_CI=1`, where a missing client is a failure.

use crate::support::{SAMPLE, root};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

/// A running `kql serve`, killed when dropped.
struct Served {
    child: Child,
    url: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `kql serve --port 0` over the sample export and waits for its `listening on` line.
fn serve() -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kql"))
        .args(["serve", "--data", SAMPLE, "--port", "0"])
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("kql serve starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("reads the first line");
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("expected 'listening on http://127.0.0.1:PORT', found {line:?}"))
        .to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert!(
        !url.ends_with(":0"),
        "port 0 is replaced by the bound port: {url}"
    );
    Served { child, url }
}

/// Where `.ci/setup-serve.sh` installed the clients.
fn tools() -> PathBuf {
    std::env::var_os("KQLAKE_SERVE_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/kqlake-serve")
        })
}

/// Whether `tool` exists; if not, fails under `KQLAKE_CI=1` and says why the test is skipped
/// otherwise.
#[allow(clippy::print_stderr, reason = "the skip message is the test's output")]
fn available(tool: &std::path::Path, what: &str) -> bool {
    if tool.exists() {
        return true;
    }
    assert!(
        std::env::var("KQLAKE_CI").as_deref() != Ok("1"),
        "{what} is not installed at {}: run .ci/setup-serve.sh",
        tool.display()
    );
    eprintln!("skipped: {what} is not installed (run .ci/setup-serve.sh)");
    false
}

/// Runs a client's test suite against `served`; it must succeed and say `passed`.
fn run_client(mut command: Command, served: &Served, passed: &str) {
    let output = command
        .env("KQL_SERVE_URL", &served.url)
        .output()
        .expect("the client's test runner starts");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "the client's tests failed:\n{text}"
    );
    assert!(text.contains(passed), "{text}");
}

#[test]
fn the_python_client_queries_kql_serve() {
    let python = tools().join("venv/bin/python");
    if !available(&python, "the azure-kusto-data Python client") {
        return;
    }
    let served = serve();
    let mut pytest = Command::new(python);
    pytest
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
        .arg(root().join("crates/kql-cli/tests/serve/test_python_client.py"));
    run_client(pytest, &served, "5 passed");
}

#[test]
fn the_node_client_queries_kql_serve() {
    let modules = tools().join("node/node_modules");
    if !available(
        &modules.join("azure-kusto-data"),
        "the npm azure-kusto-data client",
    ) {
        return;
    }
    let served = serve();
    let mut node = Command::new("node");
    node.arg("--test")
        .arg(root().join("crates/kql-cli/tests/serve/node_client.mjs"))
        .env("KQLAKE_SERVE_NODE", &modules);
    run_client(node, &served, "# pass 4");
}

#[test]
fn serve_binds_loopback_and_answers_ping() {
    let served = serve();
    let addr = served
        .url
        .strip_prefix("http://")
        .expect("an http URL")
        .to_owned();
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(&addr).expect("connects");
    stream
        .write_all(b"GET /v1/rest/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .expect("sends");
    let mut reply = String::new();
    stream.read_to_string(&mut reply).expect("reads");
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
}
