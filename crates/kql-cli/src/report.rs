//! The exit codes, defined here once, and the `render:` line; the messages with carets under
//! the query are drawn by `kql_engine::messages`, which the shell shares.

pub(crate) use kql_engine::messages::{render_diagnostic, render_engine_error, scan_warnings};

/// Success, including an empty result.
pub(crate) const EXIT_OK: i32 = 0;
/// A query or data error.
pub(crate) const EXIT_QUERY_ERROR: i32 = 1;

/// The line `kql query` prints on stderr for a query ending in `render`: `render: timechart`,
/// or with the properties given, `render: timechart (title="Load", ycolumns=a, b)`.
pub(crate) fn render_line(visualization: &kql_engine::Visualization) -> String {
    let properties = visualization.describe_properties();
    if properties.is_empty() {
        format!("render: {}", visualization.visualization)
    } else {
        format!(
            "render: {} ({})",
            visualization.visualization,
            properties.join(", ")
        )
    }
}
