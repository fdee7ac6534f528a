//! Charts in the shell: a query ending in `render` is drawn with kql-chart into a private
//! temporary folder, its path printed, and the file opened when the user asked (`.open on`).
//!
//! The result's table is shown as for any query (the chart is drawn beside it, as
//! `kql query --chart` leaves the rows alone); a visualization kqlake cannot draw writes no
//! file, only the warning that names it, since the table on the screen is the fallback. The
//! folder is created on the first chart and kept when the shell ends, so a page still loading
//! in the browser, or a path the user copied, stays valid; the system cleans its temporary
//! folder.

use kql_chart::{ChartFormat, ChartKind, ChartSize, chart_spec, render_chart};
use kql_engine::{QueryResult, Visualization};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The charts of one session: their format, whether they are opened, where they go.
pub(crate) struct Charts {
    /// `.chart svg|html`.
    pub(crate) format: ChartFormat,
    /// `.open on|off`.
    pub(crate) open: bool,
    /// The programs that open a file, tried in order (from `$BROWSER`, else the desktop's).
    pub(crate) openers: Vec<String>,
    /// The folder of this session's charts, once one is drawn.
    pub(crate) dir: Option<PathBuf>,
    /// Charts drawn so far (names `chart-1.svg`, `chart-2.svg`, …).
    drawn: usize,
}

impl Charts {
    /// SVG, not opened, with the openers of the environment.
    pub(crate) fn new() -> Charts {
        Charts {
            format: ChartFormat::Svg,
            open: false,
            openers: openers(std::env::var("BROWSER").ok().as_deref()),
            dir: None,
            drawn: 0,
        }
    }

    /// Draws the chart `visualization` asks for of `result`, prints its path on `out` and
    /// opens it if asked; warnings, errors and notes go to `err`. Returns the file written.
    pub(crate) fn draw(
        &mut self,
        result: &QueryResult,
        visualization: &Visualization,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> Option<PathBuf> {
        let spec = match chart_spec(&result.columns, &result.batches, visualization) {
            Ok(spec) => spec,
            Err(e) => {
                let _ = writeln!(err, "error: no chart: {e}");
                return None;
            }
        };
        for warning in &spec.warnings {
            let _ = writeln!(err, "warning: {warning}");
        }
        if spec.kind == ChartKind::Table {
            return None;
        }
        let written = render_chart(&spec, self.format, ChartSize::default())
            .map_err(|e| e.to_string())
            .and_then(|text| {
                let path = self.next_path()?;
                std::fs::write(&path, text)
                    .map_err(|e| format!("cannot write chart '{}': {e}", path.display()))?;
                Ok(path)
            });
        let path = match written {
            Ok(path) => path,
            Err(message) => {
                let _ = writeln!(err, "error: no chart: {message}");
                return None;
            }
        };
        let _ = writeln!(out, "chart: {}", path.display());
        if self.open {
            open(&path, &self.openers, err);
        }
        Some(path)
    }

    /// The file of the next chart, in the session's folder (created on first use).
    fn next_path(&mut self) -> Result<PathBuf, String> {
        let dir = match &self.dir {
            Some(dir) => dir.clone(),
            None => {
                let dir = tempfile::Builder::new()
                    .prefix("kqlake-charts-")
                    .tempdir()
                    .map_err(|e| format!("cannot create a folder for charts: {e}"))?
                    .keep();
                self.dir = Some(dir.clone());
                dir
            }
        };
        self.drawn += 1;
        let extension = match self.format {
            ChartFormat::Svg => "svg",
            ChartFormat::Html => "html",
        };
        Ok(dir.join(format!("chart-{}.{extension}", self.drawn)))
    }
}

/// The commands that may open a file: `$BROWSER` (a `:`-separated list, as its convention
/// has it) when set, else `open` on macOS and `xdg-open` elsewhere.
pub(crate) fn openers(browser: Option<&str>) -> Vec<String> {
    let listed: Vec<String> = browser
        .unwrap_or("")
        .split(':')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect();
    if !listed.is_empty() {
        return listed;
    }
    let desktop = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    vec![desktop.to_owned()]
}

/// Starts the first opener that exists on `path`, without waiting for it (a thread reaps
/// it). A command's `%s` stands for the path; without one the path is its last argument.
/// No opener is a note, not an error: the path is on the screen.
fn open(path: &Path, openers: &[String], err: &mut dyn Write) {
    let path_text = path.to_string_lossy();
    for opener in openers {
        let mut words = opener.split_whitespace();
        let Some(program) = words.next() else {
            continue;
        };
        let mut args: Vec<String> = words.map(|w| w.replace("%s", &path_text)).collect();
        if !opener.contains("%s") {
            args.push(path_text.clone().into_owned());
        }
        let started = Command::new(program)
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        match started {
            Ok(mut child) => {
                std::thread::spawn(move || child.wait());
                return;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                let _ = writeln!(err, "note: cannot open the chart with '{program}': {e}");
                return;
            }
        }
    }
    let _ = writeln!(
        err,
        "note: cannot open the chart: {} not found; set BROWSER to a program that opens files, or open the path yourself",
        openers.join(", ")
    );
}

#[cfg(test)]
mod tests {
    use super::openers;

    #[test]
    fn browser_lists_openers_else_the_desktop_opener() {
        assert_eq!(
            openers(Some("firefox --new-tab %s: chromium")),
            ["firefox --new-tab %s", "chromium"]
        );
        let desktop = if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        assert_eq!(openers(None), [desktop]);
        assert_eq!(openers(Some(" : ")), [desktop]);
    }
}
