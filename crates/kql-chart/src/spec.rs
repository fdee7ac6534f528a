//! The chart model: a result's columns and rows plus its `render` request become a
//! [`ChartSpec`] — what to draw, independent of the renderer (SVG or Vega-Lite).
//!
//! Kusto's default-column rules (render-operator.md, "How to render continuous data", and the
//! per-visualization pages) decide what `render` leaves unsaid:
//!
//! - **x** is `xcolumn`, else the first column that fits: the first `datetime` for
//!   `timechart`; the first numeric or `datetime` column for `linechart`, `areachart`,
//!   `stackedareachart` and `scatterchart` (the first column when none is); the first column
//!   for `columnchart`, `barchart` and `piechart` (whose x is a category). A `make-series`
//!   result (a `dynamic` column holding arrays) takes its array of instants as x.
//! - **y** is `ycolumns`, else every numeric column that is neither x nor a series column; for
//!   `make-series`, every other array column. Arrays are expanded point by point.
//! - **series** is `series`, else every remaining `string`, `guid` or `bool` column: each
//!   distinct combination of their values is one series (per y column when there are several).

use crate::error::ChartError;
use crate::values::{
    instant, is_label, is_numeric, json_array, json_instant, number, number_text, text,
};
use arrow::array::Array;
use arrow::record_batch::RecordBatch;
use kql_planner::{Column, Visualization};
use kql_syntax::KqlType;
use std::collections::{HashMap, HashSet};

/// At most this many panels (`ysplit=panels`), as Kusto's clients draw.
pub const MAX_PANELS: usize = 5;

/// At most this many rows in a table drawn as SVG (an HTML table holds every row).
pub const SVG_TABLE_ROWS: usize = 40;

/// What is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Lines through the points (`timechart`, `linechart`).
    Line,
    /// Filled areas under the lines (`areachart`, `stackedareachart`).
    Area,
    /// Vertical bars per category (`columnchart`).
    Column,
    /// Horizontal bars per category (`barchart`).
    Bar,
    /// Slices of a disc (`piechart`).
    Pie,
    /// Points (`scatterchart`).
    Scatter,
    /// The first row's values, large (`card`).
    Card,
    /// The rows as a table (`table`, and any visualization kqlake cannot draw).
    Table,
}

/// How series at one x value combine (`kind=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stacking {
    /// Each series stands on its own (`default`, `unstacked`).
    None,
    /// Series are stacked atop one another (`stacked`).
    Stacked,
    /// Stacked and stretched to 100% at every x (`stacked100`).
    Stacked100,
}

/// The kind of the x axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XScale {
    /// Instants (`datetime`).
    Time,
    /// Numbers.
    Number,
    /// Categories, in the order they first appear.
    Category,
}

/// One x value.
#[derive(Debug, Clone, PartialEq)]
pub enum XValue {
    /// Nanoseconds since the Unix epoch.
    Time(i64),
    /// A number.
    Number(f64),
    /// A category's text.
    Category(String),
}

/// One point of a series: its x and its y (`None` where the value is null: a gap).
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// The x value.
    pub x: XValue,
    /// The y value.
    pub y: Option<f64>,
}

/// One series: one y column for one combination of series values.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Its legend label: the series values joined by `, ` (with `:ycolumn` when several y
    /// columns are drawn), or the y column's name when there are no series columns.
    pub name: String,
    /// The y column its values come from.
    pub y_column: String,
    /// Its points, in x order for time and number axes, in row order otherwise.
    pub points: Vec<Point>,
}

/// One panel of the chart (`ysplit=panels` gives several; otherwise there is one).
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// Its title (the series it shows), when `ysplit` splits the chart.
    pub title: Option<String>,
    /// The indices in [`ChartSpec::series`] it draws.
    pub series: Vec<usize>,
}

/// The rows of a table drawn instead of a chart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableData {
    /// The column names.
    pub columns: Vec<String>,
    /// Every row's cells as text.
    pub rows: Vec<Vec<String>>,
}

