//! Integration tests of kql-datagen: determinism, layout, record shape, and the oracle re-derived
//! from the written files (with serde_json and chrono, independently of the generator's records).
//!
//! The committed fixtures — the export roots `testdata/exports` and `testdata/exports-noisy`, which
//! hold only export containers, and their oracles (`manifest.json`, `expected/`) in
//! `testdata/oracle/exports` and `testdata/oracle/exports-noisy` — are checked to be exactly what
//! the commands of `testdata/oracle/README.md` produce; the read-back tests then run over them.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use clap::Parser;
use kql_datagen::cli::Args;
use kql_datagen::schema::{ColumnType, Table};
use regex::Regex;
use serde_json::Value;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The export root of a committed fixture: `testdata/<name>`.
fn fixture(name: &str) -> PathBuf {
    repo_root().join("testdata").join(name)
}

/// The oracle folder of a committed fixture: `testdata/oracle/<name>`.
fn oracle(name: &str) -> PathBuf {
    repo_root().join("testdata/oracle").join(name)
}

/// Names of the entries directly under `dir`, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

fn sorted(names: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = names.iter().map(|&n| n.to_owned()).collect();
    names.sort();
    names
}

/// Files under `root`, as sorted `/`-separated relative paths.
fn files(root: &Path) -> Vec<String> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else {
                let rel = path.strip_prefix(root).unwrap();
                out.push(
                    rel.components()
                        .map(|c| c.as_os_str().to_str().unwrap())
                        .collect::<Vec<_>>()
                        .join("/"),
                );
            }
        }
    }
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out.sort();
    out
}

/// Asserts that two trees hold the same files with the same bytes.
fn assert_same_tree(expected: &Path, actual: &Path) {
    let (a, b) = (files(expected), files(actual));
    assert_eq!(
        a,
        b,
        "file lists differ between {} and {}",
        expected.display(),
        actual.display()
    );
    for f in &a {
        assert!(
            content(&expected.join(f)) == content(&actual.join(f)),
            "{f} differs"
        );
    }
}

/// A file's bytes; a `.gz` file's decompressed bytes, since the compressed bytes depend on which
/// deflate backend cargo's feature unification picked for the build (zlib-rs or miniz_oxide).
fn content(path: &Path) -> Vec<u8> {
    let bytes = fs::read(path).unwrap();
    if path.extension().is_some_and(|e| e == "gz") {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut out)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        out
    } else {
        bytes
    }
}

fn run(args: &[&str]) {
    let mut argv = vec!["kql-datagen"];
    argv.extend_from_slice(args);
    Args::try_parse_from(argv).unwrap().run().unwrap();
}

/// Kusto ticks (100 ns since the epoch) of an ISO 8601 datetime, parsed by chrono.
fn ticks(text: &str) -> i64 {
    let t = chrono::DateTime::parse_from_rfc3339(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    t.timestamp() * 10_000_000 + i64::from(t.timestamp_subsec_nanos() / 100)
}

/// The CSV contract's datetime: 7 fractional digits, `Z`.
fn iso7(t: i64) -> String {
    let dt = chrono::DateTime::from_timestamp(
        t.div_euclid(10_000_000),
        (t.rem_euclid(10_000_000) * 100) as u32,
    )
    .unwrap();
    format!(
        "{}.{:07}Z",
        dt.format("%Y-%m-%dT%H:%M:%S"),
        dt.timestamp_subsec_nanos() / 100
    )
}

const DAY: i64 = 864_000_000_000;

/// A record read back from a blob: its file, 1-based line and parsed JSON.
struct Line {
    file: String,
    line: usize,
    value: Option<Value>,
}

/// Every line of every blob under `root`, parsed with serde_json (`None` if invalid).
fn read_lines(root: &Path) -> Vec<Line> {
    let mut out = Vec::new();
    for file in files(root).into_iter().filter(|f| f.ends_with("PT1H.json")) {
        let text = fs::read_to_string(root.join(&file)).unwrap();
        for (i, line) in text.split_terminator('\n').enumerate() {
            out.push(Line {
                file: file.clone(),
                line: i + 1,
                value: serde_json::from_str(line).ok(),
            });
        }
    }
    out
}

/// The `manifest.json` of an oracle folder.
fn manifest(oracle: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(oracle.join("manifest.json")).unwrap()).unwrap()
}

