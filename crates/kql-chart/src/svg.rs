//! Draws a [`ChartSpec`] as a standalone SVG image with `plotters`.
//!
//! plotters is built without its `ttf` feature, so nothing reads font files: text is written
//! as SVG `<text>` (sized by plotters' estimate) and the viewer's fonts draw it. Each series is
//! one mark element — a `<polyline>` per line, a `<polygon>` per area or slice, `<rect>`s for
//! bars, `<circle>`s for points — in its own colour, with a filled square in the legend.

use crate::error::ChartError;
use crate::spec::{ChartKind, ChartSpec, Panel, SVG_TABLE_ROWS, Stacking, XScale, XValue};
use crate::values::number_text;
use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::prelude::*;
use plotters::style::FontStyle;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::collections::HashMap;

/// Vega's default category colours ("tableau10"), so the SVG and the HTML page agree.
pub(crate) const PALETTE: [RGBColor; 10] = [
    RGBColor(0x4c, 0x78, 0xa8),
    RGBColor(0xf5, 0x85, 0x18),
    RGBColor(0xe4, 0x57, 0x56),
    RGBColor(0x72, 0xb7, 0xb2),
    RGBColor(0x54, 0xa2, 0x4b),
    RGBColor(0xee, 0xca, 0x3b),
    RGBColor(0xb2, 0x79, 0xa2),
    RGBColor(0xff, 0x9d, 0xa6),
    RGBColor(0x9d, 0x75, 0x5d),
    RGBColor(0xba, 0xb0, 0xac),
];

/// The colour of series (or slice) `i`.
pub(crate) fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

const FONT: &str = "sans-serif";

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

fn draw_error(e: impl std::fmt::Display) -> ChartError {
    ChartError::Draw(e.to_string())
}

/// The SVG text of a chart.
pub(crate) fn draw(spec: &ChartSpec, size: crate::ChartSize) -> Result<String, ChartError> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (size.width, size.height)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_error)?;
        let area = match &spec.title {
            Some(title) => root
                .titled(title, (FONT, 22).into_font().color(&BLACK))
                .map_err(draw_error)?,
            None => root.clone(),
        };
        match spec.kind {
            ChartKind::Card => draw_card(&area, spec)?,
            ChartKind::Table => draw_table(&area, spec)?,
            ChartKind::Pie => draw_pie(&area, spec)?,
            _ => {
                let areas = area.split_evenly((spec.panels.len().max(1), 1));
                for (panel, area) in spec.panels.iter().zip(&areas) {
                    draw_xy(area, spec, panel)?;
                }
            }
        }
        root.present().map_err(draw_error)?;
    }
    Ok(out)
}

/// An x value as a coordinate: nanoseconds, the number, or the category's index.
fn x_coordinate(spec: &ChartSpec, x: &XValue, index: &HashMap<&str, usize>) -> f64 {
    let value = match x {
        XValue::Time(t) => *t as f64,
        XValue::Number(v) => *v,
        XValue::Category(c) => {
            category_coordinate(spec, index.get(c.as_str()).copied().unwrap_or(0))
        }
    };
    if spec.x_log && spec.x_scale == XScale::Number {
        value.log10()
    } else {
        value
    }
}

/// The coordinate of category `i`: its index, counted from the top for a bar chart (whose
/// categories run down the vertical axis, first at the top).
fn category_coordinate(spec: &ChartSpec, i: usize) -> f64 {
    if spec.kind == ChartKind::Bar {
        spec.categories.len().saturating_sub(1 + i) as f64
    } else {
        i as f64
    }
}

/// One drawn value: x coordinate, bottom and top of its bar or band (y coordinates).
#[derive(Clone, Copy)]
struct Span {
    x: f64,
    low: f64,
    high: f64,
}

