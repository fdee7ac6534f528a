//! [`ChartError`]: why a result cannot be drawn as the chart its `render` asks for.

use std::path::PathBuf;

/// A chart that cannot be drawn or written.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// No column fits a role the chart needs.
    #[error("{visualization} needs {wanted} for its {role}: {columns}")]
    MissingColumn {
        /// The visualization (`timechart`, …).
        visualization: String,
        /// `x axis` or `y axis`.
        role: String,
        /// What would fit (`a datetime column`).
        wanted: String,
        /// The result's columns, described.
        columns: String,
    },
    /// A property names a column the result does not have.
    #[error("render's {property} names '{column}', which is not a column of the result: {columns}")]
    UnknownColumn {
        /// `xcolumn`, `ycolumns` or `series`.
        property: String,
        /// The name given.
        column: String,
        /// The result's columns, described.
        columns: String,
    },
    /// A property names a column of the wrong type for its role.
    #[error("{visualization} cannot use '{column}' ({found}) as {property}: it needs {expected}")]
    WrongType {
        /// The visualization.
        visualization: String,
        /// `xcolumn` or `ycolumns`.
        property: String,
        /// The column named.
        column: String,
        /// Its KQL type.
        found: String,
        /// What the role needs.
        expected: String,
    },
    /// A `make-series` row whose y array and x array differ in length.
    #[error(
        "row {row}: the x array '{x_column}' has {x_len} values but the y array '{y_column}' has {y_len}; make-series arrays are drawn point by point and must be as long"
    )]
    SeriesLength {
        /// The row, from 1.
        row: usize,
        /// The x column.
        x_column: String,
        /// Its length in that row.
        x_len: usize,
        /// The y column.
        y_column: String,
        /// Its length in that row.
        y_len: usize,
    },
    /// A card of an empty result.
    #[error("{visualization} shows the first row, and the result has no rows")]
    NoRows {
        /// The visualization.
        visualization: String,
    },
    /// `--chart FILE` whose extension names no chart format.
    #[error("cannot tell the chart format of '{}': name the file *.svg or *.html", .0.display())]
    UnknownFormat(PathBuf),
    /// `--chart-size` that is not `WIDTHxHEIGHT`.
    #[error("chart size '{0}' is not WIDTHxHEIGHT in pixels between 100 and 10000 (e.g. 1200x600)")]
    BadSize(String),
    /// The drawing library failed (a kqlake bug).
    #[error("internal error: drawing the chart failed: {0}")]
    Draw(String),
    /// The chart file cannot be written.
    #[error("cannot write chart '{}': {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}
