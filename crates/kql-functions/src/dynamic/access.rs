//! Element and member access on `dynamic` values: `arr[i]`, `bag["k"]`, `bag.k`.
//!
//! Internal UDFs (`kql_dynamic_index`, `kql_dynamic_member`), not KQL-callable names: the
//! planner emits them for KQL's `[…]` and `.` syntax.

use crate::args::{LongArg, StrArg, finish, rows};
use datafusion::arrow::array::StringBuilder;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use serde_json::Value;
use std::sync::Arc;

/// `kql_dynamic_index(d, i)`: element `i` of a JSON array (negative from the end), else null.
pub fn dynamic_index_udf() -> Arc<ScalarUDF> {
    Arc::new(ScalarUDF::from(DynamicAccess {
        by_key: false,
        signature: Signature::exact(vec![DataType::Utf8, DataType::Int64], Volatility::Immutable),
    }))
}

/// `kql_dynamic_member(d, k)`: member `k` of a JSON object, else null.
pub fn dynamic_member_udf() -> Arc<ScalarUDF> {
    Arc::new(ScalarUDF::from(DynamicAccess {
        by_key: true,
        signature: Signature::exact(vec![DataType::Utf8, DataType::Utf8], Volatility::Immutable),
    }))
}

/// Element access by index (`kql_dynamic_index`) or by key (`kql_dynamic_member`).
#[derive(Debug, PartialEq, Eq, Hash)]
struct DynamicAccess {
    by_key: bool,
    signature: Signature,
}

/// Element `index` of a JSON array text, negative counting from the end.
fn element(json: &str, index: i64) -> Option<Value> {
    let Ok(Value::Array(mut items)) = serde_json::from_str::<Value>(json) else {
        return None;
    };
    let len = i64::try_from(items.len()).ok()?;
    let at = if index < 0 { len + index } else { index };
    if (0..len).contains(&at) {
        Some(items.swap_remove(usize::try_from(at).ok()?))
    } else {
        None
    }
}

/// Member `key` of a JSON object text.
fn member(json: &str, key: &str) -> Option<Value> {
    let Ok(Value::Object(mut bag)) = serde_json::from_str::<Value>(json) else {
        return None;
    };
    bag.remove(key)
}

fn append(out: &mut StringBuilder, value: Option<Value>) {
    match value {
        None | Some(Value::Null) => out.append_null(),
        Some(v) => out.append_value(v.to_string()),
    }
}

impl ScalarUDFImpl for DynamicAccess {
    fn name(&self) -> &str {
        if self.by_key {
            "kql_dynamic_member"
        } else {
            "kql_dynamic_index"
        }
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (n, all_scalar) = rows(&args.args, args.number_rows);
        let json = StrArg::new(&args.args[0])?;
        let mut out = StringBuilder::with_capacity(n, n * 8);
        if self.by_key {
            let key = StrArg::new(&args.args[1])?;
            for row in 0..n {
                append(
                    &mut out,
                    json.get(row)
                        .zip(key.get(row))
                        .and_then(|(j, k)| member(j, k)),
                );
            }
        } else {
            let index = LongArg::new(&args.args[1])?;
            for row in 0..n {
                append(
                    &mut out,
                    json.get(row)
                        .zip(index.get(row))
                        .and_then(|(j, i)| element(j, i)),
                );
            }
        }
        finish(Arc::new(out.finish()), all_scalar)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_counts_from_either_end_and_is_null_out_of_range() {
        let a = r#"["a",2,[3]]"#;
        assert_eq!(element(a, 0), Some(Value::from("a")));
        assert_eq!(element(a, -1), Some(serde_json::json!([3])));
        assert_eq!(element(a, 3), None);
        assert_eq!(element(a, -4), None);
        assert_eq!(element(r#"{"a":1}"#, 0), None, "a bag has no index");
    }

    #[test]
    fn member_of_a_bag_only() {
        assert_eq!(
            member(r#"{"a":{"b":1}}"#, "a"),
            Some(serde_json::json!({"b":1}))
        );
        assert_eq!(member(r#"{"a":1}"#, "A"), None, "keys are case-sensitive");
        assert_eq!(member("[1]", "a"), None);
    }
}
