//! `bag_has_key(bag, key)`: whether a property bag has a key (a JSONPath `$.a.b` for nested
//! keys).

use crate::args::fixed;
use crate::json::member;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `bag_has_key`: see [`DOC`].
pub(crate) struct BagHasKeyFunc;

/// The reference entry of `bag_has_key`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "bag_has_key",
    aliases: &[],
    category: "dynamic",
    syntax: "bag_has_key(bag, key)",
    description: "True when the property bag has key (even with a null value). A key starting \
        with $. is a JSONPath of member names ($.key2.prop1); array indexing in it is not \
        supported and never matches. Null when bag is not a property bag.",
    returns: "bool",
    examples: &[Example {
        query: "print a = bag_has_key(dynamic({'key1': 123, 'key2': 'abc'}), 'key2'), b = bag_has_key(dynamic({'key1': 123, 'key3': 'abc'}), 'key2'), c = bag_has_key(dynamic({'key1': 123, 'key2': {'prop1': 'abc'}}), '$.key2.prop1')",
        output: "a,b,c\ntrue,false,true",
    }],
};

impl KqlFunction for BagHasKeyFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [bag, key] = fixed(&DOC, args)?;
        let f = udf(
            "kql_bag_has_key",
            vec![DataType::Utf8, DataType::Utf8],
            DataType::Boolean,
            has_key_batch,
        );
        Ok(TypedExpr::new(
            f.call(vec![bag.dynamic()?.expr, key.string()?.expr]),
            KqlType::Bool,
        ))
    }
}

/// Whether the bag text `bag` has the member path `key`.
fn has_key(bag: &str, key: &str) -> Option<bool> {
    if crate::json::kind(bag) != crate::json::JsonKind::Object {
        return None;
    }
    let path: Vec<&str> = match key.strip_prefix("$.") {
        Some(path) => path.split('.').collect(),
        None => vec![key],
    };
    let mut current = bag;
    for name in path {
        match member(current, name) {
            Some(next) => current = next,
            None => return Some(false),
        }
    }
    Some(true)
}

fn has_key_batch(batch: &Batch) -> Result<ColumnarValue> {
    let [bags, keys] = [batch.strings(0)?, batch.strings(1)?];
    batch.bool_result(|row| has_key(bags.get(row)?, keys.get(row).unwrap_or("")))
}
