//! One shell session: the engine and its options, the settings dot commands change, and the
//! last result; runs each complete entry (a query or a dot command) and prints what it gives.
//!
//! Results are collected (a table needs every row to size its columns, and `.save` writes the
//! last result), shown up to a row cap, and kept until the next query. A query runs on the
//! runtime while the session waits for it or for Ctrl-C, which cancels it: the query's task is
//! aborted and its streams dropped, and the shell goes on. Opening the data roots (at start,
//! `.data`, `.set now`) and `.save` are raced against Ctrl-C the same way
//! (`crate::interrupt`). A query ending in `render` also draws its chart to a file
//! (`crate::chart`).

use crate::chart::Charts;
use crate::command::{DotCommand, HELP, ShellFormat, parse_command};
use crate::complete::Catalog;
use crate::input::query_text;
use crate::interrupt::Interrupts;
use comfy_table::{ContentArrangement, Table, presets};
use futures::TryStreamExt;
use kql_engine::messages::{render_engine_error, scan_warnings};
use kql_engine::render::{self, Format};
use kql_engine::{Engine, EngineError, EngineOptions, QueryResult};
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

/// The engine, shared with the completer; `.data` and `.set now` replace it.
pub(crate) type SharedEngine = Arc<Mutex<Arc<Engine>>>;

/// What the shell does after an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flow {
    /// Read the next entry.
    Continue,
    /// Leave the shell.
    Quit,
}

/// Rows shown of a result unless `.set rows=N` says otherwise.
pub(crate) const DEFAULT_ROWS: usize = 100;

/// The state of one shell.
pub(crate) struct Session {
    options: EngineOptions,
    engine: SharedEngine,
    runtime: tokio::runtime::Runtime,
    interrupts: Interrupts,
    format: ShellFormat,
    timing: bool,
    max_rows: usize,
    last: Option<QueryResult>,
    charts: Charts,
}

impl Session {
    /// Installs the Ctrl-C listener, then opens the engine over `options.data`. Ctrl-C while
    /// the roots are read opens the shell without them (a note on `err` says so).
    pub(crate) fn open(
        options: EngineOptions,
        runtime: tokio::runtime::Runtime,
        err: &mut dyn Write,
    ) -> Result<Session, EngineError> {
        let interrupts = Interrupts::install(&runtime);
        let mut options = options;
        let engine = match open_engine(&runtime, &interrupts, options.clone()) {
            Some(opened) => opened?,
            None => {
                let _ = writeln!(
                    err,
                    "cancelled: the shell opens without the data roots (add one with .data PATH; Ctrl-D leaves)"
                );
                options.data.clear();
                Engine::open(options.clone())?
            }
        };
        Ok(Session {
            options,
            engine: Arc::new(Mutex::new(Arc::new(engine))),
            runtime,
            interrupts,
            format: ShellFormat::Table,
            timing: false,
            max_rows: DEFAULT_ROWS,
            last: None,
            charts: Charts::new(),
        })
    }

    /// The shared engine, for the completer.
    pub(crate) fn shared_engine(&self) -> SharedEngine {
        Arc::clone(&self.engine)
    }

