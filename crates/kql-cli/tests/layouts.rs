//! Export layouts beyond the AML diagnostic sample, through `kql`: every resource type's
//! categories routed to their Log Analytics tables (`AzureDiagnostics` with its suffixed
//! columns when a category has no table of its own), the activity log as `AzureActivity`,
//! platform metrics as `AzureMetrics`, the generator's workspace data export answering like its
//! oracle, several `--data` roots as one table, and duplicate records counted and removed.
//!
//! Expected values are hand counts over the records of `testdata/layouts/azure` (written from
//! azure-exports.md's facts; each test says which records), the generator's oracle
//! (`testdata/oracle/exports-noisy/expected`) and counts made here with serde_json over the files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::support::{SAMPLE_NOW, corpus, kql, root, sorted_csv, stderr, stdout};

/// Hand-written records of four resource-log containers.
const AZURE: &str = "testdata/layouts/azure";
/// The generator's workspace data export of `testdata/exports-noisy`, with duplicate deliveries.
const WORKSPACE_EXPORT: &str = "testdata/layouts/workspace-export";
/// The diagnostic export it was made from, and its oracle.
const NOISY: &str = "testdata/exports-noisy";
const NOISY_ORACLE: &str = "testdata/oracle/exports-noisy";

/// `query` over `data` roots as CSV (header, sorted rows); panics on failure.
fn csv(data: &[&str], extra: &[&str], query: &str) -> (String, Vec<String>) {
    let mut args = vec!["query", "--now", SAMPLE_NOW, "--format", "csv"];
    for d in data {
        args.extend(["--data", d]);
    }
    args.extend(extra);
    args.push(query);
    let out = kql(&args);
    assert!(out.status.success(), "{query}: {}", stderr(&out));
    sorted_csv(&stdout(&out))
}

fn rows(data: &[&str], query: &str) -> Vec<String> {
    csv(data, &[], query).1
}

#[test]
fn key_vault_audit_events_are_azkv_audit_logs() {
    // insights-logs-auditevent under PROVIDERS/MICROSOFT.KEYVAULT/VAULTS: the supported-logs
    // reference routes AuditEvent of microsoft.keyvault/vaults to AZKVAuditLogs. Three records:
    // SecretGet 200 (durationMs "78"), SecretGet 403 (12), VaultGet 200 ("5").
    assert_eq!(
        rows(
            &[AZURE],
            "AZKVAuditLogs | summarize n = count(), ms = sum(DurationMs) by OperationName, HttpStatusCode"
        ),
        vec![
            "SecretGet,200,1,78",
            "SecretGet,403,1,12",
            "VaultGet,200,1,5"
        ]
    );
    // Standard columns: Type is the table, _ResourceId the lower-cased resource ID, and the
    // documented `Properties` column holds the bag.
    assert_eq!(
        rows(
            &[AZURE],
            "AZKVAuditLogs | where HttpStatusCode == 403 | project Type, _ResourceId, _SubscriptionId, IsAccessPolicyMatch, tostring(Properties.clientInfo)"
        ),
        vec![
            "AZKVAuditLogs,/subscriptions/3f2a6c1e-8b7d-4c2a-9e15-6d0b7a4c2f11/resourcegroups/rg-secrets/providers/microsoft.keyvault/vaults/kv-contoso,3f2a6c1e-8b7d-4c2a-9e15-6d0b7a4c2f11,false,curl/8.0"
        ]
    );
}

#[test]
fn categories_without_a_table_are_azure_diagnostics_with_suffixed_columns() {
    // insights-logs-detailtracking of microsoft.aad/domainservices has no resource-specific
    // table. Two records: EventId 4688/4689 (numbers → _d), Computer dc1/dc2 (_s), Success
    // true/false (_b), TimeCreated (_t), Details an object on the first only (_s, JSON text),
    // top-level location → location_s; ResourceId and its parts as the record writes them.
    assert_eq!(
        rows(
            &[AZURE],
            "AzureDiagnostics | project Category, OperationName, EventId_d, Computer_s, Success_b, TimeCreated_t, Details_s, location_s, Resource, ResourceGroup, ResourceProvider, ResourceType"
        ),
        vec![
            "DetailTracking,ProcessCreated,4688,dc1,true,2024-05-01T13:59:58.2500000Z,\"{\"\"process\"\":\"\"cmd.exe\"\",\"\"pid\"\":4242}\",westeurope,CONTOSO.COM,RG-IDENTITY,MICROSOFT.AAD,DOMAINSERVICES",
            "DetailTracking,ProcessExited,4689,dc2,false,2024-05-01T14:10:29.0000000Z,,westeurope,CONTOSO.COM,RG-IDENTITY,MICROSOFT.AAD,DOMAINSERVICES",
        ]
    );
    let (_, types) = csv(
        &[AZURE],
        &[],
        "AzureDiagnostics | getschema | where ColumnName in ('EventId_d', 'Success_b', 'TimeCreated_t', 'Computer_s') | project ColumnName, ColumnType",
    );
    assert_eq!(
        types,
        vec![
            "Computer_s,string",
            "EventId_d,real",
            "Success_b,bool",
            "TimeCreated_t,datetime"
        ]
    );
}

