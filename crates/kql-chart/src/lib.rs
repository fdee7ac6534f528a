//! Charts from render: a result and its render request become a chart spec, drawn as SVG or
//! an offline Vega-Lite page.
//!
//! A query that ends in `render` carries a [`Visualization`] (kql-planner). This crate turns
//! the result's columns and rows plus that request into a renderer-independent [`ChartSpec`]
//! ([`chart_spec`], Kusto's default-column rules), then draws it:
//!
//! | format | drawn by | needs at view time |
//! |---|---|---|
//! | SVG (`*.svg`) | `plotters` (pure Rust; text as SVG `<text>`, no font files) | nothing |
//! | HTML (`*.html`) | a Vega-Lite spec, with vega, vega-lite and vega-embed inlined | nothing: no network |
//!
//! [`write_chart`] is the one entry for the CLI and the shell. A visualization kqlake cannot
//! draw (treemap, ladderchart, …) is written as a table with a warning that names it.

mod error;
mod html;
mod spec;
mod svg;
mod values;

pub use error::ChartError;
pub use spec::{
    ChartKind, ChartSpec, MAX_PANELS, Panel, Point, SVG_TABLE_ROWS, Series, Stacking, TableData,
    XScale, XValue, chart_spec,
};

use arrow::record_batch::RecordBatch;
use kql_planner::{Column, Visualization};
use std::path::Path;
use std::str::FromStr;

/// The file format of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartFormat {
    /// A standalone SVG image.
    Svg,
    /// A standalone HTML page with an interactive Vega-Lite chart.
    Html,
}

impl ChartFormat {
    /// The format a file name asks for: `.svg`, or `.html`/`.htm` (any case).
    pub fn from_path(path: &Path) -> Result<ChartFormat, ChartError> {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("svg") => Ok(ChartFormat::Svg),
            Some("html" | "htm") => Ok(ChartFormat::Html),
            _ => Err(ChartError::UnknownFormat(path.to_path_buf())),
        }
    }
}

/// A chart's size in pixels (`--chart-size 1200x600`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartSize {
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

impl Default for ChartSize {
    /// 960×540.
    fn default() -> ChartSize {
        ChartSize {
            width: 960,
            height: 540,
        }
    }
}

/// `WIDTHxHEIGHT`, each 100 to 10000.
impl FromStr for ChartSize {
    type Err = ChartError;

    fn from_str(text: &str) -> Result<ChartSize, ChartError> {
        let bad = || ChartError::BadSize(text.to_owned());
        let (w, h) = text.trim().split_once(['x', 'X']).ok_or_else(bad)?;
        let parse = |s: &str| {
            s.trim()
                .parse::<u32>()
                .ok()
                .filter(|v| (100..=10_000).contains(v))
                .ok_or_else(bad)
        };
        Ok(ChartSize {
            width: parse(w)?,
            height: parse(h)?,
        })
    }
}

/// The colour of series (or pie slice) `i` in both formats, as `#rrggbb`: Vega's default
/// category palette, repeating after ten.
pub fn series_color(i: usize) -> String {
    let c = svg::color(i);
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// Draws `spec` in `format`: the file's text.
pub fn render_chart(
    spec: &ChartSpec,
    format: ChartFormat,
    size: ChartSize,
) -> Result<String, ChartError> {
    match format {
        ChartFormat::Svg => svg::draw(spec, size),
        ChartFormat::Html => Ok(html::page(spec, size)),
    }
}

/// Builds the chart of a result and writes it to `path`; returns the warnings the user should
/// see (a visualization drawn as a table, properties that do not apply, values left out).
pub fn write_chart(
    path: &Path,
    format: ChartFormat,
    columns: &[Column],
    batches: &[RecordBatch],
    visualization: &Visualization,
    size: ChartSize,
) -> Result<Vec<String>, ChartError> {
    let spec = chart_spec(columns, batches, visualization)?;
    let text = render_chart(&spec, format, size)?;
    std::fs::write(path, text).map_err(|source| ChartError::Write {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(spec.warnings)
}

#[cfg(test)]
mod tests {
    use super::{ChartFormat, ChartSize};
    use std::path::Path;

    #[test]
    fn format_comes_from_the_extension() {
        assert_eq!(
            ChartFormat::from_path(Path::new("a/b.SVG")).ok(),
            Some(ChartFormat::Svg)
        );
        assert_eq!(
            ChartFormat::from_path(Path::new("b.htm")).ok(),
            Some(ChartFormat::Html)
        );
        let error = ChartFormat::from_path(Path::new("b.png")).unwrap_err();
        assert!(error.to_string().contains("*.svg or *.html"), "{error}");
    }

    #[test]
    fn sizes_parse_and_bad_ones_are_rejected() {
        assert_eq!(
            "1200x600".parse::<ChartSize>().ok(),
            Some(ChartSize {
                width: 1200,
                height: 600
            })
        );
        for bad in ["1200", "0x600", "x", "1200x99", "axb", "20000x600"] {
            assert!(bad.parse::<ChartSize>().is_err(), "{bad}");
        }
    }
}
