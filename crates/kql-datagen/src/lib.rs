//! Seeded synthetic Azure Monitor exports of the AML tables, with the expected answers of the target queries.
//!
//! kqlake's test oracle, independent of the engine (it depends on no other kql-* crate). It
//! implements the generator of azure-exports.md §10 for `AmlComputeClusterEvent`,
//! `AmlComputeJobEvent` and `AmlComputeClusterNodeEvent`, with writer A (diagnostic settings):
//!
//! ```text
//! Config ─ plan_for ──▶ Plan (topology: workspaces, clusters; --target-bytes growth)
//!   per workspace, in parallel (rayon), each with its own seeded streams:
//!     sim::simulate_workspace  typed events, arrival times, not-arrived records dropped
//!     writer::write_workspace  JSON lines into arrival-hour PT1H.json blobs, --malformed lines,
//!                              oracle::collect on every valid line
//!   then, in order:
//!     noise                    --open-hour, --empty-blobs
//!     oracle::evaluate         expected/q1.csv … q5.csv   ┐ into --oracle (default: --out), so
//!     manifest::render         manifest.json              ┘ the export root holds only containers
//!   optionally (--parquet DIR):
//!     parquet::write_parquet_twin  writer B: the same rows as Log Analytics tables, in Parquet
//!   optionally (--workspace-export DIR, with --dup, --gzip):
//!     export::write_workspace_export  the same rows as a workspace data-export rule writes them
//!   optionally (--drift):
//!     drift::drift_export      schema drift in the diagnostic blobs, and its oracle drift.json
//!   optionally (--key-case camel, --legacy-wrapper, --gzip):
//!     reshape::reshape_export  the diagnostic blobs rewritten, records unchanged
//! ```
//!
//! The output is byte-identical for a given [`Config`] whatever the thread count: every random
//! draw comes from a stream derived from the seed and the emitting workspace or cluster, files
//! are written whole by one task, and everything global is done after the parallel phase in a
//! fixed order.

pub mod cli;
pub mod config;
pub mod drift;
pub mod export;
mod json;
mod manifest;
mod noise;
mod oracle;
pub mod parquet;
pub mod reshape;
mod rng;
pub mod schema;
mod sim;
pub mod time;
mod topology;
mod vocab;
mod writer;

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use config::{Config, parse_size};
pub use manifest::MANIFEST_VERSION;
pub use oracle::{HEADERS, QUERIES, csv_field};
pub use sim::special::Q2_JOB_NAME;

use topology::Plan;
use writer::WorkspaceOutput;

/// A generation failure.
#[derive(Debug, thiserror::Error)]
pub enum GenError {
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The output folder already holds generated data.
    #[error("{} already holds generated data; pass --overwrite to replace it", .0.display())]
    OutputExists(PathBuf),
    /// The configuration cannot be generated.
    #[error("invalid configuration: {0}")]
    Config(String),
}

/// Adds `path` to an I/O error.
pub(crate) fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> GenError + '_ {
    move |source| GenError::Io {
        path: path.to_owned(),
        source,
    }
}

/// What a run generated.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Window length in days (after `--target-bytes` resolution).
    pub days: u32,
    /// AML workspaces.
    pub workspaces: u32,
    /// Rate multiplier.
    pub rate: f64,
    /// `PT1H.json` blobs, empty ones included.
    pub files: usize,
    /// Bytes of all blobs.
    pub bytes: u64,
    /// Valid records written.
    pub rows: u64,
    /// Injected anomalies.
    pub anomalies: usize,
    /// Data rows of expected/q1.csv … q5.csv.
    pub query_rows: [usize; 5],
}

/// Entries of the export root (`--out`) that the generator owns (and `--overwrite` replaces).
pub const EXPORT_ENTRIES: [&str; 3] = [
    "insights-logs-amlcomputeclusterevent",
    "insights-logs-amlcomputejobevent",
    "insights-logs-amlcomputeclusternodeevent",
];

