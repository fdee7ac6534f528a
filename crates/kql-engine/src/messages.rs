//! Turning errors into messages: carets under the query for diagnostics, plain lines for the
//! rest, and warnings about data problems met while scanning. Shared by `kql query` and the
//! shell, so both point at a query the same way.
//!
//! Carets are drawn here rather than with miette or ariadne: the format is the rustc-like one of
//! STYLE.md §5, a dozen lines, and plain ASCII that survives any terminal or log file.

use crate::{Diagnostic, DiagnosticKind, EngineError, ScanReport};
use std::fmt::Write;

/// Renders a query diagnostic the way STYLE.md §5 shows it: the message, the place
/// (`--> query:1:28`), the query line with carets under the span and its label, then notes and
/// help.
///
/// ```text
/// error: unknown column 'Timegenerated'
///  --> query:1:28
///   |
/// 1 | AmlComputeJobEvent | where Timegenerated > ago(5d)
///   |                            ^^^^^^^^^^^^^ not a column of the input
///   = help: did you mean 'TimeGenerated'?
/// ```
pub fn render_diagnostic(d: &Diagnostic, source_name: &str, text: &str) -> String {
    let prefix = if d.kind == DiagnosticKind::Syntax {
        "syntax error: "
    } else {
        ""
    };
    let mut out = format!("error: {prefix}{}\n", d.message);
    if let Some(span) = d.span {
        let start = span.start.min(text.len());
        let (line_no, column) = span.line_column(text);
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let line = text[line_start..line_end].trim_end_matches('\r');
        let gutter = " ".repeat(line_no.to_string().len());
        let _ = writeln!(out, "{gutter}--> {source_name}:{line_no}:{column}");
        let _ = writeln!(out, "{gutter} |");
        let _ = writeln!(out, "{line_no} | {line}");
        let end = span.end.clamp(start, line_end);
        let carets = text[start..end].chars().count().max(1);
        let pad: String = line[..start - line_start]
            .chars()
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let label = d
            .label
            .as_deref()
            .map(|l| format!(" {l}"))
            .unwrap_or_default();
        let _ = writeln!(out, "{gutter} | {pad}{}{label}", "^".repeat(carets));
        for note in &d.notes {
            let _ = writeln!(out, "{gutter} = note: {note}");
        }
        if let Some(help) = &d.help {
            let _ = writeln!(out, "{gutter} = help: {help}");
        }
    } else {
        for note in &d.notes {
            let _ = writeln!(out, "  = note: {note}");
        }
        if let Some(help) = &d.help {
            let _ = writeln!(out, "  = help: {help}");
        }
    }
    out.trim_end().to_owned()
}

/// The message for an engine error.
pub fn render_engine_error(e: &EngineError, source_name: &str, text: &str) -> String {
    match e {
        EngineError::Query(d) => render_diagnostic(d, source_name, text),
        other => format!("error: {other}"),
    }
}

/// Warnings about data problems met while scanning.
pub fn scan_warnings(report: &ScanReport) -> Vec<String> {
    let mut lines = Vec::new();
    if report.skipped_lines > 0 {
        lines.push(format!(
            "warning: skipped {} malformed line(s){}; --strict makes this an error",
            report.skipped_lines,
            first_at(report.first_skipped.as_ref(), true)
        ));
    }
    if report.truncated_tails > 0 {
        lines.push(format!(
            "warning: skipped the incomplete last line of {} file(s), probably blobs still being appended{}; --strict makes this an error",
            report.truncated_tails,
            first_at(report.first_truncated.as_ref(), false)
        ));
    }
    if report.failed_conversions > 0 {
        lines.push(format!(
            "warning: {} value(s) did not match their column's type and were read as null{}",
            report.failed_conversions,
            first_at(report.first_failed_conversion.as_ref(), true)
        ));
    }
    lines
}

/// ` (first at FILE:LINE[: REASON])` for the first problem of a kind, or nothing.
fn first_at(problem: Option<&kql_exports::LineProblem>, with_reason: bool) -> String {
    problem.map_or_else(String::new, |p| {
        let reason = if with_reason {
            format!(": {}", p.reason)
        } else {
            String::new()
        };
        format!(" (first at {}:{}{reason})", p.path.display(), p.line)
    })
}