/// A chart to draw: the result of Kusto's column rules over one result.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec {
    /// The visualization `render` named (`timechart`, …).
    pub visualization: String,
    /// What is drawn.
    pub kind: ChartKind,
    /// `kind=`: how series combine.
    pub stacking: Stacking,
    /// The x column.
    pub x_column: Option<String>,
    /// The kind of the x axis.
    pub x_scale: XScale,
    /// The y columns, in order.
    pub y_columns: Vec<String>,
    /// The series columns, in order.
    pub series_columns: Vec<String>,
    /// The series, in the order they first appear.
    pub series: Vec<Series>,
    /// The categories of a category axis, in the order they first appear.
    pub categories: Vec<String>,
    /// The panels (one unless `ysplit` splits the chart).
    pub panels: Vec<Panel>,
    /// `title`.
    pub title: Option<String>,
    /// `xtitle`, else the x column's name.
    pub x_title: String,
    /// `ytitle`, else the y columns' names.
    pub y_title: String,
    /// `legend` is not `hidden`.
    pub legend: bool,
    /// `xaxis=log`.
    pub x_log: bool,
    /// `yaxis=log`.
    pub y_log: bool,
    /// `ymin`.
    pub ymin: Option<f64>,
    /// `ymax`.
    pub ymax: Option<f64>,
    /// `xmin`, on a time or number axis.
    pub xmin: Option<XValue>,
    /// `xmax`, on a time or number axis.
    pub xmax: Option<XValue>,
    /// `accumulate=true`: each point's y is the sum of its series up to it (already applied
    /// to [`Series::points`]).
    pub accumulate: bool,
    /// `card`: the first row's columns and values.
    pub card: Vec<(String, String)>,
    /// `table` (or a fallback): the rows.
    pub table: TableData,
    /// What the user should know: a visualization drawn as a table, properties that do not
    /// apply, values left out.
    pub warnings: Vec<String>,
}

/// Builds the chart of a result: `columns` are its KQL columns, `batches` its rows,
/// `visualization` its `render` request.
pub fn chart_spec(
    columns: &[Column],
    batches: &[RecordBatch],
    visualization: &Visualization,
) -> Result<ChartSpec, ChartError> {
    let name = visualization.visualization.as_str();
    let mut warnings = Vec::new();
    let mut kind = match name {
        "timechart" | "linechart" => ChartKind::Line,
        "areachart" | "stackedareachart" => ChartKind::Area,
        "columnchart" => ChartKind::Column,
        "barchart" => ChartKind::Bar,
        "piechart" => ChartKind::Pie,
        "scatterchart" => ChartKind::Scatter,
        "card" => ChartKind::Card,
        "table" => ChartKind::Table,
        other => {
            warnings.push(format!(
                "kqlake cannot draw '{other}' yet: the chart shows the result as a table"
            ));
            ChartKind::Table
        }
    };
    let kind_property = visualization.kind.as_deref();
    if kind_property == Some("map") {
        warnings.push(format!(
            "kqlake cannot draw '{name}' with kind=map (a geospatial map) yet: the chart shows \
             the result as a table"
        ));
        kind = ChartKind::Table;
    }
    let stacking = stacking(name, kind, kind_property, &mut warnings);
    let mut spec = ChartSpec {
        visualization: name.to_owned(),
        kind,
        stacking,
        x_column: None,
        x_scale: XScale::Category,
        y_columns: Vec::new(),
        series_columns: Vec::new(),
        series: Vec::new(),
        categories: Vec::new(),
        panels: Vec::new(),
        title: visualization.title.clone(),
        x_title: String::new(),
        y_title: String::new(),
        legend: visualization.legend.as_deref() != Some("hidden"),
        x_log: visualization.xaxis.as_deref() == Some("log"),
        y_log: visualization.yaxis.as_deref() == Some("log"),
        ymin: visualization.ymin,
        ymax: visualization.ymax,
        xmin: None,
        xmax: None,
        accumulate: visualization.accumulate,
        card: Vec::new(),
        table: TableData::default(),
        warnings,
    };
    match kind {
        ChartKind::Table => {
            spec.table = table_data(columns, batches);
            return Ok(spec);
        }
        ChartKind::Card => {
            spec.card = first_row(columns, batches).ok_or_else(|| ChartError::NoRows {
                visualization: name.to_owned(),
            })?;
            return Ok(spec);
        }
        _ => {}
    }
    let roles = pick_columns(name, kind, columns, batches, visualization)?;
    spec.x_scale = roles.x_scale;
    spec.x_column = Some(columns[roles.x].name.clone());
    spec.y_columns = roles.y.iter().map(|&i| columns[i].name.clone()).collect();
    spec.series_columns = roles
        .series
        .iter()
        .map(|&i| columns[i].name.clone())
        .collect();
    spec.x_title = visualization
        .xtitle
        .clone()
        .unwrap_or_else(|| columns[roles.x].name.clone());
    spec.y_title = visualization
        .ytitle
        .clone()
        .unwrap_or_else(|| spec.y_columns.join(", "));
    collect_series(&mut spec, columns, batches, &roles)?;
    for (property, given) in [("xmin", &visualization.xmin), ("xmax", &visualization.xmax)] {
        let Some(text) = given else { continue };
        let bound = x_bound(text, spec.x_scale);
        if bound.is_none() {
            spec.warnings.push(format!(
                "{property}={text} does not fit the x axis ('{}'): not applied",
                columns[roles.x].name
            ));
        }
        if property == "xmin" {
            spec.xmin = bound;
        } else {
            spec.xmax = bound;
        }
    }
    if spec.accumulate {
        for series in &mut spec.series {
            let mut sum = 0.0;
            for point in &mut series.points {
                if let Some(y) = point.y {
                    sum += y;
                    point.y = Some(sum);
                }
            }
        }
    }
    let mut warnings = std::mem::take(&mut spec.warnings);
    spec.panels = panels(&spec, visualization.ysplit.as_deref(), &mut warnings);
    spec.warnings = warnings;
    Ok(spec)
}