/// The `cargo run … -- <args>` lines of the README at `readme` (relative to the repository),
/// as argument lists: the commands that made its generated fixtures.
fn readme_commands(readme: &str) -> Vec<Vec<String>> {
    let readme = fs::read_to_string(repo_root().join(readme)).unwrap();
    readme
        .lines()
        .filter_map(|l| l.strip_prefix("cargo run --release -p kql-datagen -- "))
        .map(|args| args.split_whitespace().map(str::to_owned).collect())
        .collect()
}

#[test]
fn committed_fixtures_match_their_readme_commands() {
    let commands = readme_commands("testdata/oracle/README.md");
    assert_eq!(commands.len(), 2, "the README documents both fixtures");
    let mut documented = Vec::new();
    for mut args in commands {
        let flag = |name: &str| {
            let at = args.iter().position(|a| a == name);
            at.unwrap_or_else(|| panic!("{name} is given"))
        };
        let (out, oracle) = (flag("--out"), flag("--oracle"));
        let committed_out = repo_root().join(&args[out + 1]);
        let committed_oracle = repo_root().join(&args[oracle + 1]);
        documented.push((args[out + 1].clone(), args[oracle + 1].clone()));
        let (temp_out, temp_oracle) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        args[out + 1] = temp_out.path().to_str().unwrap().to_owned();
        args[oracle + 1] = temp_oracle.path().to_str().unwrap().to_owned();
        run(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert_same_tree(&committed_out, temp_out.path());
        assert_same_tree(&committed_oracle, temp_oracle.path());
    }
    documented.sort();
    assert_eq!(
        documented,
        [
            ("testdata/exports", "testdata/oracle/exports"),
            ("testdata/exports-noisy", "testdata/oracle/exports-noisy"),
        ]
        .map(|(o, r)| (o.to_owned(), r.to_owned()))
    );
}

#[test]
fn export_roots_hold_only_containers_and_oracles_only_the_oracle() {
    // kqlake's discovery warns about anything in a data root that is not an export container.
    for name in ["exports", "exports-noisy"] {
        assert_eq!(
            entries(&fixture(name)),
            sorted(&kql_datagen::EXPORT_ENTRIES),
            "testdata/{name}"
        );
        assert_eq!(
            entries(&oracle(name)),
            sorted(&kql_datagen::ORACLE_ENTRIES),
            "testdata/oracle/{name}"
        );
        assert_eq!(
            entries(&oracle(name).join("expected")),
            sorted(&["q1.csv", "q2.csv", "q3.csv", "q4.csv", "q5.csv"])
        );
    }
    // diagnostic-drift and schema-drift: the oracles of the fixtures of the same names in
    // testdata/layouts (testdata/layouts/README.md).
    assert_eq!(
        entries(&repo_root().join("testdata/oracle")),
        sorted(&[
            "README.md",
            "diagnostic-drift",
            "exports",
            "exports-noisy",
            "schema-drift"
        ])
    );
}

#[test]
fn output_does_not_depend_on_the_thread_count() {
    let noisy = [
        "--seed",
        "7",
        "--days",
        "3",
        "--stringly-numbers",
        "0.3",
        "--malformed",
        "0.05",
        "--open-hour",
        "--empty-blobs",
        "3",
    ];
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for (dir, threads) in [(&a, "1"), (&b, "3")] {
        let mut args = vec!["--out", dir.path().to_str().unwrap(), "--threads", threads];
        args.extend_from_slice(&noisy);
        run(&args);
    }
    assert_same_tree(a.path(), b.path());
    assert!(files(a.path()).len() > 100);
}

#[test]
fn generating_twice_into_one_folder_needs_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    fs::write(dir.path().join("README.md"), "kept").unwrap();
    run(&["--out", out, "--days", "1", "--workspaces", "1"]);
    let again = Args::try_parse_from([
        "kql-datagen",
        "--out",
        out,
        "--days",
        "1",
        "--workspaces",
        "1",
    ])
    .unwrap()
    .run();
    assert!(again.unwrap_err().to_string().contains("--overwrite"));
    run(&[
        "--out",
        out,
        "--days",
        "1",
        "--workspaces",
        "1",
        "--overwrite",
    ]);
    assert_eq!(
        fs::read_to_string(dir.path().join("README.md")).unwrap(),
        "kept"
    );
}

