//! Dot commands (`.show tables`, `.set now=…`, `.save FILE`, …): parsing the line a user typed
//! into a [`DotCommand`], with a message that names the fix when it is not one.

use kql_chart::ChartFormat;
use std::path::PathBuf;

/// How the shell prints results (`.format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ShellFormat {
    /// A table sized to the terminal.
    Table,
    /// CSV with a header row.
    Csv,
    /// A JSON array of row objects.
    Json,
}

/// A parsed dot command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DotCommand {
    /// `.show tables`: the tables under the data roots.
    ShowTables,
    /// `.show table T`: the columns of `T` and their types.
    ShowTable(String),
    /// `.help`.
    Help,
    /// `.set now=2026-11-20T00:00:00Z`: pin `now()`; `.set now=` unpins it.
    SetNow(Option<String>),
    /// `.set rows=N`: show at most N rows of a result.
    SetRows(usize),
    /// `.format csv|json|table`.
    Format(ShellFormat),
    /// `.timing on|off`.
    Timing(bool),
    /// `.save FILE`: write the last result, in the format of the file's extension.
    Save(PathBuf),
    /// `.data PATH`: add an export root.
    Data(PathBuf),
    /// `.chart svg|html`: the format of the charts `render` draws.
    Chart(ChartFormat),
    /// `.open on|off`: open each chart with the desktop's opener.
    Open(bool),
    /// `.quit` (or `.exit`).
    Quit,
}

/// The commands with their one-line help, as `.help` prints them.
pub(crate) const HELP: &[(&str, &str)] = &[
    (".show tables", "list the tables under the data roots"),
    (
        ".show table T",
        "the columns of table T and their types (documented tables too)",
    ),
    (
        ".set now=RFC3339",
        "pin now() and ago() to an instant (.set now= unpins it)",
    ),
    (".set rows=N", "show at most N rows of a result"),
    (".format table|csv|json", "how results are printed"),
    (".timing on|off", "print how long each query took"),
    (
        ".save FILE",
        "write the last result to FILE (.csv, .json, .ndjson or .parquet)",
    ),
    (".data PATH", "add an export root, folder or file"),
    (
        ".chart svg|html",
        "the format of the chart a query ending in render draws (svg by default)",
    ),
    (
        ".open on|off",
        "open each chart with $BROWSER or xdg-open (off by default: the path is printed)",
    ),
    (".help", "this list"),
    (".quit", "leave the shell (Ctrl-D too)"),
];

/// The command names, for completion.
pub(crate) const NAMES: &[&str] = &[
    ".show", ".help", ".set", ".format", ".timing", ".save", ".data", ".chart", ".open", ".quit",
];

/// Parses a line that starts with `.`.
pub(crate) fn parse_command(line: &str) -> Result<DotCommand, String> {
    let line = line.trim();
    let (name, rest) = match line.split_once(char::is_whitespace) {
        Some((n, r)) => (n, r.trim()),
        None => (line, ""),
    };
    let no_argument = |command: DotCommand| {
        if rest.is_empty() {
            Ok(command)
        } else {
            Err(format!("'{name}' takes no argument, found '{rest}'"))
        }
    };
    match name {
        ".show" => match rest.split_once(char::is_whitespace) {
            None if rest == "tables" => Ok(DotCommand::ShowTables),
            Some(("table", table)) if !table.trim().is_empty() => {
                Ok(DotCommand::ShowTable(table.trim().to_owned()))
            }
            _ => Err(format!(
                "expected '.show tables' or '.show table T', found '{line}'"
            )),
        },
        ".help" => no_argument(DotCommand::Help),
        ".quit" | ".exit" => no_argument(DotCommand::Quit),
        ".set" => parse_set(rest),
        ".format" => match rest {
            "table" => Ok(DotCommand::Format(ShellFormat::Table)),
            "csv" => Ok(DotCommand::Format(ShellFormat::Csv)),
            "json" => Ok(DotCommand::Format(ShellFormat::Json)),
            _ => Err(format!(
                "expected '.format table', 'csv' or 'json', found '{line}'"
            )),
        },
        ".timing" => on_off(name, rest).map(DotCommand::Timing),
        ".open" => on_off(name, rest).map(DotCommand::Open),
        ".chart" => match rest {
            "svg" => Ok(DotCommand::Chart(ChartFormat::Svg)),
            "html" => Ok(DotCommand::Chart(ChartFormat::Html)),
            _ => Err(format!(
                "expected '.chart svg' or '.chart html', found '{line}'"
            )),
        },
        ".save" if !rest.is_empty() => Ok(DotCommand::Save(PathBuf::from(rest))),
        ".save" => Err("expected a file name: '.save result.csv'".to_owned()),
        ".data" if !rest.is_empty() => Ok(DotCommand::Data(PathBuf::from(rest))),
        ".data" => Err("expected an export root: '.data path/to/exports'".to_owned()),
        _ => Err(format!(
            "unknown command '{name}': .help lists the commands"
        )),
    }
}