/// `kind=` for this visualization: `stackedareachart` stacks by default; stacking applies to
/// area, bar and column charts only.
fn stacking(
    name: &str,
    kind: ChartKind,
    property: Option<&str>,
    warnings: &mut Vec<String>,
) -> Stacking {
    let stackable = matches!(kind, ChartKind::Area | ChartKind::Column | ChartKind::Bar);
    match property {
        Some("stacked") if stackable => Stacking::Stacked,
        Some("stacked100") if stackable => Stacking::Stacked100,
        Some(k @ ("stacked" | "stacked100")) => {
            warnings.push(format!(
                "kind={k} applies to areachart, barchart and columnchart: '{name}' is drawn \
                 unstacked"
            ));
            Stacking::None
        }
        Some("default" | "unstacked") => Stacking::None,
        _ if name == "stackedareachart" => Stacking::Stacked,
        _ => Stacking::None,
    }
}

/// The columns each role takes (indices into the result's columns).
struct Roles {
    x: usize,
    x_scale: XScale,
    y: Vec<usize>,
    series: Vec<usize>,
    /// x and y hold `make-series` arrays, expanded point by point.
    arrays: bool,
    /// y columns a pie chart does not draw.
    unused: Vec<usize>,
}

/// Applies Kusto's default-column rules (see the module doc).
fn pick_columns(
    name: &str,
    kind: ChartKind,
    columns: &[Column],
    batches: &[RecordBatch],
    visualization: &Visualization,
) -> Result<Roles, ChartError> {
    let index = |column: &str, property: &str| {
        columns
            .iter()
            .position(|c| c.name == column)
            .ok_or_else(|| ChartError::UnknownColumn {
                property: property.to_owned(),
                column: column.to_owned(),
                columns: describe_columns(columns),
            })
    };
    // A `dynamic` column whose first value is an array: the result of make-series.
    let kinds: Vec<Option<ArrayKind>> = (0..columns.len())
        .map(|i| (columns[i].kql_type == KqlType::Dynamic).then(|| array_kind(batches, i)))
        .map(Option::flatten)
        .collect();
    let kinds = &kinds;
    let arrays = kinds.iter().any(Option::is_some);
    let is_time = |i: usize| {
        columns[i].kql_type == KqlType::DateTime || kinds[i] == Some(ArrayKind::Instants)
    };
    let category_x = matches!(kind, ChartKind::Column | ChartKind::Bar | ChartKind::Pie);
    let timechart = name == "timechart";
    let x = match &visualization.xcolumn {
        Some(column) => {
            let x = index(column, "xcolumn")?;
            if timechart && !is_time(x) {
                return Err(ChartError::WrongType {
                    visualization: name.to_owned(),
                    property: "xcolumn".to_owned(),
                    column: column.clone(),
                    found: columns[x].kql_type.to_string(),
                    expected: "a datetime column".to_owned(),
                });
            }
            x
        }
        None if arrays => {
            let candidates = move || (0..columns.len()).filter(move |&i| kinds[i].is_some());
            match candidates().find(|&i| is_time(i)) {
                Some(x) => x,
                None if timechart => {
                    return Err(missing(
                        name,
                        "x axis",
                        "a datetime column (or a make-series time axis)",
                        columns,
                    ));
                }
                None => candidates().next().unwrap_or(0),
            }
        }
        None if timechart => (0..columns.len())
            .find(|&i| is_time(i))
            .ok_or_else(|| missing(name, "x axis", "a datetime column", columns))?,
        None if category_x => 0,
        None => (0..columns.len())
            .find(|&i| is_numeric(columns[i].kql_type) || is_time(i))
            .unwrap_or(0),
    };
    if columns.is_empty() {
        return Err(missing(name, "x axis", "a column", columns));
    }
    let x_scale = if category_x {
        XScale::Category
    } else if is_time(x) {
        XScale::Time
    } else if is_numeric(columns[x].kql_type) || kinds[x] == Some(ArrayKind::Numbers) {
        XScale::Number
    } else {
        XScale::Category
    };
    let explicit_series = match &visualization.series {
        Some(names) => names
            .iter()
            .map(|n| index(n, "series"))
            .collect::<Result<Vec<_>, _>>()?,
        None => Vec::new(),
    };
    let fits_y = |i: usize| {
        if arrays && i != x {
            kinds[i].is_some()
        } else {
            is_numeric(columns[i].kql_type)
        }
    };
    let mut y = match &visualization.ycolumns {
        Some(names) => {
            let mut y = Vec::new();
            for n in names {
                let i = index(n, "ycolumns")?;
                if !fits_y(i) {
                    return Err(ChartError::WrongType {
                        visualization: name.to_owned(),
                        property: "ycolumns".to_owned(),
                        column: n.clone(),
                        found: columns[i].kql_type.to_string(),
                        expected: if arrays {
                            "a make-series array column".to_owned()
                        } else {
                            "a numeric column (int, long, real, decimal)".to_owned()
                        },
                    });
                }
                y.push(i);
            }
            y
        }
        None => (0..columns.len())
            .filter(|&i| i != x && !explicit_series.contains(&i) && fits_y(i))
            .collect(),
    };
    if y.is_empty() {
        let wanted = if arrays {
            "a make-series array column besides the x axis"
        } else {
            "a numeric column (int, long, real, decimal) besides the x column"
        };
        return Err(missing(name, "y axis", wanted, columns));
    }
    let series = match &visualization.series {
        Some(_) => explicit_series,
        None => (0..columns.len())
            .filter(|&i| i != x && !y.contains(&i) && is_label(columns[i].kql_type))
            .collect(),
    };
    // A pie sizes its slices by one column; the others are reported, not drawn.
    let unused = if kind == ChartKind::Pie && y.len() > 1 {
        y.split_off(1)
    } else {
        Vec::new()
    };
    Ok(Roles {
        x,
        x_scale,
        y,
        series,
        arrays,
        unused,
    })
}

