//! The command line of the `kql-datagen` binary: flags → [`Config`], and a run on a sized thread pool.
//!
//! Kept in the library so that tests parse the exact command lines documented in
//! `testdata/oracle/README.md` and regenerate the committed fixtures from them.

use std::path::PathBuf;

use clap::Parser;

use crate::config::{Config, parse_size};
use crate::drift::drift_export;
use crate::export::{ExportOptions, write_workspace_export};
use crate::parquet::write_parquet_twin;
use crate::reshape::{Reshape, reshape_export};
use crate::time::{Ticks, parse_rfc3339};
use crate::{GenError, Summary, generate};

/// Generate a synthetic Azure Monitor diagnostic-settings export of the AML tables
/// (AmlComputeClusterEvent, AmlComputeJobEvent, AmlComputeClusterNodeEvent), with an oracle:
/// manifest.json and the expected answers of the five target queries in expected/.
#[derive(Debug, Parser)]
#[command(name = "kql-datagen", version)]
pub struct Args {
    /// Export root (created if missing): the insights-logs-* containers go directly under it
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Oracle directory (created if missing) for manifest.json and expected/; default: --out
    #[arg(long, value_name = "DIR")]
    pub oracle: Option<PathBuf>,
    /// Seed of every random stream
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// The pinned now(): nothing happens or arrives after it
    #[arg(long, default_value = "2026-11-20T00:00:00Z", value_parser = parse_rfc3339, value_name = "RFC3339")]
    pub now: Ticks,
    /// Days of data before --now [default: 10; with --target-bytes, given days are kept and only
    /// rates and workspaces grow]
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub days: Option<u32>,
    /// AML workspaces (4 named ones, then generated mlw-bench-NNN)
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub workspaces: u32,
    /// Multiplier of job and resize rates
    #[arg(long, default_value_t = 1.0)]
    pub rate: f64,
    /// Fraction of int properties written as numeric strings ("TargetNodeCount":"4")
    #[arg(long, default_value_t = 0.0, value_name = "P")]
    pub stringly_numbers: f64,
    /// Cut the newest blob's last line mid-record, without a newline
    #[arg(long)]
    pub open_hour: bool,
    /// Fraction of lines replaced by invalid JSON
    #[arg(long, default_value_t = 0.0, value_name = "P")]
    pub malformed: f64,
    /// Zero-byte PT1H.json blobs to add in hour folders without data
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub empty_blobs: u32,
    /// Grow span, rates and workspaces to about SIZE bytes (500M, 2G, 1048576); overrides --workspaces, --rate, and --days unless given
    #[arg(long, value_parser = parse_size, value_name = "SIZE")]
    pub target_bytes: Option<u64>,
    /// Worker threads (default: one per core); the output does not depend on it
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Replace generated entries already in --out and --oracle (other files, such as a README, are kept)
    #[arg(long)]
    pub overwrite: bool,
    /// Also write the Parquet twin of the export into DIR: one file per table and arrival day,
    /// rows sorted by TimeGenerated, columns as Log Analytics shows them
    #[arg(long, value_name = "DIR")]
    pub parquet: Option<PathBuf>,
    /// Also write the export's rows as a Log Analytics workspace data-export rule writes them
    /// into DIR: `am-<table>/WorkspaceResourceId=…/y=/m=/d=/h=/m=<5-minute bucket>/PT05M.json`
    #[arg(long, value_name = "DIR")]
    pub workspace_export: Option<PathBuf>,
    /// With --workspace-export: fraction of rows delivered twice (same _ItemId), half in the
    /// same blob, half in its PT05M_1.json overflow blob
    #[arg(long, default_value_t = 0.0, value_name = "P")]
    pub dup: f64,
    /// Gzip every non-empty blob: PT1H.json.gz (and, with --workspace-export, PT05M.json.gz)
    #[arg(long)]
    pub gzip: bool,
    /// Write keys as some services do: properties keys camelCase (clusterName, vmSize) and the
    /// top-level resourceid
    #[arg(long, value_name = "CASE", value_parser = ["camel"])]
    pub key_case: Option<String>,
    /// Write the blobs of even hours in the pre-2018 framing, one pretty-printed
    /// {"records":[…]} object (blobs holding an invalid line keep JSON lines)
    #[arg(long)]
    pub legacy_wrapper: bool,
    /// Schema drift: NewField appears mid-window (long, then real, then string), 10% of optional
    /// properties dropped, VmPriority 'lowpriority' on 1% of old cluster events, numbers as
    /// strings, .NET datetimes, JSON in a string property; its oracle goes to drift.json
    #[arg(long, conflicts_with_all = ["parquet", "workspace_export"])]
    pub drift: bool,
}

impl Args {
    /// The generation config these flags describe.
    pub fn config(&self) -> Config {
        Config {
            out: self.out.clone(),
            oracle: self.oracle.clone(),
            overwrite: self.overwrite,
            seed: self.seed,
            now: self.now,
            days: self.days.unwrap_or(10),
            workspaces: self.workspaces,
            rate: self.rate,
            stringly_numbers: self.stringly_numbers,
            open_hour: self.open_hour,
            malformed: self.malformed,
            empty_blobs: self.empty_blobs,
            target_bytes: self.target_bytes,
            keep_days: self.days.is_some(),
        }
    }

    /// Generates (and writes the Parquet twin with `--parquet`), on a pool of `--threads`
    /// workers when given.
    pub fn run(&self) -> Result<Summary, GenError> {
        let config = self.config();
        let run = || {
            let summary = generate(&config)?;
            if self.drift {
                let oracle = config.oracle.as_ref().unwrap_or(&config.out);
                drift_export(&config.out, oracle, config.seed, config.now, config.days)?;
            }
            if let Some(dir) = &self.parquet {
                write_parquet_twin(&config.out, dir)?;
            }
            if let Some(dir) = &self.workspace_export {
                let options = ExportOptions {
                    seed: config.seed,
                    dup: self.dup,
                    gzip: self.gzip,
                    overwrite: self.overwrite,
                };
                write_workspace_export(&config.out, dir, &options)?;
            }
            reshape_export(
                &config.out,
                Reshape {
                    camel_keys: self.key_case.is_some(),
                    legacy_wrapper: self.legacy_wrapper,
                    gzip: self.gzip,
                },
            )?;
            Ok(summary)
        };
        match self.threads {
            None => run(),
            Some(n) => rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| GenError::Config(format!("cannot start {n} threads: {e}")))?
                .install(run),
        }
    }
}