/// Entries of the oracle folder (`--oracle`, else `--out`) that the generator owns (and
/// `--overwrite` replaces).
pub const ORACLE_ENTRIES: [&str; 2] = ["expected", "manifest.json"];

/// Generates the export described by `config` under `config.out`, and its oracle
/// (`manifest.json`, `expected/`) under `config.oracle`, or `config.out` when that is `None`.
pub fn generate(config: &Config) -> Result<Summary, GenError> {
    let (plan, resolved) = plan_for(config)?;
    let root = config.out.as_path();
    let oracle_dir = config.oracle.as_deref().unwrap_or(root);
    prepare_output(
        &[(root, &EXPORT_ENTRIES), (oracle_dir, &ORACLE_ENTRIES)],
        config.overwrite,
    )?;
    let mut outputs = write_all(&plan, Some(root))?;

    let mut anomalies: Vec<_> = outputs
        .iter_mut()
        .flat_map(|o| std::mem::take(&mut o.anomalies))
        .collect();
    let mut removed = HashSet::new();
    if config.open_hour {
        noise::cut_newest_blob(root, &mut outputs, &mut anomalies, &mut removed)?;
    }
    noise::add_empty_blobs(
        root,
        &plan,
        config.empty_blobs,
        &mut outputs,
        &mut anomalies,
    )?;
    anomalies.sort();

    // The oracle: anomaly files are relative to the export root, `expected` paths to the oracle
    // folder.
    let answers = oracle::evaluate(outputs.iter().map(|o| &o.facts), &removed);
    let expected = oracle_dir.join("expected");
    fs::create_dir_all(&expected).map_err(io_error(&expected))?;
    for (i, csv) in answers.csv.iter().enumerate() {
        let path = expected.join(format!("q{}.csv", i + 1));
        fs::write(&path, csv).map_err(io_error(&path))?;
    }
    let manifest_path = oracle_dir.join("manifest.json");
    let manifest = manifest::render(&plan, &resolved, &outputs, &answers, &anomalies);
    fs::write(&manifest_path, manifest).map_err(io_error(&manifest_path))?;

    Ok(Summary {
        days: resolved.days,
        workspaces: resolved.workspaces,
        rate: resolved.rate,
        files: outputs.iter().map(|o| o.blobs.len()).sum(),
        bytes: outputs.iter().flat_map(|o| &o.blobs).map(|b| b.bytes).sum(),
        rows: outputs.iter().flat_map(|o| o.rows.values()).sum(),
        anomalies: anomalies.len(),
        query_rows: answers.rows,
    })
}

/// Simulates and writes (or, with no root, measures) every workspace, in parallel.
fn write_all(plan: &Plan, root: Option<&Path>) -> Result<Vec<WorkspaceOutput>, GenError> {
    (0..plan.workspaces.len() as u32)
        .into_par_iter()
        .map(|ws| writer::write_workspace(plan, ws, root))
        .collect()
}

/// Total blob bytes of `plan`, without writing.
fn measure(plan: &Plan) -> Result<u64, GenError> {
    Ok(write_all(plan, None)?
        .iter()
        .flat_map(|o| &o.blobs)
        .map(|b| b.bytes)
        .sum())
}

/// The number of workspaces whose total size is closest to `target`, measuring them in order.
fn workspaces_for(target: u64, build: &(dyn Fn(u32) -> Plan + Sync)) -> Result<u32, GenError> {
    const CHUNK: u32 = 8;
    const LIMIT: u32 = 100_000;
    let mut total = 0u64;
    let mut counted = 0u32;
    while counted < LIMIT {
        let plan = build(counted + CHUNK);
        let sizes: Vec<u64> = (counted..counted + CHUNK)
            .into_par_iter()
            .map(|ws| {
                Ok(writer::write_workspace(&plan, ws, None)?
                    .blobs
                    .iter()
                    .map(|b| b.bytes)
                    .sum())
            })
            .collect::<Result<_, GenError>>()?;
        for size in sizes {
            if total + size >= target {
                // Stop here or one short, whichever lands nearer the target.
                let with = total + size - target;
                let without = target - total;
                return Ok(if with <= without || counted == 0 {
                    counted + 1
                } else {
                    counted
                });
            }
            total += size;
            counted += 1;
        }
    }
    Ok(LIMIT)
}