    fn engine(&self) -> Arc<Engine> {
        Arc::clone(&self.engine.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Runs one complete entry; results go to `out`, messages to `err`.
    pub(crate) fn execute(
        &mut self,
        entry: &str,
        out: &mut (dyn Write + Send),
        err: &mut dyn Write,
    ) -> Flow {
        let text = query_text(entry);
        if text.is_empty() {
            return Flow::Continue;
        }
        if text.starts_with('.') {
            return match parse_command(text) {
                Ok(command) => self.command(command, out, err),
                Err(message) => {
                    let _ = writeln!(err, "error: {message}");
                    Flow::Continue
                }
            };
        }
        self.query(text, out, err);
        Flow::Continue
    }

    /// Plans and runs `text`, then shows its result, or its error with carets.
    fn query(&mut self, text: &str, out: &mut (dyn Write + Send), err: &mut dyn Write) {
        let engine = self.engine();
        let report_before = engine.report();
        let started = Instant::now();
        let job = {
            let engine = Arc::clone(&engine);
            let text = text.to_owned();
            async move {
                let planned = engine.plan(&text)?;
                let stream = engine.execute(&planned).await?;
                let batches: Vec<_> = stream.try_collect().await.map_err(EngineError::from)?;
                Ok::<_, EngineError>((planned, batches))
            }
        };
        let task = self.runtime.spawn(job);
        let abort = task.abort_handle();
        let progress = crate::progress::Progress::start(engine.stats_probe());
        let outcome = self.interrupts.race(&self.runtime, task);
        progress.stop();
        let elapsed = started.elapsed();
        let result = match outcome {
            None => {
                abort.abort();
                let _ = writeln!(err, "query cancelled");
                return;
            }
            Some(Err(panic)) => Err(EngineError::Execution(format!(
                "internal error: the query's task failed ({panic})"
            ))),
            Some(Ok(result)) => result,
        };
        match result {
            Ok((planned, batches)) => {
                for table in engine.documented_only_tables(&planned) {
                    let _ = writeln!(
                        err,
                        "warning: table '{table}' has no exports under the data roots: it answers with no rows, in its documented columns"
                    );
                }
                for warning in &planned.warnings {
                    let _ = writeln!(err, "warning: {warning}");
                }
                let result = QueryResult {
                    columns: planned.columns,
                    batches,
                };
                self.show(&result, out, err);
                if let Some(visualization) = &planned.visualization {
                    self.charts.draw(&result, visualization, out, err);
                }
                self.last = Some(result);
            }
            Err(e) => {
                let _ = writeln!(err, "{}", render_engine_error(&e, "query", text));
            }
        }
        if let Some(report) = engine.report()
            && Some(&report) != report_before.as_ref()
        {
            for line in scan_warnings(&report) {
                let _ = writeln!(err, "{line}");
            }
        }
        if self.timing {
            let _ = writeln!(err, "time: {:.1} ms", elapsed.as_secs_f64() * 1e3);
        }
    }

    /// Prints up to `max_rows` rows of `result` in the session's format, then how many are
    /// left out.
    fn show(&self, result: &QueryResult, out: &mut (dyn Write + Send), err: &mut dyn Write) {
        let total: usize = result.batches.iter().map(|b| b.num_rows()).sum();
        let shown = total.min(self.max_rows);
        let written = match self.format {
            ShellFormat::Table => {
                let (mut table, _) =
                    render::table::build(&result.columns, &result.batches, self.max_rows);
                fit_to_terminal(&mut table);
                writeln!(out, "{table}").map_err(EngineError::from)
            }
            ShellFormat::Csv | ShellFormat::Json => {
                let format = if self.format == ShellFormat::Csv {
                    Format::Csv
                } else {
                    Format::Json
                };
                let mut capped = Vec::new();
                let mut left = shown;
                for batch in &result.batches {
                    let n = batch.num_rows().min(left);
                    if n > 0 {
                        capped.push(batch.slice(0, n));
                    }
                    left -= n;
                }
                self.runtime
                    .block_on(render::write_batches(format, &result.columns, &capped, out))
                    .map(|_| ())
            }
        };
        if let Err(e) = written {
            let _ = writeln!(err, "error: {e}");
        }
        if total > shown {
            let _ = writeln!(out, "({} more rows; .save to get all)", total - shown);
        }
    }

    /// Runs a dot command.
    fn command(
        &mut self,
        command: DotCommand,
        out: &mut (dyn Write + Send),
        err: &mut dyn Write,
    ) -> Flow {
        let result = match command {
            DotCommand::Quit => return Flow::Quit,
            DotCommand::Help => {
                let mut table = plain_table(&["command", "what it does"]);
                for (usage, what) in HELP {
                    table.add_row([*usage, *what]);
                }
                writeln!(
                    out,
                    "{table}\nA query ends at a blank line or at a ';' ending a line. Tab completes \
                     tables, columns, operators and functions; Ctrl-C cancels a running query, .data or .save; \
                     Ctrl-D leaves."
                )
                .map_err(|e| e.to_string())
            }
            DotCommand::ShowTables => self.show_tables(out),
            DotCommand::ShowTable(name) => self.show_table(&name, out),
            // KQL's datetime text (as in `datetime(…)`), read in ticks of 100 ns.
            DotCommand::SetNow(text) => match text.as_deref().map(kql_syntax::parse_datetime) {
                Some(Err(message)) => Err(message),
                Some(Ok(ticks)) => match ticks.checked_mul(100) {
                    Some(nanos) => self.reopen(|o| o.now_nanos = Some(nanos), err),
                    None => Err("now must lie between 1677-09-21 and 2262-04-11".to_owned()),
                },
                None => self.reopen(|o| o.now_nanos = None, err),
            },
            DotCommand::SetRows(n) => {
                self.max_rows = n;
                Ok(())
            }
            DotCommand::Format(f) => {
                self.format = f;
                Ok(())
            }
            DotCommand::Timing(on) => {
                self.timing = on;
                Ok(())
            }
            DotCommand::Chart(format) => {
                self.charts.format = format;
                Ok(())
            }
            DotCommand::Open(on) => {
                self.charts.open = on;
                Ok(())
            }
            DotCommand::Save(path) => self.save(&path, out),
            DotCommand::Data(path) => {
                // On an error the options stay as they were: the root is not added.
                let result = self.reopen(|o| o.data.push(path), err);
                if result.is_ok() {
                    let tables = self.engine().table_names();
                    let _ = writeln!(
                        out,
                        "{} table(s) under the data roots: {}",
                        tables.len(),
                        tables.join(", ")
                    );
                }
                result
            }
        };
        if let Err(message) = result {
            let _ = writeln!(err, "error: {message}");
        }
        Flow::Continue
    }

    /// Changes the engine options and opens a new engine with them.
    fn reopen(
        &mut self,
        change: impl FnOnce(&mut EngineOptions),
        err: &mut dyn Write,
    ) -> Result<(), String> {
        let mut options = self.options.clone();
        change(&mut options);
        let engine = open_engine(&self.runtime, &self.interrupts, options.clone())
            .ok_or("cancelled: the session goes on as it was")?
            .map_err(|e| e.to_string())?;
        for warning in engine.warnings() {
            let _ = writeln!(err, "warning: {warning}");
        }
        self.options = options;
        *self.engine.lock().unwrap_or_else(PoisonError::into_inner) = Arc::new(engine);
        Ok(())
    }

    /// `.show tables`.
    fn show_tables(&self, out: &mut dyn Write) -> Result<(), String> {
        let tables = self.engine().table_names();
        let documented = kql_engine::kql_schemas::table_names().count();
        let text = if tables.is_empty() {
            format!(
                "no tables under the data roots (add one with .data PATH); the {documented} documented Log Analytics tables can be queried, with no rows"
            )
        } else {
            let mut table = plain_table(&["TableName"]);
            for t in &tables {
                table.add_row([t]);
            }
            format!(
                "{table}\nthe {documented} documented Log Analytics tables can be queried too (.show table T shows their columns)"
            )
        };
        writeln!(out, "{text}").map_err(|e| e.to_string())
    }

    /// `.show table T`: the columns a query over `T` sees.
    fn show_table(&self, name: &str, out: &mut dyn Write) -> Result<(), String> {
        let query = crate::complete::bracket(name);
        let planned = self
            .engine()
            .plan(&query)
            .map_err(|e| render_engine_error(&e, "table", &query))?;
        let mut table = plain_table(&["ColumnName", "ColumnType"]);
        for c in &planned.columns {
            table.add_row([c.name.clone(), c.kql_type.to_string()]);
        }
        writeln!(out, "{table}").map_err(|e| e.to_string())
    }

    /// `.save FILE`: the last result, every row, in the format of the file's extension.
    fn save(&self, path: &Path, out: &mut dyn Write) -> Result<(), String> {
        let Some(result) = &self.last else {
            return Err("no result to save yet: run a query first".to_owned());
        };
        let format = match path.extension().and_then(|e| e.to_str()) {
            Some("csv") => Format::Csv,
            Some("json") => Format::Json,
            Some("ndjson" | "jsonl") => Format::Ndjson,
            Some("parquet") => Format::Parquet,
            _ => {
                return Err(format!(
                    "cannot tell the format of '{}': name the file .csv, .json, .ndjson or .parquet",
                    path.display()
                ));
            }
        };
        let file = std::fs::File::create(path)
            .map_err(|e| format!("cannot write '{}': {e}", path.display()))?;
        // The writer never waits, so it runs on a thread of its own while the shell waits for
        // it or for Ctrl-C. A cancelled write runs to its end there, then removes its file.
        let cancelled = Arc::new(AtomicBool::new(false));
        let job = {
            let (columns, batches) = (result.columns.clone(), result.batches.clone());
            let (path, cancelled) = (path.to_path_buf(), Arc::clone(&cancelled));
            let runtime = self.runtime.handle().clone();
            self.runtime.spawn_blocking(move || {
                let mut writer = std::io::BufWriter::new(file);
                let written = runtime
                    .block_on(render::write_batches(
                        format,
                        &columns,
                        &batches,
                        &mut writer,
                    ))
                    .map_err(|e| e.to_string())
                    .and_then(|rows| {
                        writer.flush().map_err(|e| e.to_string())?;
                        Ok(rows)
                    });
                drop(writer);
                if cancelled.load(Ordering::SeqCst) {
                    let _ = std::fs::remove_file(&path);
                }
                written
            })
        };
        let rows = match self.interrupts.race(&self.runtime, job) {
            None => {
                cancelled.store(true, Ordering::SeqCst);
                return Err(format!(
                    "cancelled: '{}' is removed once the write stops",
                    path.display()
                ));
            }
            Some(Err(panic)) => Err(format!("internal error: the write failed ({panic})")),
            Some(Ok(written)) => written,
        }
        .map_err(|e| format!("cannot write '{}': {e}", path.display()))?;
        writeln!(out, "saved {rows} row(s) to {}", path.display()).map_err(|e| e.to_string())
    }
}

/// Opens an engine on a blocking thread while the shell waits for it or for Ctrl-C (`None`:
/// the engine is left to finish opening there, and dropped).
fn open_engine(
    runtime: &tokio::runtime::Runtime,
    interrupts: &Interrupts,
    options: EngineOptions,
) -> Option<Result<Engine, EngineError>> {
    let job = runtime.spawn_blocking(move || Engine::open(options));
    interrupts.race(runtime, job).map(|joined| {
        joined.unwrap_or_else(|panic| {
            Err(EngineError::Execution(format!(
                "internal error: opening the data roots failed ({panic})"
            )))
        })
    })
}

/// The table's width follows the terminal's (at the time it is printed, so a resized window
/// gets a table of its new width); long cells wrap.
fn fit_to_terminal(table: &mut Table) {
    table.set_content_arrangement(ContentArrangement::Dynamic);
    if let Ok((width, _)) = crossterm::terminal::size() {
        table.set_width(width);
    }
}

/// A table of plain text for dot commands' answers.
fn plain_table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_header(header.iter().copied());
    fit_to_terminal(&mut table);
    table
}

/// The engine's names for completion.
pub(crate) struct EngineCatalog(pub(crate) SharedEngine);

impl EngineCatalog {
    fn engine(&self) -> Arc<Engine> {
        Arc::clone(&self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl Catalog for EngineCatalog {
    fn tables(&self) -> Vec<String> {
        let mut names = self.engine().table_names();
        let documented: Vec<String> = kql_engine::kql_schemas::table_names()
            .filter(|t| !names.iter().any(|n| n == t))
            .map(str::to_owned)
            .collect();
        names.extend(documented);
        names
    }

    fn columns(&self, query: &str) -> Option<Vec<String>> {
        let planned = self.engine().check(query).ok()?;
        Some(planned.columns.into_iter().map(|c| c.name).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn sample() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/exports")
    }

    fn session(data: Vec<PathBuf>) -> Session {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let options = EngineOptions {
            data,
            ..EngineOptions::default()
        };
        Session::open(options, runtime, &mut std::io::sink()).expect("the sample opens")
    }

    /// Runs the entries; what they printed on `out` and on `err`.
    fn run(session: &mut Session, entries: &[&str]) -> (String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        for entry in entries {
            session.execute(entry, &mut out, &mut err);
        }
        (
            String::from_utf8(out).expect("utf-8"),
            String::from_utf8(err).expect("utf-8"),
        )
    }

    #[test]
    fn formats_row_cap_and_save() {
        let mut s = session(Vec::new());
        // 1 + 2 + 3 and so on by hand; CSV as the output contract prints it.
        let (out, err) = run(
            &mut s,
            &[
                ".format csv",
                ".set rows=2",
                "datatable(x: long) [1, 2, 3] | extend total = x * (x + 1) / 2;",
            ],
        );
        assert_eq!(err, "");
        assert_eq!(out, "x,total\n1,1\n2,3\n(1 more rows; .save to get all)\n");
        let (out, _) = run(&mut s, &[".format json", "datatable(x: long) [7]\n\n"]);
        assert_eq!(out, "[\n{\"x\":7}\n]\n");
        let dir = std::env::temp_dir().join(format!("kql-shell-save-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join("r.ndjson");
        let (out, err) = run(&mut s, &[&format!(".save {}", file.display())]);
        assert_eq!(err, "");
        assert_eq!(out, format!("saved 1 row(s) to {}\n", file.display()));
        assert_eq!(
            std::fs::read_to_string(&file).expect("saved"),
            "{\"x\":7}\n"
        );
        let (_, err) = run(&mut s, &[&format!(".save {}", dir.join("r.txt").display())]);
        assert!(
            err.contains("name the file .csv, .json, .ndjson or .parquet"),
            "{err}"
        );
    }

    #[test]
    fn set_now_pins_now_and_timing_reports() {
        let mut s = session(Vec::new());
        let (out, err) = run(
            &mut s,
            &[
                ".format csv",
                ".set now=2026-11-20T08:30:00Z",
                ".timing on",
                "print t = now(), a = ago(1h);",
            ],
        );
        assert_eq!(
            out,
            "t,a\n2026-11-20T08:30:00.0000000Z,2026-11-20T07:30:00.0000000Z\n"
        );
        assert!(err.starts_with("time: ") && err.ends_with(" ms\n"), "{err}");
    }

    #[test]
    fn errors_are_drawn_with_carets_and_the_session_goes_on() {
        let mut s = session(Vec::new());
        let (out, err) = run(&mut s, &["datatable(x: long) [1] | project y;"]);
        assert_eq!(out, "");
        assert!(err.starts_with("error: "), "{err}");
        assert!(err.contains(" --> query:1:34\n"), "{err}");
        assert!(err.contains("^"), "{err}");
        let (_, err) = run(&mut s, &[".save x.csv", ".bogus", ".data /no/such/folder"]);
        assert!(err.contains("no result to save yet"), "{err}");
        assert!(err.contains("unknown command '.bogus'"), "{err}");
        assert!(err.contains("/no/such/folder"), "{err}");
        assert!(s.options.data.is_empty(), "a root that fails is not kept");
    }

    #[test]
    fn a_data_root_that_cannot_be_read_is_not_added_and_the_others_stay() {
        let mut session = session(vec![sample()]);
        let missing = sample().join("no-such-folder");
        let (_, err) = run(&mut session, &[&format!(".data {}", missing.display())]);
        assert!(err.starts_with("error: "), "{err}");
        assert_eq!(session.options.data, vec![sample()]);
        let (out, err) = run(&mut session, &["AmlComputeJobEvent | take 1 | count;"]);
        assert!(err.is_empty() && out.contains('1'), "{out}{err}");
    }

    #[test]
    fn show_tables_and_columns_help_and_quit() {
        let mut s = session(Vec::new());
        let (out, _) = run(&mut s, &[".show tables"]);
        assert!(out.starts_with("no tables under the data roots"), "{out}");
        let (out, err) = run(&mut s, &[&format!(".data {}", sample().display())]);
        assert_eq!(err, "");
        assert!(
            out.starts_with("3 table(s) under the data roots: AmlComputeClusterEvent, AmlComputeClusterNodeEvent, AmlComputeJobEvent"),
            "{out}"
        );
        let (out, _) = run(&mut s, &[".show tables"]);
        assert!(out.contains("│ AmlComputeJobEvent "), "{out}");
        let (out, _) = run(&mut s, &[".show table AmlComputeJobEvent"]);
        assert!(out.contains("│ JobName "), "{out}");
        assert!(out.contains("│ TimeGenerated "), "{out}");
        let (out, _) = run(&mut s, &[".help"]);
        for (usage, _) in HELP {
            assert!(out.contains(usage), "{usage} in {out}");
        }
        assert_eq!(run(&mut s, &[]).0, "");
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert_eq!(s.execute(".quit", &mut out, &mut err), Flow::Quit);
    }

    /// A fresh folder for a test's charts.
    fn chart_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("kql-shell-chart-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    /// The path after `chart: ` on `out`.
    fn chart_path(out: &str) -> Option<PathBuf> {
        out.lines()
            .find_map(|l| l.strip_prefix("chart: "))
            .map(PathBuf::from)
    }

    /// Checks that `svg` is one well-formed `<svg>` element: every tag closed, in order.
    fn assert_well_formed_svg(svg: &str) {
        let mut open: Vec<&str> = Vec::new();
        let mut roots = 0;
        let mut rest = svg.trim();
        while let Some(start) = rest.find('<') {
            let end = rest[start..].find('>').expect("every tag ends") + start;
            let tag = &rest[start + 1..end];
            rest = &rest[end + 1..];
            if tag.starts_with('?') || tag.starts_with('!') {
                continue;
            }
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(open.pop(), Some(name.trim()), "closing </{name}>");
                continue;
            }
            let name = tag
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()
                .expect("a tag name");
            if open.is_empty() {
                roots += 1;
                assert_eq!(name, "svg", "the root element");
            }
            if !tag.ends_with('/') {
                open.push(name);
            }
        }
        assert!(open.is_empty(), "unclosed: {open:?}");
        assert_eq!(roots, 1, "one root element");
        assert_eq!(rest.trim(), "", "nothing after the root");
    }

    /// The text of each `<text>` element.
    fn texts(svg: &str) -> Vec<&str> {
        svg.split("<text ")
            .skip(1)
            .filter_map(|t| t.split_once('>'))
            .filter_map(|(_, body)| body.split_once("</text>"))
            .map(|(text, _)| text.trim())
            .collect()
    }

    /// `<tag …>` elements whose `attribute` is `colour` (any case).
    fn marks(svg: &str, tag: &str, attribute: &str, colour: &str) -> usize {
        let wanted = format!("{attribute}=\"{}\"", colour.to_ascii_lowercase());
        svg.split('<')
            .filter(|t| t.starts_with(&format!("{tag} ")))
            .filter(|t| {
                let attributes = t.split('>').next().unwrap_or("");
                attributes.to_ascii_lowercase().contains(&wanted)
            })
            .count()
    }

    #[test]
    fn render_draws_the_chart_to_a_file_and_prints_its_path() {
        let mut s = session(Vec::new());
        let dir = chart_dir("svg");
        s.charts.dir = Some(dir.clone());
        // Three regions (x, a category) by two services (the series): by hand, each service
        // draws one bar per region, plus its legend square.
        let query = r#"datatable(Region: string, Service: string, Requests: long) [
            "east", "api", 5, "east", "web", 3,
            "west", "api", 4, "west", "web", 6,
            "north", "api", 2, "north", "web", 7]
            | render columnchart with (title="Requests by region");"#;
        let (out, err) = run(&mut s, &[".format csv", query]);
        assert_eq!(err, "");
        assert!(
            out.starts_with("Region,Service,Requests\neast,api,5\n"),
            "the table is still shown: {out}"
        );
        let path = chart_path(&out).expect("the chart's path is printed");
        assert_eq!(path, dir.join("chart-1.svg"));
        let svg = std::fs::read_to_string(&path).expect("the chart file exists");
        assert_well_formed_svg(&svg);
        let texts = texts(&svg);
        assert!(
            texts.contains(&"Requests by region"),
            "the title: {texts:?}"
        );
        for (i, service) in ["api", "web"].iter().enumerate() {
            assert!(texts.contains(service), "legend label {service}: {texts:?}");
            assert_eq!(
                marks(&svg, "rect", "fill", &kql_chart::series_color(i)),
                3 + 1,
                "bars and legend square of {service}"
            );
        }
        assert_eq!(
            marks(&svg, "rect", "fill", &kql_chart::series_color(2)),
            0,
            "two series only"
        );

        // `.chart html`: the next chart is a page, its own file.
        let (out, err) = run(&mut s, &[".chart html", query]);
        assert_eq!(err, "");
        let path = chart_path(&out).expect("the chart's path is printed");
        assert_eq!(path, dir.join("chart-2.html"));
        let page = std::fs::read_to_string(&path).expect("the page exists");
        assert!(page.contains("vegaEmbed(") && page.contains("Requests by region"));
    }

    #[test]
    fn open_on_starts_the_opener_and_a_missing_one_is_a_note() {
        let mut s = session(Vec::new());
        let dir = chart_dir("open");
        s.charts.dir = Some(dir.clone());
        let query = "datatable(n: string, v: long) [\"a\", 1, \"b\", 2] | render piechart;";
        // Off by default: nothing is started.
        let copy = dir.join("opened.svg");
        s.charts.openers = vec![format!("cp %s {}", copy.display())];
        let (out, _) = run(&mut s, &[query]);
        assert!(chart_path(&out).is_some(), "{out}");
        std::thread::sleep(std::time::Duration::from_millis(200));
        assert!(!copy.exists(), ".open is off by default");
        // On: the first opener that exists gets the file's path.
        s.charts.openers = vec![
            "/no/such/opener".to_owned(),
            format!("cp %s {}", copy.display()),
        ];
        let (out, err) = run(&mut s, &[".open on", query]);
        assert_eq!(err, "");
        let path = chart_path(&out).expect("the chart's path is printed");
        let started = Instant::now();
        while !copy.exists() {
            assert!(started.elapsed().as_secs() < 10, "the opener did not run");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let expected = std::fs::read(&path).expect("the chart");
        let started = Instant::now();
        while std::fs::read(&copy).ok().as_ref() != Some(&expected) {
            assert!(
                started.elapsed().as_secs() < 10,
                "the opener got another file"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        // No opener at all: a note, and the path is still printed.
        s.charts.openers = vec!["/no/such/opener".to_owned()];
        let (out, err) = run(&mut s, &[query]);
        assert!(chart_path(&out).is_some(), "{out}");
        assert!(
            err.starts_with("note: cannot open the chart: /no/such/opener not found"),
            "{err}"
        );
        let (_, err) = run(&mut s, &[".open off", query]);
        assert_eq!(err, "");
    }

    #[test]
    fn undrawable_charts_fall_back_to_the_table_and_bad_ones_are_errors() {
        let mut s = session(Vec::new());
        let dir = chart_dir("fallback");
        s.charts.dir = Some(dir.clone());
        // A visualization kqlake cannot draw: the table, a warning naming it, no file.
        let (out, err) = run(
            &mut s,
            &[
                ".format csv",
                "datatable(name: string, n: long) [\"x\", 41] | render treemap;",
            ],
        );
        assert_eq!(out, "name,n\nx,41\n");
        assert!(
            err.contains("warning: kqlake cannot draw 'treemap'"),
            "{err}"
        );
        // A bad render property: the caret diagnostic, under `foo` (column 47, counted by hand).
        let (out, err) = run(
            &mut s,
            &["datatable(a:long)[1] | render timechart with (foo=1);"],
        );
        assert_eq!(out, "");
        assert!(err.contains("unknown render property 'foo'"), "{err}");
        assert!(err.contains(" --> query:1:47\n"), "{err}");
        // Columns that do not fit the chart: the table, and what is missing.
        let (out, err) = run(
            &mut s,
            &["datatable(State: string, n: long) [\"a\", 1] | render timechart;"],
        );
        assert_eq!(out, "State,n\na,1\n");
        assert!(
            err.contains("error: no chart: timechart needs a datetime column for its x axis"),
            "{err}"
        );
        assert_eq!(
            std::fs::read_dir(&dir).expect("the folder").count(),
            0,
            "no chart was written"
        );
    }
}
