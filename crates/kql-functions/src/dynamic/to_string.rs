//! `dynamic` → `string`: a JSON string gives its bare text, null gives `""`, a number its
//! KQL text, anything else its compact JSON text (Kusto: `tostring(parse_json('{"b":"x"}').b)`
//! is `x`, not `"x"`).

use super::json::{self, JsonKind};
use crate::udf::{Batch, udf};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, ScalarUDF};
use std::sync::Arc;

/// `kql_dynamic_to_string(d)`: the KQL `tostring` of a dynamic value.
pub fn dynamic_to_string_udf() -> Arc<ScalarUDF> {
    udf(
        "kql_dynamic_to_string",
        vec![DataType::Utf8],
        DataType::Utf8,
        to_string_batch,
    )
}

/// Appends the KQL string of a dynamic value's JSON text: a JSON string unquoted and
/// unescaped, `null` as nothing, anything else the text itself.
pub fn push_kql_string(out: &mut String, value: &str) {
    match json::kind(value) {
        JsonKind::String => match json::string_value(value) {
            Some(text) => out.push_str(&text),
            None => out.push_str(value),
        },
        JsonKind::Null => {}
        _ => out.push_str(value),
    }
}

fn to_string_batch(batch: &Batch) -> Result<ColumnarValue> {
    let values = batch.strings(0)?;
    batch.string_result(|row, out| {
        if let Some(v) = values.get(row) {
            push_kql_string(out, v);
        }
        true
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(v: &str) -> String {
        let mut out = String::new();
        push_kql_string(&mut out, v);
        out
    }

    #[test]
    fn strings_lose_their_quotes_and_escapes() {
        assert_eq!(text(r#""a\"b""#), "a\"b");
        assert_eq!(text("[1,2]"), "[1,2]");
        assert_eq!(text("null"), "");
        assert_eq!(text("12"), "12");
    }
}
