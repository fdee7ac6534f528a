//! One shell session: the engine and its options, the settings dot commands change, and the
//! last result; runs each complete entry (a query or a dot command) and prints what it gives.
//!
//! Results are collected (a table needs every row to size its columns, and `.save` writes the
//! last result), shown up to a row cap, and kept until the next query. A query runs on the
//! runtime while the session waits for it or for Ctrl-C, which cancels it: the query's task is
//! aborted and its streams dropped, and the shell goes on.

use crate::command::{DotCommand, HELP, ShellFormat, parse_command};
use crate::complete::Catalog;
use crate::input::query_text;
use comfy_table::{ContentArrangement, Table, presets};
use futures::TryStreamExt;
use kql_engine::messages::{render_engine_error, scan_warnings};
use kql_engine::render::{self, Format};
use kql_engine::{Engine, EngineError, EngineOptions, QueryResult};
use std::io::Write;
use std::path::Path;
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
    format: ShellFormat,
    timing: bool,
    max_rows: usize,
    last: Option<QueryResult>,
}

impl Session {
    /// Opens the engine over `options.data`.
    pub(crate) fn open(
        options: EngineOptions,
        runtime: tokio::runtime::Runtime,
    ) -> Result<Session, EngineError> {
        let engine = Engine::open(options.clone())?;
        Ok(Session {
            options,
            engine: Arc::new(Mutex::new(Arc::new(engine))),
            runtime,
            format: ShellFormat::Table,
            timing: false,
            max_rows: DEFAULT_ROWS,
            last: None,
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
        let outcome = self.runtime.block_on(async {
            tokio::select! {
                joined = task => Some(joined),
                _ = tokio::signal::ctrl_c() => None,
            }
        });
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
                if let Some(v) = &planned.visualization {
                    let _ = writeln!(
                        err,
                        "render: {} — the shell shows the table; charts come from `kql query --chart FILE`",
                        v.visualization
                    );
                }
                let result = QueryResult {
                    columns: planned.columns,
                    batches,
                };
                self.show(&result, out, err);
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
                     tables, columns, operators and functions; Ctrl-C cancels a running query; \
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
            DotCommand::Save(path) => self.save(&path, out),
            DotCommand::Data(path) => {
                let result = self.reopen(|o| o.data.push(path), err);
                if result.is_err() {
                    self.options.data.pop();
                } else {
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
        let engine = Engine::open(options.clone()).map_err(|e| e.to_string())?;
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
        let mut writer = std::io::BufWriter::new(file);
        let rows = self
            .runtime
            .block_on(render::write_batches(
                format,
                &result.columns,
                &result.batches,
                &mut writer,
            ))
            .map_err(|e| format!("cannot write '{}': {e}", path.display()))?;
        writeln!(out, "saved {rows} row(s) to {}", path.display()).map_err(|e| e.to_string())
    }
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
        Session::open(options, runtime).expect("the sample opens")
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
    fn show_tables_and_columns_and_render_notes() {
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
        let (_, err) = run(&mut s, &["datatable(x: long) [1] | render columnchart;"]);
        assert!(err.contains("render: columnchart"), "{err}");
        assert!(err.contains("kql query --chart"), "{err}");
        let (out, _) = run(&mut s, &[".help"]);
        for (usage, _) in HELP {
            assert!(out.contains(usage), "{usage} in {out}");
        }
        assert_eq!(run(&mut s, &[]).0, "");
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert_eq!(s.execute(".quit", &mut out, &mut err), Flow::Quit);
    }
}