#[test]
fn the_activity_log_is_azure_activity() {
    // Three records: a Write (eventCategory Administrative), an Action (eventCategory Policy),
    // a Delete without eventCategory (Administrative by default, azure-exports.md §2.5).
    assert_eq!(
        rows(
            &[AZURE],
            "AzureActivity | summarize count() by CategoryValue"
        ),
        vec!["Administrative,2", "Policy,1"]
    );
    assert_eq!(
        rows(
            &[AZURE],
            "AzureActivity | where ActivityStatusValue == 'Failure' | project OperationNameValue, ActivitySubstatusValue, ResourceGroup, Resource, ResourceProviderValue, SubscriptionId, Level, tostring(Properties_d.statusCode)"
        ),
        vec![
            "MICROSOFT.STORAGE/STORAGEACCOUNTS/DELETE,Failed.Conflict,rg-data,stdata01,Microsoft.Storage,3f2a6c1e-8b7d-4c2a-9e15-6d0b7a4c2f11,Error,Conflict"
        ]
    );
}

#[test]
fn platform_metrics_are_azure_metrics() {
    // ServiceApiHit: totals 5.5 + 3, counts 2 + 1; ServiceApiLatency: total 120, count 3.
    assert_eq!(
        rows(
            &[AZURE],
            "AzureMetrics | summarize total = sum(Total), n = sum(Count), mx = max(Maximum) by MetricName, Resource, TimeGrain"
        ),
        vec![
            "ServiceApiHit,KV-CONTOSO,PT1M,8.5,3,4",
            "ServiceApiLatency,KV-CONTOSO,PT1M,120,3,60"
        ]
    );
}

/// Every export blob under `dir`, recursively.
fn blobs(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            blobs(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Distinct rows of the workspace export per table, and per table how many rows repeat an
/// `_ItemId` (counted with serde_json, not kqlake).
fn export_counts() -> (HashMap<String, u64>, HashMap<String, u64>) {
    let mut files = Vec::new();
    blobs(&root().join(WORKSPACE_EXPORT), &mut files);
    let mut seen = std::collections::HashSet::new();
    let mut per_table: HashMap<String, u64> = HashMap::new();
    let mut repeats: HashMap<String, u64> = HashMap::new();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("a JSON blob");
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("a row");
            let id = v["_ItemId"].as_str().expect("an _ItemId").to_owned();
            let table = v["Type"].as_str().expect("a Type").to_owned();
            let counter = if seen.insert(id) {
                &mut per_table
            } else {
                &mut repeats
            };
            *counter.entry(table).or_default() += 1;
        }
    }
    (per_table, repeats)
}

#[test]
fn the_workspace_export_answers_like_the_oracle_once_deduplicated() {
    let (_, repeats) = export_counts();
    assert!(
        repeats.values().sum::<u64>() > 0,
        "the fixture has duplicate deliveries"
    );
    answers_like_the_oracle(WORKSPACE_EXPORT, NOISY_ORACLE, &["--dedup"]);
}

/// The five target queries of the corpus and the oracle's answer file of each.
const ORACLE_QUERIES: [(&str, &str); 5] = [
    ("q1_failed_jobs.kql", "q1.csv"),
    ("q2_job_by_name.kql", "q2.csv"),
    ("q3_d1_v2_clusters.kql", "q3.csv"),
    ("q4_allocated_nodes.kql", "q4.csv"),
    ("q5_nodes_by_workspace.kql", "q5.csv"),
];

/// The five target queries over `data` give the generator's answers in `oracle/expected`.
fn answers_like_the_oracle(data: &str, oracle: &str, flags: &[&str]) {
    for (file, expected) in ORACLE_QUERIES {
        let expected = std::fs::read_to_string(root().join(oracle).join("expected").join(expected))
            .expect("expected answer");
        let expected = sorted_csv(&expected);
        assert!(!expected.1.is_empty(), "{oracle}: {file} has rows");
        assert_eq!(
            csv(&[data], flags, &corpus(file)),
            expected,
            "{data}: {file}"
        );
    }
}

#[test]
fn camel_case_keys_wrapped_and_gzipped_blobs_answer_like_the_oracle() {
    // testdata/layouts/diagnostic-drift: --key-case camel, --legacy-wrapper, --gzip.
    answers_like_the_oracle(
        "testdata/layouts/diagnostic-drift",
        "testdata/oracle/diagnostic-drift",
        &["--strict"],
    );
}