/// The spans of every series of a panel, stacked as `spec.stacking` says.
fn spans(spec: &ChartSpec, panel: &Panel) -> Vec<Vec<Span>> {
    let index: HashMap<&str, usize> = spec
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let ty = |v: f64| if spec.y_log { v.log10() } else { v };
    let mut totals: HashMap<u64, f64> = HashMap::new();
    if spec.stacking == Stacking::Stacked100 {
        for &s in &panel.series {
            for p in &spec.series[s].points {
                let x = x_coordinate(spec, &p.x, &index);
                *totals.entry(x.to_bits()).or_default() += p.y.unwrap_or(0.0).abs();
            }
        }
    }
    let mut base: HashMap<u64, f64> = HashMap::new();
    let mut out = Vec::new();
    for &s in &panel.series {
        let mut spans = Vec::new();
        for p in &spec.series[s].points {
            let Some(y) = p.y else { continue };
            if spec.y_log && y <= 0.0 {
                continue;
            }
            let x = x_coordinate(spec, &p.x, &index);
            let span = match spec.stacking {
                Stacking::None => Span {
                    x,
                    low: if spec.y_log { f64::NAN } else { 0.0 },
                    high: ty(y),
                },
                Stacking::Stacked | Stacking::Stacked100 => {
                    let y = match totals.get(&x.to_bits()) {
                        Some(&total) if total > 0.0 => y / total * 100.0,
                        _ => y,
                    };
                    let low = base.entry(x.to_bits()).or_default();
                    let span = Span {
                        x,
                        low: *low,
                        high: *low + y,
                    };
                    *low += y;
                    span
                }
            };
            spans.push(span);
        }
        out.push(spans);
    }
    out
}

/// The y range to draw: the data's (with 0 for bars and areas), `ymin`/`ymax` where given.
fn y_range(spec: &ChartSpec, spans: &[Vec<Span>]) -> (f64, f64) {
    let mut low = f64::INFINITY;
    let mut high = f64::NEG_INFINITY;
    for span in spans.iter().flatten() {
        for v in [span.low, span.high] {
            if v.is_finite() {
                low = low.min(v);
                high = high.max(v);
            }
        }
    }
    if !low.is_finite() {
        (low, high) = (0.0, 1.0);
    }
    if matches!(
        spec.kind,
        ChartKind::Column | ChartKind::Bar | ChartKind::Area
    ) && !spec.y_log
    {
        low = low.min(0.0);
        high = high.max(0.0);
    }
    let pad = if high > low { (high - low) * 0.05 } else { 1.0 };
    if low < 0.0 || spec.y_log {
        low -= pad;
    }
    high += pad;
    let ty = |v: f64| if spec.y_log { v.log10() } else { v };
    (
        spec.ymin.map(ty).unwrap_or(low),
        spec.ymax.map(ty).unwrap_or(high),
    )
}

/// The x range to draw.
fn x_range(spec: &ChartSpec, spans: &[Vec<Span>]) -> (f64, f64) {
    if spec.x_scale == XScale::Category {
        return (-0.5, spec.categories.len().max(1) as f64 - 0.5);
    }
    let xs = spans.iter().flatten().map(|s| s.x);
    let mut low = xs.clone().fold(f64::INFINITY, f64::min);
    let mut high = xs.fold(f64::NEG_INFINITY, f64::max);
    let none = HashMap::new();
    if let Some(bound) = &spec.xmin {
        low = x_coordinate(spec, bound, &none);
    }
    if let Some(bound) = &spec.xmax {
        high = x_coordinate(spec, bound, &none);
    }
    if !low.is_finite() || !high.is_finite() {
        return (0.0, 1.0);
    }
    if high <= low {
        return (low - 1.0, low + 1.0);
    }
    // Points are drawn whole: a scatter chart keeps a margin at both ends.
    let pad = if spec.kind == ChartKind::Scatter && spec.xmin.is_none() && spec.xmax.is_none() {
        (high - low) * 0.03
    } else {
        0.0
    };
    (low - pad, high + pad)
}

/// The label of an x coordinate.
fn x_label(spec: &ChartSpec, step: f64, v: f64) -> String {
    match spec.x_scale {
        XScale::Category => {
            let i = v.round();
            if (v - i).abs() > 1e-6 || i < 0.0 {
                return String::new();
            }
            let i = i as usize;
            let i = if spec.kind == ChartKind::Bar {
                match spec.categories.len().checked_sub(1 + i) {
                    Some(i) => i,
                    None => return String::new(),
                }
            } else {
                i
            };
            spec.categories.get(i).cloned().unwrap_or_default()
        }
        XScale::Time => {
            let t = chrono::DateTime::from_timestamp_nanos(v as i64);
            let format = if step >= DAY {
                "%Y-%m-%d"
            } else if step >= 60e9 {
                "%m-%d %H:%M"
            } else {
                "%H:%M:%S"
            };
            t.format(format).to_string()
        }
        XScale::Number if spec.x_log => number_label(10f64.powf(v)),
        XScale::Number => number_label(v),
    }
}

