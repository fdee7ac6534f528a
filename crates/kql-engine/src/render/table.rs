//! A table for terminals (comfy-table), with the same cell text as CSV.

use super::value::write_cell;
use comfy_table::{ContentArrangement, Table, presets};
use datafusion::arrow::record_batch::RecordBatch;
use kql_planner::Column;
use std::io::Write;

/// Writes every row as one table.
pub(crate) fn write(
    columns: &[Column],
    batches: &[RecordBatch],
    out: &mut (dyn Write + Send),
) -> std::io::Result<()> {
    let (table, _) = build(columns, batches, usize::MAX);
    writeln!(out, "{table}")
}

/// The first `max_rows` rows as a table (header included, columns as wide as their text), and
/// how many rows it holds. Callers may still change its width and content arrangement (the
/// shell fits it to the terminal).
pub fn build(columns: &[Column], batches: &[RecordBatch], max_rows: usize) -> (Table, usize) {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(columns.iter().map(|c| c.name.as_str()));
    let mut shown = 0;
    'batches: for batch in batches {
        for row in 0..batch.num_rows() {
            if shown == max_rows {
                break 'batches;
            }
            let cells = (0..columns.len()).map(|i| {
                let mut cell = String::new();
                write_cell(
                    &mut cell,
                    batch.column(i).as_ref(),
                    row,
                    columns[i].kql_type,
                );
                cell
            });
            table.add_row(cells);
            shown += 1;
        }
    }
    (table, shown)
}