#[test]
fn oracle_goes_to_its_own_folder_and_overwrite_keeps_other_files_there() {
    let (out_dir, oracle_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (out, oracle_path) = (
        out_dir.path().to_str().unwrap(),
        oracle_dir.path().to_str().unwrap(),
    );
    fs::write(oracle_dir.path().join("README.md"), "kept").unwrap();
    let small = ["--days", "1", "--workspaces", "1", "--malformed", "0.05"];
    let args = |overwrite: bool| {
        let mut args = vec!["--out", out, "--oracle", oracle_path];
        args.extend_from_slice(&small);
        if overwrite {
            args.push("--overwrite");
        }
        args
    };
    run(&args(false));
    assert_eq!(
        entries(out_dir.path()),
        sorted(&kql_datagen::EXPORT_ENTRIES)
    );
    assert_eq!(
        entries(oracle_dir.path()),
        sorted(&["README.md", "expected", "manifest.json"])
    );
    // Anomaly files are relative to the export root, expected paths to the oracle folder.
    let m = manifest(oracle_dir.path());
    for a in m["anomalies"].as_array().unwrap() {
        assert!(out_dir.path().join(a["file"].as_str().unwrap()).is_file());
    }
    for q in 1..=5 {
        let expected = m["queries"][format!("q{q}")]["expected"].as_str().unwrap();
        assert_eq!(expected, format!("expected/q{q}.csv"));
        assert!(oracle_dir.path().join(expected).is_file());
    }

    // Without --overwrite, an existing oracle alone refuses the run, before anything is written.
    let fresh = tempfile::tempdir().unwrap();
    let mut refused = vec!["kql-datagen", "--out", fresh.path().to_str().unwrap()];
    refused.extend_from_slice(&["--oracle", oracle_path]);
    refused.extend_from_slice(&small);
    let err = Args::try_parse_from(refused).unwrap().run().unwrap_err();
    assert!(err.to_string().contains("--overwrite"), "{err}");
    assert!(entries(fresh.path()).is_empty());

    // --overwrite replaces the generator's entries in both folders and keeps the rest.
    fs::write(oracle_dir.path().join("expected/stale.csv"), "stale").unwrap();
    let before = (
        files(out_dir.path()).len(),
        fs::read(oracle_dir.path().join("manifest.json")).unwrap(),
    );
    run(&args(true));
    assert_eq!(
        fs::read_to_string(oracle_dir.path().join("README.md")).unwrap(),
        "kept"
    );
    assert!(!oracle_dir.path().join("expected/stale.csv").exists());
    assert_eq!(
        (
            files(out_dir.path()).len(),
            fs::read(oracle_dir.path().join("manifest.json")).unwrap()
        ),
        before
    );

    // The same config without --oracle writes the same bytes, the oracle inside --out.
    let together = tempfile::tempdir().unwrap();
    let mut args = vec!["--out", together.path().to_str().unwrap()];
    args.extend_from_slice(&small);
    run(&args);
    for entry in kql_datagen::EXPORT_ENTRIES {
        assert_same_tree(&out_dir.path().join(entry), &together.path().join(entry));
    }
    assert_same_tree(
        &oracle_dir.path().join("expected"),
        &together.path().join("expected"),
    );
    assert_eq!(
        fs::read(together.path().join("manifest.json")).unwrap(),
        before.1
    );
}

#[test]
fn blob_paths_follow_the_diagnostic_grammar() {
    // §2.1 and §10.4: container, UPPER resource ID, arrival hour, PT1H.json.
    let blob = Regex::new(
        r"^insights-logs-(amlcomputeclusterevent|amlcomputejobevent|amlcomputeclusternodeevent)/resourceId=/SUBSCRIPTIONS/[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}/RESOURCEGROUPS/[A-Z0-9_.-]+/PROVIDERS/MICROSOFT\.MACHINELEARNINGSERVICES/WORKSPACES/[A-Z0-9_-]+/y=\d{4}/m=(0[1-9]|1[0-2])/d=(0[1-9]|[12]\d|3[01])/h=([01]\d|2[0-3])/m=00/PT1H\.json$",
    )
    .unwrap();
    for name in ["exports", "exports-noisy"] {
        // Every file of an export root is a blob: the oracle lives elsewhere.
        let blobs = files(&fixture(name));
        assert!(!blobs.is_empty());
        for f in &blobs {
            assert!(blob.is_match(f), "{f}");
        }
        assert_eq!(manifest(&oracle(name))["file_count"], blobs.len());
        let expected = files(&oracle(name));
        for q in 1..=5 {
            assert!(expected.contains(&format!("expected/q{q}.csv")));
        }
    }
}

#[test]
fn records_have_every_documented_column_with_its_json_type() {
    let top_keys = [
        "category",
        "operationName",
        "properties",
        "resourceId",
        "resultSignature",
        "time",
    ];
    let mut stringly = 0;
    let mut short_digits = 0;
    for name in ["exports", "exports-noisy"] {
        for line in read_lines(&fixture(name)) {
            let Some(record) = line.value else { continue };
            let object = record.as_object().unwrap();
            let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
            keys.sort_unstable();
            assert_eq!(keys, top_keys, "{}:{}", line.file, line.line);
            let category = record["category"].as_str().unwrap();
            let table = Table::ALL
                .into_iter()
                .find(|t| t.name() == category)
                .unwrap();
            assert!(
                line.file
                    .starts_with(&format!("insights-logs-{}/", category.to_lowercase()))
            );
            assert_eq!(
                record["resourceId"].as_str().unwrap(),
                record["resourceId"].as_str().unwrap().to_uppercase()
            );
            assert_eq!(
                record["time"].as_str().unwrap().len(),
                28,
                "time has 7 fractional digits"
            );
            let properties = record["properties"].as_object().unwrap();
            assert_eq!(
                properties.len(),
                table.properties().len(),
                "{}:{}",
                line.file,
                line.line
            );
            for (column, ty) in table.properties() {
                let value = properties
                    .get(*column)
                    .unwrap_or_else(|| panic!("{category} lacks {column}"));
                match ty {
                    ColumnType::Int if value.is_string() => {
                        value.as_str().unwrap().parse::<u32>().unwrap();
                        stringly += 1;
                    }
                    ColumnType::Int => assert!(value.is_u64(), "{column}: {value}"),
                    ColumnType::DateTime => {
                        let text = value.as_str().unwrap();
                        ticks(text);
                        short_digits += usize::from(text.len() != 28);
                    }
                    ColumnType::String => assert!(value.is_string(), "{column}: {value}"),
                }
            }
        }
    }
    assert!(
        stringly > 0 && short_digits > 0,
        "both format variations occur ({stringly}, {short_digits})"
    );
}

#[test]
fn records_sit_in_their_arrival_hour_not_before_the_event_hour() {
    let hour_of = Regex::new(r"/y=(\d{4})/m=(\d\d)/d=(\d\d)/h=(\d\d)/m=00/").unwrap();
    for name in ["exports", "exports-noisy"] {
        let now = ticks(manifest(&oracle(name))["now"].as_str().unwrap());
        let mut later = 0;
        let mut total = 0;
        for line in read_lines(&fixture(name)) {
            let Some(record) = line.value else { continue };
            let c = hour_of.captures(&line.file).unwrap();
            let folder = ticks(&format!("{}-{}-{}T{}:00:00Z", &c[1], &c[2], &c[3], &c[4]));
            let time = ticks(record["time"].as_str().unwrap());
            let event_hour = time - time.rem_euclid(DAY / 24);
            assert!(
                folder >= event_hour,
                "{}:{} is before its event hour",
                line.file,
                line.line
            );
            assert!(folder <= now && time < now);
            later += usize::from(folder > event_hour);
            total += 1;
        }
        assert!(
            later > 0 && later * 10 < total,
            "some records, not many, arrive in a later hour ({later}/{total})"
        );
    }
}

/// A field in the CSV contract.
fn csv(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn int(v: &Value) -> i64 {
    v.as_i64()
        .unwrap_or_else(|| v.as_str().unwrap().parse().unwrap())
}

/// The five queries evaluated, at the manifest's `now`, over the records read back from the files.
fn recount(root: &Path, manifest: &Value) -> [Vec<String>; 5] {
    let now = ticks(manifest["now"].as_str().unwrap());
    let ago = |days: i64| now - days * DAY;
    let mut rows: [Vec<String>; 5] = Default::default();
    let mut node_ids = BTreeSet::new();
    let mut groups: BTreeMap<Vec<String>, Vec<i64>> = BTreeMap::new();
    for record in read_lines(root).into_iter().filter_map(|l| l.value) {
        let time = ticks(record["time"].as_str().unwrap());
        let p = &record["properties"];
        let s = |k: &str| p[k].as_str().unwrap().to_owned();
        match record["category"].as_str().unwrap() {
            "AmlComputeJobEvent" => {
                let row = || {
                    [
                        iso7(time),
                        s("ClusterId"),
                        s("EventType"),
                        s("ExecutionState"),
                        s("ToolType"),
                    ]
                    .map(|f| csv(&f))
                    .join(",")
                };
                if time > ago(5) && s("EventType") == "JobFailed" {
                    rows[0].push(row());
                }
                if s("JobName") == kql_datagen::Q2_JOB_NAME {
                    rows[1].push(row());
                }
            }
            "AmlComputeClusterEvent" => {
                if time > ago(4) && s("VmSize") == "STANDARD_D1_V2" {
                    let fields = [
                        s("ClusterName"),
                        int(&p["InitialNodeCount"]).to_string(),
                        int(&p["MaximumNodeCount"]).to_string(),
                        s("QuotaAllocated"),
                        s("QuotaUtilized"),
                    ];
                    rows[2].push(fields.map(|f| csv(&f)).join(","));
                }
                if time > ago(1) {
                    let workspace = record["resourceId"]
                        .as_str()
                        .unwrap()
                        .to_lowercase()
                        .split('/')
                        .nth(8)
                        .unwrap()
                        .to_owned();
                    let key = vec![
                        workspace,
                        s("ClusterName"),
                        s("ClusterType"),
                        s("VmSize"),
                        s("VmPriority"),
                    ];
                    groups
                        .entry(key)
                        .or_default()
                        .push(int(&p["TargetNodeCount"]));
                }
            }
            "AmlComputeClusterNodeEvent" => {
                if time > ago(8) && ticks(p["NodeAllocationTime"].as_str().unwrap()) > ago(8) {
                    node_ids.insert(s("NodeId"));
                }
            }
            other => panic!("unexpected category {other}"),
        }
    }
    rows[3] = node_ids.iter().map(|n| csv(n)).collect();
    rows[4] = groups
        .into_iter()
        .map(|(key, values)| {
            let avg = values.iter().sum::<i64>() as f64 / values.len() as f64;
            let max = values.iter().max().unwrap();
            format!(
                "{},{avg},{max}",
                key.iter().map(|k| csv(k)).collect::<Vec<_>>().join(",")
            )
        })
        .collect();
    rows
}

/// Data rows of an expected CSV of an oracle folder, in file order.
fn expected_rows(oracle: &Path, query: usize) -> Vec<String> {
    let text = fs::read_to_string(oracle.join(format!("expected/q{}.csv", query + 1))).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(kql_datagen::HEADERS[query]));
    lines.map(str::to_owned).collect()
}

#[test]
fn expected_answers_match_a_recount_from_the_files() {
    for name in ["exports", "exports-noisy"] {
        let (root, oracle) = (fixture(name), oracle(name));
        let manifest = manifest(&oracle);
        let recounted = recount(&root, &manifest);
        for (q, mut rows) in recounted.into_iter().enumerate() {
            rows.sort();
            let expected = expected_rows(&oracle, q);
            let entry = &manifest["queries"][format!("q{}", q + 1)];
            assert_eq!(entry["expected"], format!("expected/q{}.csv", q + 1));
            assert_eq!(expected.len(), entry["rows"], "{name} q{}", q + 1);
            assert_eq!(rows, expected, "{name} q{} differs from the recount", q + 1);
        }
    }
}

#[test]
fn default_fixture_is_small_and_every_answer_has_rows() {
    let (root, oracle) = (fixture("exports"), oracle("exports"));
    let bytes: u64 = files(&root)
        .iter()
        .map(|f| fs::metadata(root.join(f)).unwrap().len())
        .sum();
    assert!(bytes < 5 << 20, "testdata/exports is {bytes} bytes");
    let counts: Vec<usize> = (0..5).map(|q| expected_rows(&oracle, q).len()).collect();
    assert!(
        counts[0] >= 5 && counts[1] >= 3 && counts[2] >= 3 && counts[3] >= 5 && counts[4] >= 8,
        "{counts:?}"
    );

    // The hand-placed boundary events are in the files, and `>` keeps them out.
    let now = ticks(manifest(&oracle)["now"].as_str().unwrap());
    let records: Vec<Value> = read_lines(&root)
        .into_iter()
        .filter_map(|l| l.value)
        .collect();
    let at = |category: &str, t: i64| {
        records
            .iter()
            .any(|r| r["category"] == category && ticks(r["time"].as_str().unwrap()) == t)
    };
    assert!(at("AmlComputeJobEvent", now - 5 * DAY) && at("AmlComputeJobEvent", now - 5 * DAY + 1));
    assert!(at("AmlComputeClusterEvent", now - 4 * DAY) && at("AmlComputeClusterEvent", now - DAY));
    let q1 = expected_rows(&oracle, 0);
    assert!(!q1.iter().any(|r| r.starts_with(&iso7(now - 5 * DAY))));
    assert!(q1.iter().any(|r| r.starts_with(&iso7(now - 5 * DAY + 1))));
    let straddling = records.iter().filter(|r| {
        r["category"] == "AmlComputeClusterNodeEvent" && {
            let generated = ticks(r["time"].as_str().unwrap()) > now - 8 * DAY;
            let allocated =
                ticks(r["properties"]["NodeAllocationTime"].as_str().unwrap()) > now - 8 * DAY;
            generated != allocated
        }
    });
    assert!(
        straddling.count() >= 2,
        "node events straddle ago(8d) both ways"
    );
}

#[test]
fn manifest_lists_exactly_the_broken_lines_and_empty_blobs() {
    // Anomaly files are relative to the export root, not to the oracle folder.
    let root = fixture("exports-noisy");
    let manifest = manifest(&oracle("exports-noisy"));
    let anomalies = manifest["anomalies"].as_array().unwrap();
    let listed: BTreeSet<(String, u64)> = anomalies
        .iter()
        .filter(|a| a["kind"] != "empty_blob")
        .map(|a| {
            (
                a["file"].as_str().unwrap().to_owned(),
                a["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let lines = read_lines(&root);
    let broken: BTreeSet<(String, u64)> = lines
        .iter()
        .filter(|l| l.value.is_none())
        .map(|l| (l.file.clone(), l.line as u64))
        .collect();
    assert_eq!(listed, broken);
    let kinds: BTreeSet<&str> = anomalies
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        BTreeSet::from(["empty_blob", "malformed_line", "open_hour_tail"])
    );
    for a in anomalies {
        let bytes = fs::read(root.join(a["file"].as_str().unwrap())).unwrap();
        match a["kind"].as_str().unwrap() {
            "empty_blob" => assert!(bytes.is_empty()),
            "open_hour_tail" => assert_ne!(bytes.last(), Some(&b'\n')),
            _ => {}
        }
    }
    // Row counts cover the valid lines only.
    let valid = lines.iter().filter(|l| l.value.is_some()).count() as u64;
    let counted: u64 = manifest["tables"]
        .as_object()
        .unwrap()
        .values()
        .map(|t| t["rows"].as_u64().unwrap())
        .sum();
    assert_eq!(counted, valid);
}

#[test]
fn parquet_twin_holds_every_valid_line_as_a_typed_row() {
    use arrow::array::{Array, AsArray};
    use arrow::datatypes::{DataType, Int32Type, TimeUnit, TimestampNanosecondType};
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    let (out, twin) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let out_s = out.path().to_str().unwrap();
    let twin_s = twin.path().to_str().unwrap();
    run(&[
        "--out",
        out_s,
        "--days",
        "2",
        "--malformed",
        "0.01",
        "--parquet",
        twin_s,
    ]);
    let lines = read_lines(out.path());
    for table in Table::ALL {
        let json: Vec<&Value> = lines
            .iter()
            .filter(|l| l.file.starts_with(table.container()))
            .filter_map(|l| l.value.as_ref())
            .collect();
        assert!(!json.is_empty(), "{}", table.name());
        let mut times = Vec::new();
        let mut rows = 0;
        let folder = twin.path().join(table.name());
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let file = fs::File::open(&path).unwrap();
            let reader = ParquetRecordBatchReaderBuilder::try_new(file)
                .unwrap()
                .build()
                .unwrap();
            let mut file_times = Vec::new();
            for batch in reader {
                let batch = batch.unwrap();
                let schema = batch.schema();
                assert_eq!(
                    schema.field_with_name("TimeGenerated").unwrap().data_type(),
                    &DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into()))
                );
                for (name, ty) in table.properties() {
                    let expected = match ty {
                        ColumnType::String => DataType::Utf8,
                        ColumnType::Int => DataType::Int32,
                        ColumnType::DateTime => {
                            DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into()))
                        }
                    };
                    assert_eq!(schema.field_with_name(name).unwrap().data_type(), &expected);
                }
                let t = batch
                    .column_by_name("TimeGenerated")
                    .unwrap()
                    .as_primitive::<TimestampNanosecondType>();
                file_times.extend(t.values().iter().copied());
                rows += batch.num_rows();
                if table == Table::ClusterEvent {
                    let n = batch
                        .column_by_name("TargetNodeCount")
                        .unwrap()
                        .as_primitive::<Int32Type>();
                    assert_eq!(n.null_count(), 0, "every cluster event has a target count");
                }
            }
            assert!(
                file_times.is_sorted(),
                "{}: sorted by TimeGenerated",
                path.display()
            );
            times.extend(file_times);
        }
        // Every valid line is one row, with its own `time` (ticks × 100 = ns).
        assert_eq!(rows, json.len(), "{}", table.name());
        let mut expected: Vec<i64> = json
            .iter()
            .map(|v| ticks(v["time"].as_str().unwrap()) * 100)
            .collect();
        expected.sort();
        times.sort();
        assert_eq!(times, expected, "{}", table.name());
    }
}