/// A linear f64 axis with the ticks this module chose (plotters' `WithKeyPoints` would do, but
/// its f64 axis has no default formatting, which the mesh requires even with a formatter).
struct TickedAxis {
    range: std::ops::Range<f64>,
    ticks: Vec<f64>,
}

impl Ranged for TickedAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    /// As plotters maps its own f64 axis.
    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let (low, high) = (self.range.start, self.range.end);
        if high == low {
            return (limit.1 - limit.0) / 2;
        }
        let fraction = (value - low) / (high - low);
        let length = f64::from(limit.1 - limit.0);
        if !fraction.is_finite() {
            return if fraction > 0.0 { limit.1 } else { limit.0 };
        }
        limit.0 + (length * fraction + 1e-3).floor() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, _hint: Hint) -> Vec<f64> {
        self.ticks.clone()
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.range.clone()
    }
}

/// A day in nanoseconds.
const DAY: f64 = 86_400e9;

/// Tick steps of a time axis, in seconds: round seconds, minutes, hours, days, weeks, months
/// (30 days) and years (365 days).
const TIME_STEPS: [f64; 25] = [
    1.0,
    2.0,
    5.0,
    10.0,
    15.0,
    30.0,
    60.0,
    120.0,
    300.0,
    600.0,
    900.0,
    1800.0,
    3600.0,
    7200.0,
    10800.0,
    21600.0,
    43200.0,
    86400.0,
    172_800.0,
    604_800.0,
    1_209_600.0,
    2_592_000.0,
    7_776_000.0,
    31_536_000.0,
    315_360_000.0,
];

/// At most about this many ticks on an axis.
const TICKS: f64 = 8.0;

/// The ticks of the x axis (coordinates) and their step: every category (every k-th when
/// there are many), round instants, or round numbers.
fn x_ticks(spec: &ChartSpec, low: f64, high: f64) -> (Vec<f64>, f64) {
    match spec.x_scale {
        XScale::Category => {
            let n = spec.categories.len();
            let every = n.div_ceil(40).max(1);
            ((0..n).step_by(every).map(|i| i as f64).collect(), 1.0)
        }
        XScale::Time => {
            let span = (high - low) / 1e9;
            let step = TIME_STEPS
                .iter()
                .copied()
                .find(|step| span / step <= TICKS)
                .unwrap_or(TIME_STEPS[TIME_STEPS.len() - 1])
                * 1e9;
            (steps(low, high, step), step)
        }
        XScale::Number => {
            let ticks = number_ticks(low, high, spec.x_log);
            let step = ticks.get(1).zip(ticks.first()).map_or(1.0, |(b, a)| b - a);
            (ticks, step)
        }
    }
}

/// Round numbers from `low` to `high` (whole powers of ten on a log axis).
fn number_ticks(low: f64, high: f64, log: bool) -> Vec<f64> {
    let raw = (high - low) / TICKS;
    if !raw.is_finite() || raw <= 0.0 {
        return vec![low];
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|step| *step >= raw)
        .unwrap_or(10.0 * magnitude);
    steps(low, high, if log { step.max(1.0).round() } else { step })
}

/// Multiples of `step` from `low` to `high`.
fn steps(low: f64, high: f64, step: f64) -> Vec<f64> {
    let first = (low / step).ceil() as i64;
    let last = (high / step).floor() as i64;
    (first..=last.min(first + 100))
        .map(|k| {
            let v = k as f64 * step;
            // 0.1 * 3 is 0.30000000000000004: snap to the step's precision.
            if step.fract() == 0.0 {
                v
            } else {
                (v / step).round() * step
            }
        })
        .collect()
}

