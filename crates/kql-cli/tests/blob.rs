//! `--data az://…` against the Azurite Blob Storage emulator (npm package `azurite`, installed
//! by `.ci/setup-archives.sh`), started by the test on 127.0.0.1 with a free port and a
//! temporary folder. The sample export's last five days are uploaded to a container; every
//! corpus query answers from the container as from the same files on local disk, and as the
//! generator's oracle where the query's range lies inside those days; a one-day query lists
//! and fetches only the hours that can hold its rows; a wrong key, a missing container, an
//! expired SAS and a SAS with a bad signature give clear errors, and no credential appears in
//! any output. Without `azurite-blob` the test passes with a skip message, unless
//! `KQLAKE_CI=1`, where a missing emulator fails it.

use crate::support::{ORACLE, SAMPLE, SAMPLE_NOW, corpus, kql, root, sorted_csv, stderr, stdout};
use base64::Engine as _;
use kql_blob::object_store::{ObjectStoreExt, PutPayload, path::Path as BlobPath};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Azurite's documented development account and key.
const ACCOUNT: &str = "devstoreaccount1";
const KEY: &str =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const CONTAINER: &str = "exports";

/// A running Azurite, stopped when dropped.
struct Azurite {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for Azurite {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts Azurite's blob service on a free port of 127.0.0.1, or `None` (after a skip
/// message) when it is not installed and `KQLAKE_CI` is not set.
#[allow(clippy::print_stderr, reason = "a skipped test says why")]
fn start_azurite() -> Option<Azurite> {
    let installed = Command::new("azurite-blob")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !installed {
        assert!(
            std::env::var("KQLAKE_CI").as_deref() != Ok("1"),
            "azurite-blob is not installed: run .ci/setup-archives.sh"
        );
        eprintln!("skipped: azurite-blob is not installed (bash .ci/setup-archives.sh)");
        return None;
    }
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let dir = tempfile::tempdir().expect("temp dir");
    let child = Command::new("azurite-blob")
        .args(["--blobHost", "127.0.0.1", "--blobPort", &port.to_string()])
        .arg("--location")
        .arg(dir.path())
        .args(["--silent", "--skipApiVersionCheck", "--loose"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("azurite-blob starts");
    let azurite = Azurite {
        child,
        port,
        _dir: dir,
    };
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "azurite did not listen on 127.0.0.1:{port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Some(azurite)
}

/// HMAC-SHA256 (RFC 2104) of `message` under `key`.
fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .to_vec()
}

/// Creates `container` with Blob Storage's Create Container call, signed with the account key
/// (Shared Key authorization; object_store cannot create containers).
fn create_container(port: u16, container: &str) {
    let date = chrono::Utc::now()
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    let version = "2021-08-06";
    let to_sign = format!(
        "PUT\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:{date}\nx-ms-version:{version}\n/{ACCOUNT}/{ACCOUNT}/{container}\nrestype:container"
    );
    let key = base64::engine::general_purpose::STANDARD
        .decode(KEY)
        .expect("the key is base64");
    let signature =
        base64::engine::general_purpose::STANDARD.encode(hmac_sha256(&key, to_sign.as_bytes()));
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("azurite");
    write!(
        stream,
        "PUT /{ACCOUNT}/{container}?restype=container HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         x-ms-date: {date}\r\nx-ms-version: {version}\r\n\
         Authorization: SharedKey {ACCOUNT}:{signature}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .expect("a request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("a response");
    assert!(response.starts_with("HTTP/1.1 201"), "{response}");
}

/// Every file below `dir`, relative to it, with `/` separators.
fn files_below(dir: &Path, base: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("a folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_below(&path, base, out);
        } else {
            let relative = path.strip_prefix(base).expect("below the base");
            out.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// The blob hour of an export path (`…/y=YYYY/m=MM/d=DD/h=HH/…`) as `YYYY-MM-DDTHH`, which
/// sorts as the time does.
fn path_hour(path: &str) -> String {
    let parts: Vec<&str> = path.split('/').collect();
    let i = parts
        .iter()
        .position(|p| p.starts_with("y="))
        .unwrap_or_else(|| panic!("no y= in {path}"));
    let value = |j: usize, key: &str| {
        parts[i + j]
            .strip_prefix(key)
            .unwrap_or_else(|| panic!("{key} in {path}"))
    };
    format!(
        "{}-{}-{}T{}",
        value(0, "y="),
        value(1, "m="),
        value(2, "d="),
        value(3, "h=")
    )
}

/// The first blob hour uploaded: the sample's last five days (its `now` is 2026-11-20), which
/// hold every row of the corpus queries looking back at most 5 days (blobs are written at or
/// after their rows' time).
const FIRST_HOUR: &str = "2026-11-15T00";

/// A copy of the sample's blobs from [`FIRST_HOUR`] on, in a temporary folder, and their paths.
fn sample_subset() -> (tempfile::TempDir, Vec<String>) {
    let base = root().join(SAMPLE);
    let mut files = Vec::new();
    files_below(&base, &base, &mut files);
    files.retain(|f| path_hour(f).as_str() >= FIRST_HOUR);
    files.sort();
    let dir = tempfile::tempdir().expect("temp dir");
    for f in &files {
        let target = dir.path().join(f);
        std::fs::create_dir_all(target.parent().expect("a parent")).expect("a folder");
        std::fs::copy(base.join(f), target).expect("a copy");
    }
    (dir, files)
}

/// Environment of `kql` for the emulator: its endpoint (path-style, plain HTTP) and, unless
/// `key` is `None`, an account key.
fn emulator_env(azurite: &Azurite, key: Option<&str>) -> Vec<(&'static str, String)> {
    let mut env = vec![
        (
            "AZURE_STORAGE_ENDPOINT",
            format!("http://127.0.0.1:{}/{ACCOUNT}", azurite.port),
        ),
        ("AZURE_ALLOW_HTTP", "true".to_owned()),
    ];
    env.extend(key.map(|k| ("AZURE_STORAGE_ACCOUNT_KEY", k.to_owned())));
    env
}

/// Uploads `files` of `base` into the container.
fn upload(azurite: &Azurite, base: &Path, files: &[String]) {
    create_container(azurite.port, CONTAINER);
    let location = kql_blob::parse_location(&format!("az://{ACCOUNT}/{CONTAINER}"))
        .expect("a blob URL")
        .expect("well formed");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let store =
        kql_blob::open_store_with(&location, &emulator_env(azurite, Some(KEY))).expect("the store");
    let client = store.object_store();
    runtime.block_on(async {
        use futures::StreamExt;
        futures::stream::iter(files)
            .map(|f| {
                let client = std::sync::Arc::clone(&client);
                let bytes = std::fs::read(base.join(f)).expect("a blob");
                async move {
                    client
                        .put(&BlobPath::from(f.as_str()), PutPayload::from(bytes))
                        .await
                        .expect("an upload")
                }
            })
            .buffer_unordered(32)
            .collect::<Vec<_>>()
            .await
    });
}

/// An account SAS for the blob service (Azure's "Create an account SAS", version 2019-12-12:
/// the string to sign is account, permissions, services, resource types, start, expiry, IP,
/// protocol and version, each followed by a newline), signed with `key`.
fn account_sas(key: &str, expiry: &str) -> String {
    let (permissions, services, types, version) = ("rl", "b", "sco", "2019-12-12");
    let to_sign =
        format!("{ACCOUNT}\n{permissions}\n{services}\n{types}\n\n{expiry}\n\n\n{version}\n");
    let key = base64::engine::general_purpose::STANDARD
        .decode(key)
        .expect("the key is base64");
    let signature =
        base64::engine::general_purpose::STANDARD.encode(hmac_sha256(&key, to_sign.as_bytes()));
    let encode = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    format!(
        "sv={version}&ss={services}&srt={types}&sp={permissions}&se={}&sig={}",
        encode(expiry),
        encode(&signature)
    )
}

fn kql_with(env: &[(&str, String)], args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kql"));
    command.args(args).current_dir(root());
    for (var, _) in std::env::vars() {
        if var.starts_with("AZURE") {
            command.env_remove(var);
        }
    }
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().expect("kql runs")
}

/// `kql query --data DATA --now SAMPLE_NOW --format csv QUERY` plus `extra` arguments.
fn query_args<'a>(data: &'a str, query: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "query", "--data", data, "--now", SAMPLE_NOW, "--format", "csv",
    ];
    args.extend(extra);
    args.push(query);
    args
}

/// Every corpus query answers from the container as from the same blobs on local disk, and
/// as the generator's oracle when its range lies inside the uploaded days.
fn same_answers_as_local_disk(env: &[(&str, String)], url: &str, local: &str) {
    for (name, oracle) in [
        ("q1_failed_jobs.kql", Some("q1.csv")),
        ("q2_job_by_name.kql", None),
        ("q3_d1_v2_clusters.kql", Some("q3.csv")),
        ("q4_allocated_nodes.kql", None),
        ("q5_nodes_by_workspace.kql", Some("q5.csv")),
        ("q6_failed_jobs_with_lets.kql", Some("q1.csv")),
    ] {
        let q = corpus(name);
        let from_disk = kql(&query_args(local, &q, &[]));
        assert_eq!(
            from_disk.status.code(),
            Some(0),
            "{name}: {}",
            stderr(&from_disk)
        );
        let remote = kql_with(env, &query_args(url, &q, &[]));
        assert_eq!(remote.status.code(), Some(0), "{name}: {}", stderr(&remote));
        let rows = sorted_csv(&stdout(&remote));
        assert!(!rows.1.is_empty(), "{name}: rows, so the check can fail");
        assert_eq!(rows, sorted_csv(&stdout(&from_disk)), "{name}");
        if let Some(file) = oracle {
            let expected = std::fs::read_to_string(root().join(ORACLE).join("expected").join(file))
                .expect("expected result");
            assert_eq!(rows, sorted_csv(&expected), "{name} against the oracle");
        }
    }
}

/// The numbers of a `stats: blobs …` line: folders skipped unlisted and blobs fetched.
fn blob_stats(stderr_text: &str) -> (usize, usize) {
    let line = stderr_text
        .lines()
        .find(|l| l.starts_with("stats: blobs "))
        .unwrap_or_else(|| panic!("no blob stats in {stderr_text}"));
    let number = |after: &str| -> usize {
        line.split(after)
            .nth(1)
            .and_then(|r| r.split([',', ' ']).next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{after} in {line}"))
    };
    (
        number("time folders skipped unlisted "),
        number("blobs fetched "),
    )
}

/// The error message of a query over `data` that must fail with exit code 1 and no output.
fn refused(env: &[(&str, String)], data: &str) -> String {
    let o = kql_with(
        env,
        &["query", "--data", data, "AmlComputeJobEvent | count"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    stderr(&o)
}

#[test]
fn blob_storage_answers_like_local_disk_and_errors_are_clear() {
    let Some(azurite) = start_azurite() else {
        return;
    };
    let (subset, files) = sample_subset();
    upload(&azurite, subset.path(), &files);
    let local = subset
        .path()
        .to_str()
        .expect("a UTF-8 temp path")
        .to_owned();
    let env = emulator_env(&azurite, Some(KEY));
    let url = format!("az://{ACCOUNT}/{CONTAINER}/");

    same_answers_as_local_disk(&env, &url, &local);

    // A one-day query (rows after 2026-11-19T00:00): only blobs of hours from 2026-11-18T23
    // (one hour of early slack) on can hold its rows; the others are never listed or fetched.
    let q = "AmlComputeJobEvent | where TimeGenerated > ago(1d) | count";
    let o = kql_with(&env, &query_args(&url, q, &["--stats"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (skipped, fetched) = blob_stats(&stderr(&o));
    let expected_fetched = files
        .iter()
        .filter(|f| path_hour(f).as_str() >= "2026-11-18T23")
        .count();
    assert!(expected_fetched < files.len());
    assert_eq!(fetched, expected_fetched, "{}", stderr(&o));
    // The folders skipped unlisted: each day folder wholly before that hour, else each hour
    // folder before it (what lies below a skipped folder is never listed).
    let expected_skipped: std::collections::BTreeSet<String> = files
        .iter()
        .filter(|f| path_hour(f).as_str() < "2026-11-18T23")
        .map(|f| {
            let (day, hour) = f.split_once("/h=").expect("an hour folder");
            if path_hour(f).as_str() < "2026-11-18T00" {
                day.to_owned()
            } else {
                format!("{day}/h={}", &hour[..2])
            }
        })
        .collect();
    assert_eq!(skipped, expected_skipped.len(), "{}", stderr(&o));
    assert_eq!(stdout(&o), stdout(&kql(&query_args(&local, q, &[]))));
    assert!(!stderr(&o).contains(KEY) && !stdout(&o).contains(KEY));

    // A SAS token, in the https:// URL or in AZURE_STORAGE_SAS_TOKEN, in place of the key.
    let sas = account_sas(KEY, "2099-01-01T00:00:00Z");
    let endpoint_only = emulator_env(&azurite, None);
    let https = format!("https://{ACCOUNT}.blob.core.windows.net/{CONTAINER}/");
    let q5 = corpus("q5_nodes_by_workspace.kql");
    let expected_q5 = sorted_csv(&stdout(&kql(&query_args(&local, &q5, &[]))));
    let o = kql_with(
        &endpoint_only,
        &query_args(&format!("{https}?{sas}"), &q5, &["--stats"]),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(sorted_csv(&stdout(&o)), expected_q5);
    let signature = sas.split("&sig=").nth(1).expect("a signature");
    assert!(!stderr(&o).contains(signature), "{}", stderr(&o));
    let mut sas_env = endpoint_only.clone();
    sas_env.push(("AZURE_STORAGE_SAS_TOKEN", sas.clone()));
    let o = kql_with(&sas_env, &query_args(&url, &q5, &[]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(sorted_csv(&stdout(&o)), expected_q5);

    // An expired SAS: said so, with its expiry, and nothing of its signature.
    let expired = account_sas(KEY, "2020-01-01T00:00:00Z");
    let message = refused(&endpoint_only, &format!("{https}?{expired}"));
    assert_eq!(
        message.trim_end(),
        format!(
            "error: the SAS token for {url} expired at 2020-01-01T00:00:00Z: create a new one \
             (with list and read permissions)"
        )
    );

    // A SAS whose signature is wrong (signed with another key): refused, signature not shown.
    let other_key = base64::engine::general_purpose::STANDARD.encode([7u8; 64]);
    let forged = account_sas(&other_key, "2099-01-01T00:00:00Z");
    let message = refused(&endpoint_only, &format!("{https}?{forged}"));
    assert!(
        message.starts_with(&format!(
            "error: access to {url} was refused: check the account key or SAS token"
        )),
        "{message}"
    );
    let forged_signature = forged.split("&sig=").nth(1).expect("a signature");
    assert!(!message.contains(forged_signature), "{message}");

    // A wrong account key: refused, with a message that says what to check and shows no key.
    let wrong = emulator_env(&azurite, Some(&other_key));
    let message = refused(&wrong, &url);
    assert!(
        message.starts_with(&format!(
            "error: access to {url} was refused: check the account key"
        )),
        "{message}"
    );
    assert!(
        !message.contains(&other_key) && !message.contains(KEY),
        "{message}"
    );

    // A missing container.
    assert_eq!(
        refused(&env, &format!("az://{ACCOUNT}/nosuch/")).trim_end(),
        format!("error: container 'nosuch' does not exist in storage account '{ACCOUNT}'")
    );
}

#[test]
fn commands_other_than_query_refuse_blob_roots_by_name() {
    let url = "https://acct1.blob.core.windows.net/c/p?sv=2019-12-12&sig=SECRETSIGNATURE";
    for args in [
        vec!["tables", "--data", url],
        vec!["convert", "--data", url, "--out", "unused"],
        vec!["plan", "--data", url, "AmlComputeJobEvent | count"],
    ] {
        let o = kql(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let message = stderr(&o);
        assert_eq!(
            message.trim_end(),
            format!(
                "error: kql {} does not read blob roots such as az://acct1/c/p/ yet: only kql \
                 query does; copy the blobs to a folder first (az storage blob download-batch)",
                args[0]
            )
        );
    }
}
