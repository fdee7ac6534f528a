//! Run KQL over Azure Monitor log exports on your own machine: the `kql` binary (clap, caret
//! rendering, exit codes).
//!
//! A thin shell over `kql-engine`: it reads the query, opens the engine, streams the result to
//! standard output (or `-o FILE`), and turns errors into messages that point at the query.
//! Only this crate prints; a closed pipe (`kql … | head`) ends quietly with success.

#![allow(
    clippy::print_stderr,
    reason = "the binary reports errors and warnings on stderr"
)]

mod args;
mod bench;
mod blob;
mod chart;
mod check;
mod convert;
mod memory;
mod report;
mod serve;
mod shell;
mod stats;
mod tables;

use args::{Cli, Command, OutputFormat, QueryArgs, SourceArgs};
use clap::Parser;
use kql_engine::DuplicateMode;
use kql_engine::listing_scope::listing_scope;
use kql_engine::render::{self, Format};
use kql_engine::{Engine, EngineError, EngineOptions, ListingScope, ScanOptions};
use report::{EXIT_OK, EXIT_QUERY_ERROR, render_diagnostic, render_engine_error, scan_warnings};
use stats::{Timing, render_stats};
use std::io::{IsTerminal, Write};
use std::time::Instant;

/// The stack of the thread that parses, plans and runs a query, and of the runtime's workers.
/// DataFusion's optimizer and expression evaluation recurse once per nesting level, so a
/// query with a thousand `and`ed terms needs far more than the 8 MiB main thread. Reserved,
/// not committed: untouched pages cost nothing.
const QUERY_STACK: usize = 512 << 20;

fn main() {
    let cli = Cli::parse();
    let code = std::thread::Builder::new()
        .name("kql".to_owned())
        .stack_size(QUERY_STACK)
        .spawn(move || run_command(cli))
        .and_then(|thread| {
            thread
                .join()
                .map_err(|_| std::io::Error::other("the query thread panicked"))
        })
        .unwrap_or_else(|e| {
            eprintln!("error: {e}");
            EXIT_QUERY_ERROR
        });
    std::process::exit(code);
}

/// Runs one `kql` subcommand and returns its exit code.
fn run_command(cli: Cli) -> i32 {
    let command = cli.command.unwrap_or_else(shell::default_command);
    let local_only = match &command {
        Command::Plan(args) => Some(("plan", &args.data)),
        Command::Check(args) => Some(("check", &args.data)),
        Command::Tables(args) => Some(("tables", &args.data)),
        Command::Convert(args) => Some(("convert", &args.data)),
        Command::Serve(args) => Some(("serve", &args.data)),
        Command::Shell(args) => Some(("shell", &args.data)),
        Command::Bench(args) => Some(("bench", &args.data)),
        Command::Query(_) | Command::Parse(_) | Command::Functions => None,
    };
    if let Some((name, data)) = local_only
        && let Err(m) = blob::reject_blob_roots(name, data)
    {
        eprintln!("{m}");
        return EXIT_QUERY_ERROR;
    }
    match command {
        Command::Query(args) => run_query(args),
        Command::Plan(args) => run_plan(args),
        Command::Check(args) => {
            let (out, code) = check::run_check(&args);
            let written = write_stdout(&out);
            if written == EXIT_OK { code } else { written }
        }
        Command::Tables(args) => {
            let (out, errors, code) = check::run_tables(&args);
            eprint!("{errors}");
            let written = write_stdout(&out);
            if written == EXIT_OK { code } else { written }
        }
        Command::Parse(source) => run_parse(source),
        Command::Functions => run_functions(),
        Command::Convert(args) => convert::run_convert(&args),
        Command::Serve(args) => serve::run_serve(&args, runtime()),
        Command::Shell(args) => shell::run_shell(&args),
        Command::Bench(args) => bench::run_bench(&args, runtime()),
    }
}

/// Reads the query text and the name to show in messages.
fn read_source(source: &SourceArgs) -> Result<(String, String), String> {
    match (&source.file, &source.query) {
        (Some(path), _) => std::fs::read_to_string(path)
            .map(|t| (path.display().to_string(), t))
            .map_err(|e| format!("error: cannot read query file '{}': {e}", path.display())),
        (None, Some(q)) => Ok(("query".to_owned(), q.clone())),
        (None, None) => Err("error: no query given: pass 'QUERY' or -f FILE".to_owned()),
    }
}