/// What a `make-series` array column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ArrayKind {
    /// ISO 8601 instants (the time axis).
    Instants,
    /// Anything else (numbers, usually).
    Numbers,
}

/// The kind of array the first non-null value of column `i` holds, if it is an array.
fn array_kind(batches: &[RecordBatch], i: usize) -> Option<ArrayKind> {
    for batch in batches {
        let array = batch.column(i);
        for row in 0..batch.num_rows() {
            if array.is_null(row) {
                continue;
            }
            let values = json_array(array.as_ref(), row)?;
            let first = values.iter().find(|v| !v.is_null());
            return Some(match first.and_then(json_instant) {
                Some(_) => ArrayKind::Instants,
                None => ArrayKind::Numbers,
            });
        }
    }
    None
}

/// `name:type, …` for messages.
fn describe_columns(columns: &[Column]) -> String {
    if columns.is_empty() {
        return "the result has no columns".to_owned();
    }
    let list: Vec<String> = columns
        .iter()
        .map(|c| format!("{}:{}", c.name, c.kql_type))
        .collect();
    format!("the result's columns are {}", list.join(", "))
}

fn missing(name: &str, role: &str, wanted: &str, columns: &[Column]) -> ChartError {
    ChartError::MissingColumn {
        visualization: name.to_owned(),
        role: role.to_owned(),
        wanted: wanted.to_owned(),
        columns: describe_columns(columns),
    }
}