/// A tick label: the number rounded to 6 significant digits, in KQL's text.
fn number_label(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return number_text(if v.is_finite() { v } else { 0.0 });
    }
    let digits = 6 - v.abs().log10().ceil() as i32;
    let scale = 10f64.powi(digits.clamp(-300, 300));
    number_text((v * scale).round() / scale)
}

/// A line, area, column, bar or scatter panel.
fn draw_xy(area: &Area<'_>, spec: &ChartSpec, panel: &Panel) -> Result<(), ChartError> {
    let spans = spans(spec, panel);
    let (x0, x1) = x_range(spec, &spans);
    let (y0, y1) = y_range(spec, &spans);
    let horizontal = spec.kind == ChartKind::Bar;
    // The legend stands right of the plot, as Vega draws it.
    let (w, _) = area.dim_in_pixel();
    let (plot, legend) = if spec.legend && !panel.series.is_empty() {
        let longest = panel
            .series
            .iter()
            .map(|&s| spec.series[s].name.chars().count())
            .max()
            .unwrap_or(0) as u32;
        let width = (longest * 7 + 36).clamp(60, w / 3);
        let (plot, legend) = area.split_horizontally((w - width) as i32);
        (plot, Some(legend))
    } else {
        (area.clone(), None)
    };
    if let Some(legend) = &legend {
        draw_legend(legend, spec, panel)?;
    }
    let mut builder = ChartBuilder::on(&plot);
    builder
        .margin(12)
        .x_label_area_size(48)
        .y_label_area_size(72);
    if let Some(title) = &panel.title {
        builder.caption(title, (FONT, 16));
    }
    // A bar chart puts its categories on the vertical axis.
    let (cx, cy) = if horizontal {
        ((y0, y1), (x0, x1))
    } else {
        ((x0, x1), (y0, y1))
    };
    // Ticks are chosen here (whole categories, round instants and numbers), not by plotters,
    // whose f64 ticks would fall between categories and on odd instants.
    let (x_ticks, x_step) = x_ticks(spec, x0, x1);
    let y_ticks = number_ticks(y0, y1, spec.y_log);
    let (kx, ky) = if horizontal {
        (y_ticks, x_ticks)
    } else {
        (x_ticks, y_ticks)
    };
    let mut chart = builder
        .build_cartesian_2d(
            TickedAxis {
                range: cx.0..cx.1,
                ticks: kx,
            },
            TickedAxis {
                range: cy.0..cy.1,
                ticks: ky,
            },
        )
        .map_err(draw_error)?;
    let x_fmt = |v: &f64| x_label(spec, x_step, *v);
    let y_fmt = |v: &f64| {
        if spec.y_log {
            number_label(10f64.powf(*v))
        } else {
            number_label(*v)
        }
    };
    let mut mesh = chart.configure_mesh();
    mesh.light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.08))
        .label_style((FONT, 12));
    if horizontal {
        mesh.y_label_formatter(&x_fmt)
            .x_label_formatter(&y_fmt)
            .x_desc(spec.y_title.as_str())
            .y_desc(spec.x_title.as_str());
    } else {
        mesh.x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .x_desc(spec.x_title.as_str())
            .y_desc(spec.y_title.as_str());
    }
    mesh.draw().map_err(draw_error)?;
    let groups = panel.series.len().max(1) as f64;
    for (slot, (&s, spans)) in panel.series.iter().zip(&spans).enumerate() {
        let c = color(s);
        match spec.kind {
            ChartKind::Line => chart
                .draw_series(std::iter::once(PathElement::new(
                    spans.iter().map(|p| (p.x, p.high)).collect::<Vec<_>>(),
                    c.stroke_width(2),
                )))
                .map_err(draw_error)?,
            ChartKind::Area => {
                let mut outline: Vec<(f64, f64)> = spans.iter().map(|p| (p.x, p.high)).collect();
                outline.extend(spans.iter().rev().map(|p| {
                    let low = if p.low.is_finite() { p.low } else { y0 };
                    (p.x, low)
                }));
                let alpha = if spec.stacking == Stacking::None {
                    0.45
                } else {
                    0.85
                };
                chart
                    .draw_series(std::iter::once(Polygon::new(
                        outline,
                        c.mix(alpha).filled(),
                    )))
                    .map_err(draw_error)?
            }
            ChartKind::Column | ChartKind::Bar => {
                let (from, width) = if spec.stacking == Stacking::None {
                    (-0.4 + 0.8 * slot as f64 / groups, 0.8 / groups)
                } else {
                    (-0.4, 0.8)
                };
                let bars = spans.iter().map(|p| {
                    let low = if p.low.is_finite() { p.low } else { y0 };
                    let (a, b) = ((p.x + from, low), (p.x + from + width, p.high));
                    let corners = if horizontal {
                        [(a.1, a.0), (b.1, b.0)]
                    } else {
                        [a, b]
                    };
                    Rectangle::new(corners, c.filled())
                });
                chart.draw_series(bars).map_err(draw_error)?
            }
            _ => chart
                .draw_series(
                    spans
                        .iter()
                        .map(|p| Circle::new((p.x, p.high), 4, c.filled())),
                )
                .map_err(draw_error)?,
        };
    }
    Ok(())
}