fn engine_options(args: &QueryArgs) -> Result<EngineOptions, String> {
    Ok(EngineOptions {
        data: args.data.clone(),
        now_nanos: parse_now(args.now.as_deref())?,
        scan: ScanOptions {
            strict: args.strict,
            no_pruning: args.no_pruning,
            no_pushdown: args.no_pushdown,
            duplicates: if args.dedup {
                DuplicateMode::Remove
            } else if args.stats {
                DuplicateMode::Count
            } else {
                DuplicateMode::Ignore
            },
        },
        target_partitions: None,
    })
}

/// `--now`: nanoseconds since the Unix epoch.
pub(crate) fn parse_now(now: Option<&str>) -> Result<Option<i64>, String> {
    Ok(match now {
        None => None,
        Some(text) => {
            let t = chrono::DateTime::parse_from_rfc3339(text).map_err(|e| {
                format!("error: --now '{text}' is not an RFC 3339 instant ({e}); expected e.g. 2026-11-20T00:00:00Z")
            })?;
            Some(t.timestamp_nanos_opt().ok_or_else(|| {
                format!("error: --now '{text}' is outside 1677-09-21 … 2262-04-11")
            })?)
        }
    })
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(QUERY_STACK)
        .build()
        .expect("a tokio runtime can always be built on a supported platform")
}

fn is_broken_pipe(e: &EngineError) -> bool {
    matches!(e, EngineError::Output(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
}

fn run_query(args: QueryArgs) -> i32 {
    let (name, text) = match read_source(&args.source) {
        Ok(s) => s,
        Err(m) => {
            eprintln!("{m}");
            return EXIT_QUERY_ERROR;
        }
    };
    let mut options = match engine_options(&args) {
        Ok(o) => o,
        Err(m) => {
            eprintln!("{m}");
            return EXIT_QUERY_ERROR;
        }
    };
    // What the query can read, known before any data is listed (everything without --data).
    let scoping = Instant::now();
    let mut scope = if options.data.is_empty() {
        ListingScope::default()
    } else {
        listing_scope(&text, &args.params, options.now_nanos)
    };
    let scoping = scoping.elapsed();
    if args.no_pruning {
        scope.time = (None, None);
    }
    let staged = match blob::stage_blob_roots(&mut options, scope.time, args.temp_dir.as_deref()) {
        Ok(s) => s,
        Err(m) => {
            eprintln!("{m}");
            return EXIT_QUERY_ERROR;
        }
    };
    let format = match args.format {
        OutputFormat::Table => Format::Table,
        OutputFormat::Csv => Format::Csv,
        OutputFormat::Json => Format::Json,
        OutputFormat::Ndjson => Format::Ndjson,
        OutputFormat::Parquet => Format::Parquet,
    };
    if format == Format::Parquet && args.output.is_none() && std::io::stdout().is_terminal() {
        eprintln!("error: parquet output is binary: write it to a file with -o FILE");
        return EXIT_QUERY_ERROR;
    }
    let memory =
        match memory::memory_options(args.memory_limit.as_deref(), args.temp_dir.as_deref()) {
            Ok(m) => m,
            Err(m) => {
                eprintln!("{m}");
                return EXIT_QUERY_ERROR;
            }
        };
    let started = Instant::now();
    let engine = match Engine::open_scoped(options, &memory, &scope) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("{}", render_engine_error(&e, &name, &text));
            return EXIT_QUERY_ERROR;
        }
    };
    let listing = started.elapsed();
    for w in engine.warnings() {
        eprintln!("warning: {w}");
    }
    let mut physical = None;
    let progress = kql_shell::progress::Progress::start(engine.stats_probe());
    let result = runtime().block_on(async {
        let planned = engine.plan_with(&text, &args.params)?;
        for table in engine.documented_only_tables(&planned) {
            eprintln!(
                "warning: table '{table}' has no exports under --data: it answers with no rows, in its documented columns"
            );
        }
        for warning in &planned.warnings {
            eprintln!("warning: {warning}");
        }
        // The chart request goes to stderr with the terminal table only: csv, json, ndjson and
        // parquet keep exactly the rows.
        if format == Format::Table
            && let Some(visualization) = &planned.visualization
        {
            eprintln!("{}", report::render_line(visualization));
        }
        let (plan, stream) = engine.execute_plan(&planned).await?;
        physical = Some(plan);
        let stream = match &args.chart {
            Some(path) => {
                let (stream, warnings) =
                    chart::draw(path, args.chart_size, &planned, stream).await?;
                for warning in warnings {
                    eprintln!("warning: {warning}");
                }
                stream
            }
            None => stream,
        };
        match &args.output {
            Some(path) => {
                let file = std::fs::File::create(path).map_err(EngineError::Output)?;
                let mut out = std::io::BufWriter::new(file);
                render::write_stream(format, &planned.columns, stream, &mut out).await
            }
            None => {
                let mut out = progress
                    .clear_before(std::io::BufWriter::with_capacity(1 << 16, std::io::stdout()));
                render::write_stream(format, &planned.columns, stream, &mut out).await
            }
        }
    });
    progress.stop();
    if let Some(report) = engine.report() {
        for w in scan_warnings(&report) {
            eprintln!("{w}");
        }
    }
    if args.stats {
        let timing = Timing {
            listing: scoping + listing,
            executing: started.elapsed() - listing,
        };
        let returned = result.as_ref().ok().copied();
        eprint!(
            "{}",
            render_stats(
                &engine.stats().unwrap_or_default(),
                &physical
                    .as_ref()
                    .map(kql_engine::scan_metrics)
                    .unwrap_or_default(),
                returned,
                timing
            )
        );
        eprint!(
            "{}",
            stats::render_listing(&scope, engine.listing_stats().unwrap_or_default())
        );
        let spills = physical
            .as_ref()
            .map(kql_engine::spill_stats)
            .unwrap_or_default();
        eprint!("{}", memory::render_spills(&memory, spills));
        eprint!("{}", blob::render_blob_stats(&staged));
    }
    match result {
        Ok(_) => EXIT_OK,
        Err(e) if is_broken_pipe(&e) => EXIT_OK,
        Err(e) => {
            eprintln!("{}", render_engine_error(&e, &name, &text));
            EXIT_QUERY_ERROR
        }
    }
}