/// Reads every row into series.
fn collect_series(
    spec: &mut ChartSpec,
    columns: &[Column],
    batches: &[RecordBatch],
    roles: &Roles,
) -> Result<(), ChartError> {
    if !roles.unused.is_empty() {
        let unused: Vec<&str> = roles
            .unused
            .iter()
            .map(|&i| columns[i].name.as_str())
            .collect();
        spec.warnings.push(format!(
            "a piechart sizes its slices by one column, '{}': {} not drawn",
            spec.y_columns[0],
            unused.join(", ")
        ));
    }
    let mut by_name: HashMap<String, usize> = HashMap::new();
    let mut categories: HashSet<String> = HashSet::new();
    let mut skipped = 0usize;
    let mut row_number = 0usize;
    for batch in batches {
        let x_array = batch.column(roles.x);
        for row in 0..batch.num_rows() {
            row_number += 1;
            let key: Vec<String> = roles
                .series
                .iter()
                .map(|&i| text(batch.column(i).as_ref(), row, columns[i].kql_type))
                .collect();
            let key = key.join(", ");
            let xs: Vec<XValue> = if roles.arrays {
                match json_array(x_array.as_ref(), row) {
                    Some(values) => values
                        .iter()
                        .map(|v| json_x(v, spec.x_scale))
                        .collect::<Option<Vec<_>>>()
                        .unwrap_or_default(),
                    None => Vec::new(),
                }
            } else {
                match cell_x(
                    x_array.as_ref(),
                    row,
                    columns[roles.x].kql_type,
                    spec.x_scale,
                ) {
                    Some(x) => vec![x],
                    None => {
                        skipped += 1;
                        continue;
                    }
                }
            };
            for &yi in &roles.y {
                let y_name = &columns[yi].name;
                let name = if roles.series.is_empty() {
                    y_name.clone()
                } else if roles.y.len() == 1 {
                    key.clone()
                } else {
                    format!("{key}:{y_name}")
                };
                let ys: Vec<Option<f64>> = if roles.arrays {
                    let values = json_array(batch.column(yi).as_ref(), row).unwrap_or_default();
                    if values.len() != xs.len() {
                        return Err(ChartError::SeriesLength {
                            row: row_number,
                            x_column: columns[roles.x].name.clone(),
                            x_len: xs.len(),
                            y_column: y_name.clone(),
                            y_len: values.len(),
                        });
                    }
                    values.iter().map(serde_json::Value::as_f64).collect()
                } else {
                    vec![number(batch.column(yi).as_ref(), row)]
                };
                let index = *by_name.entry(name.clone()).or_insert_with(|| {
                    spec.series.push(Series {
                        name,
                        y_column: y_name.clone(),
                        points: Vec::new(),
                    });
                    spec.series.len() - 1
                });
                for (x, y) in xs.iter().zip(ys) {
                    if let XValue::Category(c) = x
                        && categories.insert(c.clone())
                    {
                        spec.categories.push(c.clone());
                    }
                    spec.series[index].points.push(Point { x: x.clone(), y });
                }
            }
        }
    }
    if skipped > 0 {
        spec.warnings.push(format!(
            "{skipped} row(s) with an empty x value ('{}') are not drawn",
            columns[roles.x].name
        ));
    }
    if matches!(spec.x_scale, XScale::Time | XScale::Number)
        && matches!(spec.kind, ChartKind::Line | ChartKind::Area)
    {
        for series in &mut spec.series {
            series.points.sort_by(|a, b| x_order(&a.x, &b.x));
        }
    }
    Ok(())
}

/// `xmin`/`xmax` (canonical KQL literal text) on an axis: `datetime(…)` on a time axis, a
/// number on a number axis; `None` when it does not fit (a category axis has no bounds).
fn x_bound(text: &str, scale: XScale) -> Option<XValue> {
    match scale {
        XScale::Time => text
            .strip_prefix("datetime(")
            .and_then(|t| t.strip_suffix(')'))
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .and_then(|t| t.timestamp_nanos_opt())
            .map(XValue::Time),
        XScale::Number => text.parse().ok().map(XValue::Number),
        XScale::Category => None,
    }
}

/// Orders x values of one axis (time or number).
fn x_order(a: &XValue, b: &XValue) -> std::cmp::Ordering {
    match (a, b) {
        (XValue::Time(a), XValue::Time(b)) => a.cmp(b),
        (XValue::Number(a), XValue::Number(b)) => a.total_cmp(b),
        _ => std::cmp::Ordering::Equal,
    }
}

/// The x value of a cell; `None` for null on a time or number axis.
fn cell_x(array: &dyn Array, row: usize, kql_type: KqlType, scale: XScale) -> Option<XValue> {
    match scale {
        XScale::Time => instant(array, row).map(XValue::Time),
        XScale::Number => number(array, row).map(XValue::Number),
        XScale::Category => Some(XValue::Category(text(array, row, kql_type))),
    }
}