/// The legend: a square in each series' colour and its name.
fn draw_legend(area: &Area<'_>, spec: &ChartSpec, panel: &Panel) -> Result<(), ChartError> {
    let style = (FONT, 12)
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    for (row, &s) in panel.series.iter().enumerate() {
        let y = 24 + 18 * row as i32;
        area.draw(&Rectangle::new(
            [(4, y - 5), (14, y + 5)],
            color(s).filled(),
        ))
        .map_err(draw_error)?;
        area.draw(&Text::new(
            spec.series[s].name.clone(),
            (20, y),
            style.clone(),
        ))
        .map_err(draw_error)?;
    }
    Ok(())
}

/// A pie: one slice per category and series with a positive value, labelled unless the legend
/// is hidden.
fn draw_pie(area: &Area<'_>, spec: &ChartSpec) -> Result<(), ChartError> {
    let many = spec.series.len() > 1;
    let mut sizes = Vec::new();
    let mut labels = Vec::new();
    for series in &spec.series {
        for p in &series.points {
            let Some(y) = p.y.filter(|y| *y > 0.0) else {
                continue;
            };
            let category = match &p.x {
                XValue::Category(c) => c.clone(),
                XValue::Time(t) => crate::values::instant_text(*t),
                XValue::Number(v) => number_text(*v),
            };
            sizes.push(y);
            labels.push(match (many, spec.legend) {
                (_, false) => String::new(),
                (true, true) => format!("{category}, {}", series.name),
                (false, true) => category,
            });
        }
    }
    let (w, h) = area.dim_in_pixel();
    if sizes.is_empty() {
        return centered_text(area, "no positive values to draw", 16, (w / 2, h / 2));
    }
    let colors: Vec<RGBColor> = (0..sizes.len()).map(color).collect();
    let center = ((w / 2) as i32, (h / 2) as i32);
    let radius = f64::from(w.min(h)) * 0.36;
    let mut pie = Pie::new(&center, &radius, &sizes, &colors, &labels);
    pie.label_style((FONT, 13).into_font().color(&BLACK));
    pie.label_offset(20.0);
    area.draw(&pie).map_err(draw_error)
}

/// A card: each value of the first row large, its column name beneath.
fn draw_card(area: &Area<'_>, spec: &ChartSpec) -> Result<(), ChartError> {
    let cells = area.split_evenly((1, spec.card.len().max(1)));
    for ((name, value), cell) in spec.card.iter().zip(&cells) {
        let (w, h) = cell.dim_in_pixel();
        centered_text(cell, value, 48, (w / 2, h / 2))?;
        centered_text(cell, name, 16, (w / 2, h / 2 + 48))?;
    }
    Ok(())
}

