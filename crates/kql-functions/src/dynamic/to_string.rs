//! `dynamic` → `string`: a JSON string gives its bare text, null gives `""`, anything else its
//! compact JSON text (Kusto: `tostring(parse_json('{"b":"x"}').b)` is `x`, not `"x"`).

use crate::args::{StrArg, finish, rows};
use datafusion::arrow::array::StringBuilder;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use std::borrow::Cow;
use std::sync::Arc;

/// `kql_dynamic_to_string(d)`: the KQL `tostring` of a dynamic value.
pub fn dynamic_to_string_udf() -> Arc<ScalarUDF> {
    Arc::new(ScalarUDF::from(DynamicToString {
        signature: Signature::exact(vec![DataType::Utf8], Volatility::Immutable),
    }))
}

/// The KQL string of a JSON text: a JSON string unquoted and unescaped, else the text itself.
pub fn json_to_kql_string(json: &str) -> Cow<'_, str> {
    if json.starts_with('"') {
        match serde_json::from_str::<Cow<'_, str>>(json) {
            Ok(s) => s,
            Err(_) => Cow::Borrowed(json),
        }
    } else if json == "null" {
        Cow::Borrowed("")
    } else {
        Cow::Borrowed(json)
    }
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct DynamicToString {
    signature: Signature,
}

impl ScalarUDFImpl for DynamicToString {
    fn name(&self) -> &str {
        "kql_dynamic_to_string"
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
        for row in 0..n {
            match json.get(row) {
                Some(j) => out.append_value(json_to_kql_string(j)),
                None => out.append_value(""),
            }
        }
        finish(Arc::new(out.finish()), all_scalar)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_lose_their_quotes_and_escapes() {
        assert_eq!(json_to_kql_string(r#""a\"b""#), "a\"b");
        assert_eq!(json_to_kql_string("[1,2]"), "[1,2]");
        assert_eq!(json_to_kql_string("null"), "");
        assert_eq!(json_to_kql_string("12"), "12");
    }
}