#[test]
fn the_committed_layout_fixtures_match_their_readme_commands() {
    let commands = readme_commands("testdata/layouts/README.md");
    assert_eq!(
        commands.len(),
        3,
        "workspace export, reshaped diagnostic export and schema drift"
    );
    for mut args in commands {
        let mut dirs = Vec::new();
        for flag in ["--out", "--oracle", "--workspace-export"] {
            let Some(at) = args.iter().position(|a| a == flag).map(|i| i + 1) else {
                continue;
            };
            let committed = repo_root().join(&args[at]);
            let temp = tempfile::tempdir().unwrap();
            args[at] = temp.path().to_str().unwrap().to_owned();
            dirs.push((committed, temp));
        }
        run(&args.iter().map(String::as_str).collect::<Vec<_>>());
        for (committed, temp) in &dirs {
            assert_same_tree(committed, temp.path());
        }
    }
}

/// Every row of a workspace export under `root` (gzipped or not): (relative path, row).
fn export_rows(root: &Path) -> Vec<(String, Value)> {
    use std::io::Read;
    let mut out = Vec::new();
    for file in files(root) {
        let bytes = fs::read(root.join(&file)).unwrap();
        let text = if file.ends_with(".gz") {
            let mut s = String::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_string(&mut s)
                .unwrap();
            s
        } else {
            String::from_utf8(bytes).unwrap()
        };
        for line in text.lines() {
            out.push((file.clone(), serde_json::from_str(line).unwrap()));
        }
    }
    out
}