/// A table: header and rows (at most [`SVG_TABLE_ROWS`], then a line that counts the rest).
fn draw_table(area: &Area<'_>, spec: &ChartSpec) -> Result<(), ChartError> {
    let table = &spec.table;
    let (w, _) = area.dim_in_pixel();
    let width = (w as usize).saturating_sub(20) / table.columns.len().max(1);
    let chars = (width / 8).max(4);
    let clip = |s: &str| -> String {
        if s.chars().count() > chars {
            s.chars().take(chars - 1).chain(['…']).collect()
        } else {
            s.to_owned()
        }
    };
    let row_height = 20;
    let header = (FONT, 14).into_font().style(FontStyle::Bold).color(&BLACK);
    let body = (FONT, 13).into_font().color(&BLACK);
    for (i, column) in table.columns.iter().enumerate() {
        let at = (10 + (i * width) as i32, 10);
        area.draw(&Text::new(clip(column), at, header.clone()))
            .map_err(draw_error)?;
    }
    for (r, row) in table.rows.iter().take(SVG_TABLE_ROWS).enumerate() {
        for (i, cell) in row.iter().enumerate() {
            let at = (10 + (i * width) as i32, 10 + row_height * (r as i32 + 1));
            area.draw(&Text::new(clip(cell), at, body.clone()))
                .map_err(draw_error)?;
        }
    }
    if table.rows.len() > SVG_TABLE_ROWS {
        let at = (10, 10 + row_height * (SVG_TABLE_ROWS as i32 + 1));
        let more = format!(
            "({} more rows; write the chart as .html to see every row)",
            table.rows.len() - SVG_TABLE_ROWS
        );
        area.draw(&Text::new(more, at, body.clone()))
            .map_err(draw_error)?;
    }
    Ok(())
}

fn centered_text(area: &Area<'_>, text: &str, size: u32, at: (u32, u32)) -> Result<(), ChartError> {
    let style = (FONT, size)
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Center, VPos::Center));
    area.draw(&Text::new(
        text.to_owned(),
        (at.0 as i32, at.1 as i32),
        style,
    ))
    .map_err(draw_error)
}

#[cfg(test)]
mod tests {
    use super::spans;
    use crate::spec::{ChartKind, Stacking, two_series};

    /// One drawn span: (x, low, high).
    type Drawn = (f64, f64, f64);

    /// Each series' spans.
    fn drawn(kind: ChartKind, stacking: Stacking) -> Vec<Vec<Drawn>> {
        let spec = two_series(kind, stacking);
        spans(&spec, &spec.panels[0])
            .iter()
            .map(|s| s.iter().map(|p| (p.x, p.low, p.high)).collect())
            .collect()
    }

    /// Compares spans to a tolerance: a share of 100 is not exact in binary.
    fn assert_spans(found: &[Vec<Drawn>], expected: &[&[Drawn]]) {
        assert_eq!(found.len(), expected.len(), "{found:?}");
        for (f, e) in found.iter().zip(expected) {
            assert_eq!(f.len(), e.len(), "{found:?}");
            for (a, b) in f.iter().zip(e.iter()) {
                assert!(
                    (a.0 - b.0).abs() < 1e-9
                        && (a.1 - b.1).abs() < 1e-9
                        && (a.2 - b.2).abs() < 1e-9,
                    "{found:?} is not {expected:?}"
                );
            }
        }
    }

    /// a = 1, 3 and b = 3, 2 at the categories p (x = 0) and q (x = 1), spans by hand:
    /// unstacked, each stands on zero; stacked, b stands on a (p: 1–4, q: 3–5); stacked100,
    /// shares of each x (p: total 4, a 1/4 = 25%; q: total 5, a 3/5 = 60%), b up to 100.
    #[test]
    fn spans_stack_as_kind_says() {
        let cases: [(ChartKind, Stacking, [&[Drawn]; 2]); 3] = [
            (
                ChartKind::Column,
                Stacking::None,
                [
                    &[(0.0, 0.0, 1.0), (1.0, 0.0, 3.0)],
                    &[(0.0, 0.0, 3.0), (1.0, 0.0, 2.0)],
                ],
            ),
            (
                ChartKind::Area,
                Stacking::Stacked,
                [
                    &[(0.0, 0.0, 1.0), (1.0, 0.0, 3.0)],
                    &[(0.0, 1.0, 4.0), (1.0, 3.0, 5.0)],
                ],
            ),
            (
                ChartKind::Column,
                Stacking::Stacked100,
                [
                    &[(0.0, 0.0, 25.0), (1.0, 0.0, 60.0)],
                    &[(0.0, 25.0, 100.0), (1.0, 60.0, 100.0)],
                ],
            ),
        ];
        for (kind, stacking, expected) in cases {
            assert_spans(&drawn(kind, stacking), &expected);
        }
    }
}