/// The x value of a `make-series` array element.
fn json_x(value: &serde_json::Value, scale: XScale) -> Option<XValue> {
    match scale {
        XScale::Time => json_instant(value).map(XValue::Time),
        XScale::Number => value.as_f64().map(XValue::Number),
        XScale::Category => Some(XValue::Category(match value {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(n) => n.as_f64().map(number_text).unwrap_or_default(),
            other => other.to_string(),
        })),
    }
}

/// Groups series into panels: one per series for `ysplit=panels` (Kusto's example splits a
/// count by State into one panel per state) and for `ysplit=axes` (one y axis per series,
/// drawn here as a panel each); one panel otherwise.
fn panels(spec: &ChartSpec, ysplit: Option<&str>, warnings: &mut Vec<String>) -> Vec<Panel> {
    let all = vec![Panel {
        title: None,
        series: (0..spec.series.len()).collect(),
    }];
    let splittable = matches!(
        spec.kind,
        ChartKind::Line | ChartKind::Area | ChartKind::Column | ChartKind::Bar
    );
    let split = match ysplit {
        Some(split @ ("panels" | "axes")) => split,
        _ => return all,
    };
    if !splittable {
        warnings.push(format!(
            "ysplit={split} applies to line, area, column and bar charts: '{}' is drawn in one \
             panel",
            spec.visualization
        ));
        return all;
    }
    if split == "axes" {
        warnings.push(
            "ysplit=axes is drawn as one panel per series, each with its own y axis".to_owned(),
        );
    }
    if spec.series.len() > MAX_PANELS {
        let left: Vec<&str> = spec.series[MAX_PANELS..]
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        warnings.push(format!(
            "ysplit draws at most {MAX_PANELS} panels: {} not drawn",
            left.join(", ")
        ));
    }
    if spec.series.is_empty() {
        return all;
    }
    spec.series
        .iter()
        .enumerate()
        .take(MAX_PANELS)
        .map(|(i, s)| Panel {
            title: Some(s.name.clone()),
            series: vec![i],
        })
        .collect()
}

/// The first row as `(column, text)` pairs, or `None` for an empty result.
fn first_row(columns: &[Column], batches: &[RecordBatch]) -> Option<Vec<(String, String)>> {
    let batch = batches.iter().find(|b| b.num_rows() > 0)?;
    Some(
        columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                (
                    c.name.clone(),
                    text(batch.column(i).as_ref(), 0, c.kql_type),
                )
            })
            .collect(),
    )
}

/// Every row as text.
fn table_data(columns: &[Column], batches: &[RecordBatch]) -> TableData {
    let mut rows = Vec::new();
    for batch in batches {
        for row in 0..batch.num_rows() {
            rows.push(
                columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| text(batch.column(i).as_ref(), row, c.kql_type))
                    .collect(),
            );
        }
    }
    TableData {
        columns: columns.iter().map(|c| c.name.clone()).collect(),
        rows,
    }
}

/// A hand-made chart for unit tests: series `a` = 1, 3 and `b` = 3, 2 over the categories
/// `p`, `q`, drawn as `kind` with `stacking`.
#[cfg(test)]
pub(crate) fn two_series(kind: ChartKind, stacking: Stacking) -> ChartSpec {
    let series = |name: &str, ys: [f64; 2]| Series {
        name: name.to_owned(),
        y_column: "y".to_owned(),
        points: ["p", "q"]
            .iter()
            .zip(ys)
            .map(|(x, y)| Point {
                x: XValue::Category((*x).to_owned()),
                y: Some(y),
            })
            .collect(),
    };
    ChartSpec {
        visualization: "columnchart".to_owned(),
        kind,
        stacking,
        x_column: Some("x".to_owned()),
        x_scale: XScale::Category,
        y_columns: vec!["y".to_owned()],
        series_columns: vec!["s".to_owned()],
        series: vec![series("a", [1.0, 3.0]), series("b", [3.0, 2.0])],
        categories: vec!["p".to_owned(), "q".to_owned()],
        panels: vec![Panel {
            title: None,
            series: vec![0, 1],
        }],
        title: None,
        x_title: "x".to_owned(),
        y_title: "y".to_owned(),
        legend: true,
        x_log: false,
        y_log: false,
        ymin: None,
        ymax: None,
        xmin: None,
        xmax: None,
        accumulate: false,
        card: Vec::new(),
        table: TableData::default(),
        warnings: Vec::new(),
    }
}
