//! `kql tables --data …`: what each table under `--data` is made of — its layouts, files,
//! bytes, the time range of its rows and its columns with their types, as a query sees them
//! (`T | getschema` gives the same columns).

use kql_engine::{Engine, render};
use std::fmt::Write as _;

/// The indented detail lines of the `--data` table `name` (nothing for a documented-only one).
pub(crate) fn table_details(engine: &Engine, name: &str) -> String {
    let Some(table) = engine.export_table(name) else {
        return String::new();
    };
    let mut out = String::new();
    let layouts: Vec<String> = table
        .layouts()
        .iter()
        .map(|(layout, files, bytes)| format!("{layout} ({files} files, {})", megabytes(*bytes)))
        .collect();
    let _ = writeln!(out, "  layouts: {}", layouts.join("; "));
    let _ = writeln!(out, "  files: {}, bytes: {}", table.files, table.bytes);
    let query = table_reference(name);
    let planned = match engine.plan(&query) {
        Ok(p) => p,
        Err(e) => {
            let _ = writeln!(out, "  error: {e}");
            return out;
        }
    };
    if planned.columns.iter().any(|c| c.name == "TimeGenerated") {
        let _ = writeln!(out, "  time range: {}", time_range(engine, &query));
    }
    let columns: Vec<String> = planned
        .columns
        .iter()
        .map(|c| format!("{}:{}", c.name, c.kql_type))
        .collect();
    let _ = writeln!(out, "  columns: {}", columns.join(", "));
    out
}

/// A table name as KQL: bare when it is an identifier, else bracketed (`['My-Table']`).
pub(crate) fn table_reference(name: &str) -> String {
    if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        name.to_owned()
    } else {
        format!("['{}']", name.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// The earliest and latest `TimeGenerated` of the table's rows (read from the data, so the
/// range is what queries see), or why it could not be read.
fn time_range(engine: &Engine, table: &str) -> String {
    let query = format!(
        "{table} | summarize first = min(TimeGenerated), last = max(TimeGenerated), rows = count()"
    );
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return format!("unknown ({e})"),
    };
    match runtime.block_on(engine.query(&query)) {
        Ok(result) => {
            let csv = render::to_csv(&result.columns, &result.batches, false);
            match csv.trim_end().split(',').collect::<Vec<_>>()[..] {
                [first, last, rows] if !first.is_empty() => {
                    format!("{first} … {last} ({rows} rows)")
                }
                _ => "no rows".to_owned(),
            }
        }
        Err(e) => format!("unknown ({e})"),
    }
}
