//! `kql check` and `kql tables`: queries planned, and tables listed, without running anything.
//!
//! `kql check` parses and plans each query against the documented Log Analytics tables (and
//! the exports under `--data`, if any), so detection rules and workbook queries kept in a
//! repository can be validated in CI without a workspace. **A file is one query**, as saved
//! queries and detection rules keep them: a query may itself hold several `;`-separated
//! statements (`let x = …; T | …`), so `;` cannot separate queries. A folder stands for every
//! `*.kql` file below it, in path order.

use crate::args::{CheckArgs, TablesArgs};
use crate::report::{EXIT_OK, EXIT_QUERY_ERROR, render_engine_error};
use kql_engine::{Engine, EngineOptions};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One query to check: the name its messages show, and its text (or why it could not be read).
struct CheckedSource {
    name: String,
    text: Result<String, String>,
}

/// Runs `kql check`; the text to print on standard output and the exit code.
pub(crate) fn run_check(args: &CheckArgs) -> (String, i32) {
    let engine = match open_engine(&args.data) {
        Ok(e) => e,
        Err(m) => return (m, EXIT_QUERY_ERROR),
    };
    let mut sources = Vec::new();
    for path in &args.files {
        collect_sources(path, &mut sources);
    }
    if let Some(q) = &args.query {
        sources.push(CheckedSource {
            name: "query".to_owned(),
            text: Ok(q.clone()),
        });
    }
    let several = sources.len() > 1;
    let mut out = String::new();
    let mut failed = 0;
    for source in &sources {
        let outcome = match &source.text {
            Ok(text) => engine
                .check(text)
                .map_err(|e| render_engine_error(&e, &source.name, text)),
            Err(message) => Err(message.clone()),
        };
        match outcome {
            Ok(_) if several => {
                let _ = writeln!(out, "{}: ok", source.name);
            }
            Ok(_) => out.push_str("ok\n"),
            Err(message) => {
                failed += 1;
                let _ = writeln!(out, "{message}");
            }
        }
    }
    if several {
        let _ = writeln!(
            out,
            "checked {} queries: {} ok, {failed} failed",
            sources.len(),
            sources.len() - failed
        );
    }
    let code = if failed == 0 {
        EXIT_OK
    } else {
        EXIT_QUERY_ERROR
    };
    (out, code)
}

/// An engine over the documented tables and the exports under `data` (none needed).
fn open_engine(data: &[PathBuf]) -> Result<Engine, String> {
    Engine::open(EngineOptions {
        data: data.to_vec(),
        ..EngineOptions::default()
    })
    .map_err(|e| format!("error: {e}\n"))
}

/// Adds the query of file `path`, or of every `*.kql` file below folder `path`.
fn collect_sources(path: &Path, sources: &mut Vec<CheckedSource>) {
    if !path.is_dir() {
        sources.push(read_source(path));
        return;
    }
    let mut files = Vec::new();
    if let Err(message) = kql_files(path, &mut files) {
        sources.push(CheckedSource {
            name: path.display().to_string(),
            text: Err(message),
        });
        return;
    }
    if files.is_empty() {
        sources.push(CheckedSource {
            name: path.display().to_string(),
            text: Err(format!(
                "error: no .kql files under '{}': pass query files or a folder holding them",
                path.display()
            )),
        });
    }
    files.sort();
    sources.extend(files.iter().map(|f| read_source(f)));
}

/// Every `*.kql` file below `folder` (symbolic links to folders are not followed).
fn kql_files(folder: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(folder)
        .map_err(|e| format!("error: cannot read folder '{}': {e}", folder.display()))?;
    for entry in entries {
        let entry =
            entry.map_err(|e| format!("error: cannot read folder '{}': {e}", folder.display()))?;
        let path = entry.path();
        let kind = entry
            .file_type()
            .map_err(|e| format!("error: cannot read '{}': {e}", path.display()))?;
        if kind.is_dir() {
            kql_files(&path, out)?;
        } else if path.extension().is_some_and(|x| x == "kql") {
            out.push(path);
        }
    }
    Ok(())
}

fn read_source(path: &Path) -> CheckedSource {
    CheckedSource {
        name: path.display().to_string(),
        text: std::fs::read_to_string(path)
            .map_err(|e| format!("error: cannot read query file '{}': {e}", path.display())),
    }
}

/// Runs `kql tables`: every table name with where it comes from, or the columns of the named
/// tables. The text for standard output, the errors, and the exit code.
pub(crate) fn run_tables(args: &TablesArgs) -> (String, String, i32) {
    let engine = match open_engine(&args.data) {
        Ok(e) => e,
        Err(m) => return (String::new(), m, EXIT_QUERY_ERROR),
    };
    let mut out = String::new();
    let mut errors = String::new();
    if args.tables.is_empty() {
        let exported = engine.table_names();
        let mut names: BTreeSet<&str> = kql_engine::kql_schemas::table_names().collect();
        names.extend(exported.iter().map(String::as_str));
        for name in names {
            let from = match (
                exported.iter().any(|e| e == name),
                kql_engine::kql_schemas::table(name).is_some(),
            ) {
                (true, true) => "data, documented",
                (true, false) => "data",
                _ => "documented",
            };
            let _ = writeln!(out, "{name}\t{from}");
            out.push_str(&crate::tables::table_details(&engine, name));
        }
        return (out, errors, EXIT_OK);
    }
    let mut code = EXIT_OK;
    for name in &args.tables {
        // The columns exactly as a query sees them: plan the bare table. A name that is not
        // an identifier is bracketed (`['My-Table']`).
        let query = if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            name.clone()
        } else {
            format!("['{}']", name.replace('\\', "\\\\").replace('\'', "\\'"))
        };
        match engine.plan(&query) {
            Ok(planned) => {
                let _ = writeln!(out, "{name}");
                for c in &planned.columns {
                    let _ = writeln!(out, "  {}\t{}", c.name, c.kql_type);
                }
            }
            Err(e) => {
                code = EXIT_QUERY_ERROR;
                let _ = writeln!(errors, "{}", render_engine_error(&e, "table", &query));
            }
        }
    }
    (out, errors, code)
}