#[test]
fn duplicates_are_counted_in_stats_and_removed_only_with_dedup() {
    let (per_table, repeats) = export_counts();
    let all: u64 = per_table.values().sum();
    let duplicates: u64 = repeats.values().sum();
    let count =
        "union AmlComputeClusterEvent, AmlComputeJobEvent, AmlComputeClusterNodeEvent | count";
    for (flags, expected) in [
        (vec!["--stats"], all + duplicates),
        (vec!["--stats", "--dedup"], all),
    ] {
        let mut args = vec!["query", "--data", WORKSPACE_EXPORT, "--format", "csv"];
        args.extend(flags.iter().copied());
        args.push(count);
        let out = kql(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(stdout(&out), format!("Count\n{expected}\n"), "{flags:?}");
        let err = stderr(&out);
        assert!(
            err.contains(&format!("stats: duplicate records {duplicates} ")),
            "{flags:?}: {err}"
        );
    }
}

#[test]
fn the_same_table_from_several_roots_is_one_table() {
    // The diagnostic export and its workspace export hold every record once each, in two shapes
    // (no shared _ItemId), and the export repeats some rows: one table with all rows of both
    // roots; --dedup removes the export's repeats only.
    let (per_table, repeats) = export_counts();
    let jobs = per_table["AmlComputeJobEvent"];
    let repeated = repeats.get("AmlComputeJobEvent").copied().unwrap_or(0);
    assert!(repeated > 0, "the fixture repeats job events");
    assert_eq!(
        rows(&[NOISY], "AmlComputeJobEvent | count"),
        vec![jobs.to_string()]
    );
    let both = [NOISY, WORKSPACE_EXPORT];
    let query = "AmlComputeJobEvent | count";
    assert_eq!(rows(&both, query), vec![(2 * jobs + repeated).to_string()]);
    assert_eq!(
        csv(&both, &["--dedup"], query).1,
        vec![(2 * jobs).to_string()]
    );
}

/// The second workspace of the two-workspace tree.
const EAST: &str = "law-east";
/// The workspace of the generator's workspace export.
const CENTRAL: &str = "law-central";

/// A two-workspace export in a temporary folder: every file of the workspace export under its
/// own workspace (`law-central`), and a copy of the files of even hours under `law-east` of
/// another resource group. Returns the folder and, per (workspace, table), the rows counted
/// with serde_json.
fn two_workspaces() -> (tempfile::TempDir, HashMap<(String, String), u64>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = root().join(WORKSPACE_EXPORT);
    let mut files = Vec::new();
    blobs(&src, &mut files);
    let mut counts: HashMap<(String, String), u64> = HashMap::new();
    for f in files {
        let rel = f
            .strip_prefix(&src)
            .expect("under the export")
            .to_string_lossy()
            .into_owned();
        assert!(rel.contains("/workspaces/law-central/"), "{rel}");
        let text = std::fs::read_to_string(&f).expect("a JSON blob");
        let mut rows: HashMap<String, u64> = HashMap::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("a row");
            *rows
                .entry(v["Type"].as_str().expect("a Type").to_owned())
                .or_default() += 1;
        }
        let even_hour = rel
            .split('/')
            .find_map(|c| c.strip_prefix("h="))
            .and_then(|h| h.parse::<u32>().ok())
            .is_some_and(|h| h % 2 == 0);
        let mut targets = vec![(CENTRAL, rel.clone())];
        if even_hour {
            let east = rel
                .replace("/resourcegroups/rg-logs/", "/resourcegroups/rg-east/")
                .replace("/workspaces/law-central/", "/workspaces/law-east/");
            targets.push((EAST, east));
        }
        for (ws, rel) in targets {
            let to = dir.path().join(rel);
            std::fs::create_dir_all(to.parent().expect("a folder")).expect("mkdir");
            std::fs::write(&to, &text).expect("copy");
            for (table, n) in &rows {
                *counts.entry((ws.to_owned(), table.clone())).or_default() += n;
            }
        }
    }
    (dir, counts)
}

