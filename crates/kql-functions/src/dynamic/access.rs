//! Element and member access on `dynamic` values: `arr[i]`, `bag["k"]`, `bag.k`.
//!
//! Internal UDFs (`kql_dynamic_index`, `kql_dynamic_member`), not KQL-callable names: the
//! planner emits them for KQL's `[…]` and `.` syntax. Each borrows the selected part of the
//! JSON text (`json::member`, `json::element`) and copies it once, into the result.

use crate::json;
use crate::udf::{Batch, udf};
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, ScalarUDF};
use std::sync::Arc;

/// `kql_dynamic_index(d, i)`: element `i` of a JSON array (negative from the end), else null.
pub fn dynamic_index_udf() -> Arc<ScalarUDF> {
    udf(
        "kql_dynamic_index",
        vec![DataType::Utf8, DataType::Int64],
        DataType::Utf8,
        index_batch,
    )
}

/// `kql_dynamic_member(d, k)`: member `k` of a JSON object, else null.
pub fn dynamic_member_udf() -> Arc<ScalarUDF> {
    udf(
        "kql_dynamic_member",
        vec![DataType::Utf8, DataType::Utf8],
        DataType::Utf8,
        member_batch,
    )
}

/// Appends a selected part; JSON `null` is a null cell.
fn select(out: &mut String, part: Option<&str>) -> bool {
    match part {
        Some(p) if json::kind(p) != json::JsonKind::Null => {
            out.push_str(p);
            true
        }
        _ => false,
    }
}

fn index_batch(batch: &Batch) -> Result<ColumnarValue> {
    let values = batch.strings(0)?;
    let index = batch.primitives::<Int64Type>(1)?;
    batch.string_result(|row, out| {
        let part = values
            .get(row)
            .zip(index.get(row))
            .and_then(|(v, i)| json::element(v, i));
        select(out, part)
    })
}

fn member_batch(batch: &Batch) -> Result<ColumnarValue> {
    let values = batch.strings(0)?;
    let key = batch.strings(1)?;
    batch.string_result(|row, out| {
        let part = values
            .get(row)
            .zip(key.get(row))
            .and_then(|(v, k)| json::member(v, k));
        select(out, part)
    })
}
