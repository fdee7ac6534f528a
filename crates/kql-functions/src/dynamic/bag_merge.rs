//! `bag_merge(bag1, bag2 [, …])`: property bags merged, the leftmost value of a key winning.

use crate::args::variadic;
use crate::json::{entries, push_json_string};
use crate::udf::{Batch, udf_with};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, Signature, Volatility};
use kql_syntax::KqlType;

/// `bag_merge`: see [`DOC`].
pub(crate) struct BagMergeFunc;

/// The reference entry of `bag_merge`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "bag_merge",
    aliases: &[],
    category: "dynamic",
    syntax: "bag_merge(bag1, bag2 [, …])",
    description: "One property bag with the keys of 2 to 64 bags; a key in several bags takes \
        the value of the leftmost. Arguments that are not bags (null included) add nothing \
        (kqlake's choice).",
    returns: "dynamic (a property bag)",
    examples: &[Example {
        query: "print result = bag_merge(dynamic({'A1':12, 'B1':2, 'C1':3}), dynamic({'A2':81, 'B2':82, 'A1':1}))",
        output: "result\n\"{\"\"A1\"\":12,\"\"B1\"\":2,\"\"C1\"\":3,\"\"A2\"\":81,\"\"B2\"\":82}\"",
    }],
};

impl KqlFunction for BagMergeFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let bags = variadic(&DOC, args, 2..=64)?
            .into_iter()
            .map(|a| a.dynamic().map(|d| d.expr))
            .collect::<Result<Vec<_>, _>>()?;
        let signature = Signature::variadic(vec![DataType::Utf8], Volatility::Immutable);
        let f = udf_with("kql_bag_merge", signature, DataType::Utf8, merge_batch);
        Ok(TypedExpr::new(f.call(bags), KqlType::Dynamic))
    }
}

fn merge_batch(batch: &Batch) -> Result<ColumnarValue> {
    let bags = batch.all_strings()?;
    batch.string_result(|row, out| {
        let mut seen: Vec<String> = Vec::new();
        out.push('{');
        for bag in &bags {
            for (key, value) in bag.get(row).and_then(entries).unwrap_or_default() {
                if seen.iter().any(|k| *k == key) {
                    continue;
                }
                if !seen.is_empty() {
                    out.push(',');
                }
                push_json_string(out, &key);
                out.push(':');
                out.push_str(value);
                seen.push(key.into_owned());
            }
        }
        out.push('}');
        true
    })
}