#[test]
fn workspace_tables_read_only_their_workspace_files() {
    let (dir, counts) = two_workspaces();
    let data = dir.path().to_str().expect("a UTF-8 path");
    let table = "AmlComputeJobEvent";
    let n = |ws: &str| counts[&(ws.to_owned(), table.to_owned())];
    assert!(
        n(EAST) > 0 && n(EAST) < n(CENTRAL),
        "two different workspaces"
    );
    // By name (any case) and by full resource id.
    for (ws, written) in [
        (CENTRAL, "law-central".to_owned()),
        (EAST, "LAW-East".to_owned()),
        (
            EAST,
            "/subscriptions/3f2a6c1e-8b7d-4c2a-9e15-6d0b7a4c2f11/resourceGroups/rg-east/providers/\
             Microsoft.OperationalInsights/workspaces/law-east"
                .to_owned(),
        ),
    ] {
        let query = format!("workspace('{written}').{table} | count");
        assert_eq!(rows(&[data], &query), vec![n(ws).to_string()], "{query}");
    }
    // Files of other workspaces are never opened: --stats counts the files considered.
    let mut all = Vec::new();
    blobs(dir.path(), &mut all);
    let east_files = all
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|p| p.contains("/am-amlcomputejobevent/") && p.contains("/workspaces/law-east/"))
        .count();
    assert!(east_files > 0);
    let out = kql(&[
        "query",
        "--stats",
        "--data",
        data,
        &format!("workspace('{EAST}').{table} | count"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("files considered {east_files} (")),
        "{east_files} files of {EAST} in {err}"
    );
    // withsource labels each workspace leg as written.
    let query = format!(
        "union withsource=src workspace('{CENTRAL}').{table}, workspace(\"{EAST}\").{table} \
         | summarize n = count() by src"
    );
    let (header, got) = csv(&[data], &[], &query);
    assert_eq!(header, "src,n");
    let mut expected = vec![
        format!("\"workspace(\"\"{CENTRAL}\"\").{table}\",{}", n(CENTRAL)),
        format!("\"workspace(\"\"{EAST}\"\").{table}\",{}", n(EAST)),
    ];
    expected.sort();
    assert_eq!(got, expected);
    // A workspace leg beside the plain table (every workspace's rows).
    let query = format!("union workspace('{EAST}').{table}, {table} | count");
    assert_eq!(
        rows(&[data], &query),
        vec![(2 * n(EAST) + n(CENTRAL)).to_string()]
    );
    // Every table of each workspace.
    for ((ws, t), c) in &counts {
        let query = format!("workspace('{ws}').{t} | count");
        assert_eq!(rows(&[data], &query), vec![c.to_string()], "{query}");
    }
}

#[test]
fn a_workspace_table_answers_like_the_oracle() {
    // law-central holds the whole export: its tables answer the oracle's five queries once
    // deduplicated, whatever law-east holds.
    let (dir, _) = two_workspaces();
    let data = dir.path().to_str().expect("a UTF-8 path");
    for (file, expected) in ORACLE_QUERIES {
        let query = format!("workspace('{CENTRAL}').{}", corpus(file));
        let expected =
            std::fs::read_to_string(root().join(NOISY_ORACLE).join("expected").join(expected))
                .expect("expected answer");
        assert_eq!(
            csv(&[data], &["--dedup"], &query),
            sorted_csv(&expected),
            "{file}"
        );
    }
}

/// The error of `query` over `data`; panics if it succeeds.
fn query_error(data: &str, query: &str) -> String {
    let out = kql(&["query", "--data", data, query]);
    assert!(!out.status.success(), "{query} should fail");
    stderr(&out)
}

#[test]
fn unknown_workspaces_are_positioned_errors() {
    let (dir, _) = two_workspaces();
    let data = dir.path().to_str().expect("a UTF-8 path");
    let err = query_error(
        data,
        "AmlComputeJobEvent | union workspace('law-west').AmlComputeJobEvent",
    );
    assert!(err.contains("unknown workspace 'law-west'"), "{err}");
    assert!(err.contains("1:38"), "position of the workspace in {err}");
    assert!(
        err.contains("law-central, law-east"),
        "the workspaces found in {err}"
    );
    let err = query_error(data, "workspace('law-east').AzureActivity");
    assert!(
        err.contains("workspace 'law-east' exported no table 'AzureActivity'"),
        "{err}"
    );
    assert!(err.contains("1:23"), "position of the table in {err}");
    // Diagnostic-settings exports belong to no workspace.
    let err = query_error(NOISY, "workspace('law-central').AmlComputeJobEvent");
    assert!(err.contains("unknown workspace 'law-central'"), "{err}");
    assert!(err.contains("diagnostic-settings exports"), "{err}");
}

#[test]
fn other_cross_resource_references_are_rejected_by_name() {
    for (query, name) in [
        ("app('shop').requests | count", "app"),
        (
            "resource('/subscriptions/x').AzureMetrics | count",
            "resource",
        ),
    ] {
        let out = kql(&["query", "--data", AZURE, query]);
        assert!(!out.status.success(), "{query}");
        let err = stderr(&out);
        assert!(err.contains(&format!("'{name}()'")), "{query}: {err}");
        assert!(err.contains("1:1"), "{query}: position in {err}");
    }
}