fn run_plan(args: QueryArgs) -> i32 {
    let (name, text) = match read_source(&args.source) {
        Ok(s) => s,
        Err(m) => {
            eprintln!("{m}");
            return EXIT_QUERY_ERROR;
        }
    };
    let result = engine_options(&args)
        .and_then(|o| {
            memory::memory_options(args.memory_limit.as_deref(), args.temp_dir.as_deref())
                .map(|m| (o, m))
        })
        .map_err(EngineError::Data)
        .and_then(|(options, memory)| Engine::open_with_memory(options, &memory))
        .and_then(|engine| {
            let planned = engine.plan_with(&text, &args.params)?;
            let plans = runtime().block_on(engine.explain(&planned))?;
            let columns: Vec<String> = planned
                .columns
                .iter()
                .map(|c| format!("{}:{}", c.name, c.kql_type))
                .collect();
            Ok(format!("columns: {}\n\n{plans}\n", columns.join(", ")))
        });
    match result {
        Ok(text) => write_stdout(&text),
        Err(e) => {
            eprintln!("{}", render_engine_error(&e, &name, &text));
            EXIT_QUERY_ERROR
        }
    }
}

fn run_parse(source: SourceArgs) -> i32 {
    let (name, text) = match read_source(&source) {
        Ok(s) => s,
        Err(m) => {
            eprintln!("{m}");
            return EXIT_QUERY_ERROR;
        }
    };
    match kql_syntax::parse_query(&text) {
        Ok(query) => write_stdout(&format!("{query}\n")),
        Err(d) => {
            eprintln!("{}", render_diagnostic(&d, &name, &text));
            EXIT_QUERY_ERROR
        }
    }
}

fn run_functions() -> i32 {
    write_stdout(&kql_engine::functions().reference())
}

/// Writes to standard output; a closed pipe is success.
fn write_stdout(text: &str) -> i32 {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => EXIT_OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            eprintln!("error: cannot write output: {e}");
            EXIT_QUERY_ERROR
        }
    }
}
