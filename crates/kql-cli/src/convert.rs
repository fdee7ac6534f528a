//! `kql convert --data … --out DIR`: JSON exports to Parquet (see `kql_engine::convert`), with
//! a progress bar on stderr when it is a terminal, and one summary line per table on stdout.

use crate::args::ConvertArgs;
use crate::report::{EXIT_QUERY_ERROR, scan_warnings};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use kql_engine::convert::{ConvertProgress, TableConversion, convert};
use kql_engine::{DuplicateMode, Engine, EngineOptions, ScanOptions};
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Why `--out` cannot be used with these `--data` roots: one holds the other. A table found as
/// JSON and as Parquet is one table (their union), so converting with the output folder among
/// the inputs would write each converted row into its day file again.
fn out_overlaps_data(data: &[PathBuf], out: &Path) -> Option<String> {
    // The canonical path of the nearest existing ancestor, plus the rest (`--out` may be new).
    let resolve = |p: &Path| {
        let path = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        path.ancestors()
            .find_map(|a| {
                let rest = path.strip_prefix(a).ok()?;
                std::fs::canonicalize(a).ok().map(|c| c.join(rest))
            })
            .unwrap_or(path)
    };
    let out_dir = resolve(out);
    data.iter()
        .filter(|d| !d.to_string_lossy().contains("://"))
        .find(|d| {
            let root = resolve(d);
            root.starts_with(&out_dir) || out_dir.starts_with(&root)
        })
        .map(|d| {
            format!(
                "error: --out '{}' and --data '{}' overlap: the Parquet copy would be read back \
                 as input; write it to a folder outside every --data root",
                out.display(),
                d.display()
            )
        })
}

/// Runs `kql convert`; the exit code.
pub(crate) fn run_convert(args: &ConvertArgs) -> i32 {
    if let Some(message) = out_overlaps_data(&args.data, &args.out) {
        eprintln!("{message}");
        return EXIT_QUERY_ERROR;
    }
    let options = EngineOptions {
        data: args.data.clone(),
        scan: ScanOptions {
            strict: args.strict,
            no_pruning: false,
            no_pushdown: false,
            duplicates: if args.dedup {
                DuplicateMode::Remove
            } else {
                DuplicateMode::Ignore
            },
        },
        ..EngineOptions::default()
    };
    // Day files are sorted: under the memory limit (default half the machine's memory), large
    // days spill to disk.
    let memory =
        match crate::memory::memory_options(args.memory_limit.as_deref(), args.temp_dir.as_deref())
        {
            Ok(m) => m,
            Err(message) => {
                eprintln!("{message}");
                return EXIT_QUERY_ERROR;
            }
        };
    let engine = match Engine::open_with_memory(options, &memory) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_QUERY_ERROR;
        }
    };
    for w in engine.warnings() {
        eprintln!("warning: {w}");
    }
    let bar = ProgressBar::with_draw_target(None, progress_target());
    bar.set_style(
        ProgressStyle::with_template("{msg:30} [{bar:30}] {pos}/{len} files {elapsed}")
            .expect("the template is valid")
            .progress_chars("=> "),
    );
    let mut on_progress = |step: ConvertProgress| match step {
        ConvertProgress::Table { name, files } => {
            bar.set_message(name);
            bar.set_length(files as u64);
            bar.set_position(0);
        }
        ConvertProgress::FileWritten => bar.inc(1),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return EXIT_QUERY_ERROR;
        }
    };
    let result = runtime.block_on(convert(&engine, &args.out, &mut on_progress));
    bar.finish_and_clear();
    if let Some(report) = engine.report() {
        for w in scan_warnings(&report) {
            eprintln!("{w}");
        }
    }
    match result {
        Ok(tables) => crate::write_stdout(&summary(&tables)),
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_QUERY_ERROR
        }
    }
}

fn progress_target() -> ProgressDrawTarget {
    if std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    }
}

/// One line per table: what was written, or why nothing was.
fn summary(tables: &[TableConversion]) -> String {
    let mut out = String::new();
    for t in tables {
        match &t.skipped {
            Some(why) => {
                let _ = writeln!(out, "{}: {why}", t.table);
            }
            None => {
                let _ = writeln!(
                    out,
                    "{}: {} new source file(s); wrote {} file(s), {} rows: {}",
                    t.table,
                    t.new_files,
                    t.written.len(),
                    t.rows,
                    t.written.join(", ")
                );
            }
        }
    }
    out
}