/// The `on` or `off` of `.timing` and `.open`.
fn on_off(name: &str, rest: &str) -> Result<bool, String> {
    match rest {
        "on" => Ok(true),
        "off" => Ok(false),
        _ => Err(format!(
            "expected '{name} on' or '{name} off', found '{name} {rest}'"
        )),
    }
}

/// `.set NAME=VALUE`.
fn parse_set(rest: &str) -> Result<DotCommand, String> {
    let Some((name, value)) = rest.split_once('=') else {
        return Err(format!(
            "expected '.set now=RFC3339' or '.set rows=N', found '.set {rest}'"
        ));
    };
    let value = value.trim();
    match name.trim() {
        "now" if value.is_empty() => Ok(DotCommand::SetNow(None)),
        "now" => Ok(DotCommand::SetNow(Some(value.to_owned()))),
        "rows" => value
            .parse::<usize>()
            .ok()
            .filter(|n| *n > 0)
            .map(DotCommand::SetRows)
            .ok_or_else(|| format!("expected a positive number of rows, found '{value}'")),
        other => Err(format!(
            "unknown setting '{other}': the shell has 'now' and 'rows'"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_parses() {
        assert_eq!(parse_command(".show tables"), Ok(DotCommand::ShowTables));
        assert_eq!(
            parse_command(".show table  AmlComputeJobEvent "),
            Ok(DotCommand::ShowTable("AmlComputeJobEvent".to_owned()))
        );
        assert_eq!(parse_command(".help"), Ok(DotCommand::Help));
        assert_eq!(
            parse_command(".set now=2026-11-20T00:00:00Z"),
            Ok(DotCommand::SetNow(Some("2026-11-20T00:00:00Z".to_owned())))
        );
        assert_eq!(parse_command(".set now="), Ok(DotCommand::SetNow(None)));
        assert_eq!(parse_command(".set rows = 7"), Ok(DotCommand::SetRows(7)));
        assert_eq!(
            parse_command(".format csv"),
            Ok(DotCommand::Format(ShellFormat::Csv))
        );
        assert_eq!(parse_command(".timing off"), Ok(DotCommand::Timing(false)));
        assert_eq!(parse_command(".open on"), Ok(DotCommand::Open(true)));
        assert_eq!(parse_command(".open off"), Ok(DotCommand::Open(false)));
        assert_eq!(
            parse_command(".chart html"),
            Ok(DotCommand::Chart(ChartFormat::Html))
        );
        assert_eq!(
            parse_command(".chart svg"),
            Ok(DotCommand::Chart(ChartFormat::Svg))
        );
        assert_eq!(
            parse_command(".save out dir/r.csv"),
            Ok(DotCommand::Save(PathBuf::from("out dir/r.csv")))
        );
        assert_eq!(
            parse_command(".data testdata/exports"),
            Ok(DotCommand::Data(PathBuf::from("testdata/exports")))
        );
        assert_eq!(parse_command(".quit"), Ok(DotCommand::Quit));
        assert_eq!(parse_command(".exit"), Ok(DotCommand::Quit));
    }

    #[test]
    fn mistakes_name_the_fix() {
        let err = |line: &str| parse_command(line).unwrap_err();
        assert_eq!(
            err(".shw"),
            "unknown command '.shw': .help lists the commands"
        );
        assert!(err(".show columns").contains("'.show tables' or '.show table T'"));
        assert!(err(".format xml").contains("'.format table', 'csv' or 'json'"));
        assert!(err(".timing maybe").contains("'.timing on'"));
        assert!(err(".open always").contains("'.open on' or '.open off'"));
        assert!(err(".chart png").contains("'.chart svg' or '.chart html'"));
        assert!(err(".set rows=0").contains("positive number"));
        assert!(err(".set color=red").contains("unknown setting 'color'"));
        assert!(err(".save").contains("file name"));
        assert!(err(".quit now").contains("takes no argument"));
    }

    #[test]
    fn help_lists_every_command_name() {
        for name in NAMES {
            assert!(
                HELP.iter().any(|(usage, _)| usage.starts_with(name)),
                "{name}"
            );
        }
    }
}
