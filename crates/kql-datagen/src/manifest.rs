//! `manifest.json`: what was generated and the guarantees tests may rely on (§10.7).
//!
//! Seed, `now`, the resolved configuration, file count and size, valid rows per table, workspace
//! and day (by event time), records that had not arrived by `now`, each query's row count (Q4's
//! `NodeId`s in full) and every injected anomaly with its file and 1-based line. Keys are
//! serialised from structs and `BTreeMap`s, so the file is byte-stable.
//!
//! The manifest sits in the oracle folder (`--oracle`, else the export root): each query's
//! `expected` path is relative to that folder, each anomaly's `file` to the export root.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::oracle::{Answers, QUERIES};
use crate::schema::Table;
use crate::time::{day_key, iso7};
use crate::topology::Plan;
use crate::writer::{Anomaly, WorkspaceOutput};

/// Format version of `manifest.json`; bump when its shape changes.
pub const MANIFEST_VERSION: u32 = 1;

/// The configuration after `--target-bytes` resolution.
#[derive(Debug, Serialize)]
pub(crate) struct Resolved {
    /// Window length in days.
    pub(crate) days: u32,
    /// Number of AML workspaces.
    pub(crate) workspaces: u32,
    /// Rate multiplier.
    pub(crate) rate: f64,
    /// `--stringly-numbers`.
    pub(crate) stringly_numbers: f64,
    /// `--malformed`.
    pub(crate) malformed: f64,
    /// `--open-hour`.
    pub(crate) open_hour: bool,
    /// `--empty-blobs`.
    pub(crate) empty_blobs: u32,
    /// `--target-bytes`, if given.
    pub(crate) target_bytes: Option<u64>,
}

#[derive(Serialize)]
struct TableRows {
    rows: u64,
    not_arrived: u64,
    by_workspace: BTreeMap<String, BTreeMap<String, u64>>,
}

#[derive(Serialize)]
struct QueryEntry<'a> {
    kql: &'a str,
    /// Relative to the oracle folder.
    expected: String,
    rows: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    node_ids: Option<&'a [String]>,
}

#[derive(Serialize)]
struct Manifest<'a> {
    manifest_version: u32,
    generator: &'static str,
    layout: &'static str,
    seed: u64,
    now: String,
    window_start: String,
    config: &'a Resolved,
    file_count: usize,
    total_bytes: u64,
    tables: BTreeMap<&'static str, TableRows>,
    queries: BTreeMap<String, QueryEntry<'a>>,
    anomalies: &'a [Anomaly],
}

/// Renders `manifest.json` (pretty, trailing newline).
pub(crate) fn render(
    plan: &Plan,
    resolved: &Resolved,
    outputs: &[WorkspaceOutput],
    answers: &Answers,
    anomalies: &[Anomaly],
) -> String {
    let mut tables: BTreeMap<&'static str, TableRows> = Table::ALL
        .iter()
        .map(|t| {
            let not_arrived = outputs.iter().map(|o| o.not_arrived[*t as usize]).sum();
            (
                t.name(),
                TableRows {
                    rows: 0,
                    not_arrived,
                    by_workspace: BTreeMap::new(),
                },
            )
        })
        .collect();
    for output in outputs {
        for (&(table, day), &count) in &output.rows {
            let entry = tables.get_mut(table.name()).expect("every table is listed");
            entry.rows += count;
            *entry
                .by_workspace
                .entry(output.name.clone())
                .or_default()
                .entry(day_key(day))
                .or_default() += count;
        }
    }
    let queries = (0..5)
        .map(|i| {
            let entry = QueryEntry {
                kql: QUERIES[i],
                expected: format!("expected/q{}.csv", i + 1),
                rows: answers.rows[i],
                node_ids: (i == 3).then_some(&answers.node_ids[..]),
            };
            (format!("q{}", i + 1), entry)
        })
        .collect();
    let manifest = Manifest {
        manifest_version: MANIFEST_VERSION,
        generator: "kql-datagen",
        layout: "diagnostic-settings",
        seed: plan.seed,
        now: iso7(plan.now),
        window_start: iso7(plan.start),
        config: resolved,
        file_count: outputs.iter().map(|o| o.blobs.len()).sum(),
        total_bytes: outputs.iter().flat_map(|o| &o.blobs).map(|b| b.bytes).sum(),
        tables,
        queries,
        anomalies,
    };
    let mut text = serde_json::to_string_pretty(&manifest).expect("the manifest serialises");
    text.push('\n');
    text
}