#[test]
fn workspace_export_rows_are_the_valid_records_in_their_time_buckets() {
    let (out, oracle_dir, plain, gzip) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let s = |p: &tempfile::TempDir| p.path().to_str().unwrap().to_owned();
    let (out_dir, oracle_path, plain_dir, gzip_dir) =
        (s(&out), s(&oracle_dir), s(&plain), s(&gzip));
    let base = [
        "--out",
        &out_dir,
        "--oracle",
        &oracle_path,
        "--days",
        "2",
        "--workspaces",
        "2",
        "--malformed",
        "0.02",
        "--open-hour",
        "--dup",
        "0.1",
    ];
    let mut a: Vec<&str> = base.to_vec();
    a.extend(["--workspace-export", &plain_dir]);
    run(&a);
    // Generating again into the same --out needs --overwrite.
    let mut b: Vec<&str> = base.to_vec();
    b.extend(["--workspace-export", &gzip_dir, "--gzip", "--overwrite"]);
    run(&b);

    let rows = export_rows(plain.path());
    let manifest = manifest(oracle_dir.path());
    let mut ids = BTreeSet::new();
    let mut per_table: BTreeMap<String, u64> = BTreeMap::new();
    let mut duplicates = 0;
    for (file, row) in &rows {
        let table = row["Type"].as_str().unwrap();
        let time = row["TimeGenerated"].as_str().unwrap();
        // 7 fractional digits and the 5-minute bucket of TimeGenerated (§3.1).
        assert_eq!(time, iso7(ticks(time)), "{file}");
        let t = ticks(time);
        let minute = (t / 600_000_000) % 60;
        let expected_prefix = format!(
            "am-{}/WorkspaceResourceId={}/y={}/m={}/d={}/h={}/m={:02}/PT05M",
            table.to_ascii_lowercase(),
            kql_datagen::export::WORKSPACE_RESOURCE_ID,
            &time[0..4],
            &time[5..7],
            &time[8..10],
            &time[11..13],
            minute - minute % 5
        );
        assert!(
            file.starts_with(&expected_prefix),
            "{file} vs {expected_prefix}"
        );
        assert_eq!(row["TenantId"], kql_datagen::export::WORKSPACE_ID);
        assert_eq!(
            row["_ResourceId"].as_str().unwrap(),
            row["_ResourceId"].as_str().unwrap().to_lowercase()
        );
        if ids.insert(row["_ItemId"].as_str().unwrap().to_owned()) {
            *per_table.entry(table.to_owned()).or_default() += 1;
        } else {
            duplicates += 1;
        }
    }
    // Exactly the valid records (malformed and cut lines left out), each once but for retries.
    for table in Table::ALL {
        assert_eq!(
            per_table.get(table.name()).copied().unwrap_or(0),
            manifest["tables"][table.name()]["rows"].as_u64().unwrap(),
            "{}",
            table.name()
        );
    }
    assert!(duplicates > 0, "--dup 0.1 delivers some rows twice");
    assert!(
        rows.iter().any(|(f, _)| f.ends_with("PT05M_1.json")),
        "some retries land in an overflow blob"
    );
    // --gzip: the same rows, compressed.
    let zipped = export_rows(gzip.path());
    assert_eq!(
        zipped
            .iter()
            .map(|(f, r)| (f.trim_end_matches(".gz").to_owned(), r.clone()))
            .collect::<Vec<_>>(),
        rows.iter()
            .map(|(f, r)| (f.clone(), r.clone()))
            .collect::<Vec<_>>()
    );
    assert!(zipped.iter().all(|(f, _)| f.ends_with(".json.gz")));
}
