//! `bag_keys(object)`: the root keys of a dynamic property bag, as a dynamic array.

use crate::args::fixed;
use crate::json::{entries, push_json_string_array};
use crate::udf::{Batch, unary};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `bag_keys`: see [`DOC`].
pub(crate) struct BagKeysFunc;

/// The reference entry of `bag_keys`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "bag_keys",
    aliases: &[],
    category: "dynamic",
    syntax: "bag_keys(object)",
    description: "The root keys of the property bag object, as an array of strings. Kusto \
        leaves their order undetermined; kqlake gives them in the bag's own order. Null when \
        object is not a property bag (an array, a scalar or null); an empty bag gives [].",
    returns: "dynamic (an array of strings); null when object is not a property bag",
    examples: &[Example {
        query: r#"print a = bag_keys(dynamic({"a": "b", "c": {"d": 123}})), b = bag_keys(dynamic({})), c = isnull(bag_keys(dynamic([])))"#,
        output: "a,b,c\n\"[\"\"a\"\",\"\"c\"\"]\",[],true",
    }],
};

impl KqlFunction for BagKeysFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [object] = fixed(&DOC, args)?;
        Ok(unary(
            "kql_bag_keys",
            object.dynamic()?,
            KqlType::Dynamic,
            bag_keys_batch,
        ))
    }
}

fn bag_keys_batch(batch: &Batch) -> Result<ColumnarValue> {
    let values = batch.strings(0)?;
    batch.string_result(|row, out| {
        let Some(entries) = values.get(row).and_then(entries) else {
            return false;
        };
        push_json_string_array(out, entries.iter().map(|(key, _)| key.as_ref()));
        true
    })
}