/// Resolves `config` into a plan, growing span, rate and workspaces towards `--target-bytes`.
fn plan_for(config: &Config) -> Result<(Plan, manifest::Resolved), GenError> {
    let check = |ok: bool, what: &str| {
        if ok {
            Ok(())
        } else {
            Err(GenError::Config(what.to_owned()))
        }
    };
    check(config.days >= 1, "--days must be at least 1")?;
    check(config.workspaces >= 1, "--workspaces must be at least 1")?;
    check(
        config.rate.is_finite() && config.rate > 0.0,
        "--rate must be positive",
    )?;
    for (value, name) in [
        (config.stringly_numbers, "--stringly-numbers"),
        (config.malformed, "--malformed"),
    ] {
        check(
            (0.0..=1.0).contains(&value),
            &format!("{name} must be a fraction between 0 and 1"),
        )?;
    }
    let build = |days: u32, workspaces: u32, rate: f64| {
        let mut plan = Plan::new(config.seed, config.now, days, workspaces, rate);
        plan.stringly_numbers = config.stringly_numbers;
        plan.malformed = config.malformed;
        plan
    };
    let (mut days, mut workspaces, mut rate) = (config.days, config.workspaces, config.rate);
    if let Some(target) = config.target_bytes {
        // Grow the span first (up to 30 days), then the rates (up to 64×: a busy workspace writes a
        // few MB a day, §7, and fewer, fuller blobs write faster), then add workspaces,
        // counted exactly: sizes are measured (simulated and formatted, not written) in index
        // order until their running total reaches the target.
        const TEMPLATES: u32 = 4;
        const MAX_DAYS: u32 = 30;
        const MAX_RATE: f64 = 64.0;
        let base = measure(&build(days, TEMPLATES, rate))? as f64;
        let wanted = target as f64;
        if config.keep_days {
            rate *= (wanted / base).clamp(1.0, MAX_RATE);
            workspaces = workspaces_for(target, &|n| build(days, n, rate))?;
        } else if wanted > base && wanted <= base * f64::from(MAX_DAYS.max(days)) / f64::from(days)
        {
            days = (f64::from(days) * wanted / base).round() as u32;
            workspaces = TEMPLATES;
        } else {
            if wanted > base {
                days = days.max(MAX_DAYS);
                let at_span = measure(&build(days, TEMPLATES, rate))? as f64;
                rate *= (wanted / at_span).clamp(1.0, MAX_RATE);
            }
            workspaces = workspaces_for(target, &|n| build(days, n, rate))?;
        }
    }
    let resolved = manifest::Resolved {
        days,
        workspaces,
        rate,
        stringly_numbers: config.stringly_numbers,
        malformed: config.malformed,
        open_hour: config.open_hour,
        empty_blobs: config.empty_blobs,
        target_bytes: config.target_bytes,
    };
    Ok((build(days, workspaces, rate), resolved))
}

/// Creates each folder, and clears the generator's own entries in it when `overwrite` allows.
///
/// Every folder is checked before anything is removed, so a refused run changes nothing.
fn prepare_output(folders: &[(&Path, &[&str])], overwrite: bool) -> Result<(), GenError> {
    let mut existing = Vec::new();
    for &(dir, entries) in folders {
        fs::create_dir_all(dir).map_err(io_error(dir))?;
        for entry in entries {
            let path = dir.join(entry);
            if let Ok(meta) = fs::symlink_metadata(&path) {
                if !overwrite {
                    return Err(GenError::OutputExists(dir.to_owned()));
                }
                existing.push((path, meta.is_dir()));
            }
        }
    }
    for (path, is_dir) in existing {
        if is_dir {
            fs::remove_dir_all(&path).map_err(io_error(&path))?;
        } else {
            fs::remove_file(&path).map_err(io_error(&path))?;
        }
    }
    Ok(())
}
