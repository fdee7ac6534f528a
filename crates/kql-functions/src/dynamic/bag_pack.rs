//! `bag_pack(key1, value1, key2, value2, …)` (aliases `pack`, `pack_dictionary`): a dynamic
//! property bag from keys and values.

use crate::args::variadic;
use crate::json::push_json_string;
use crate::udf::{Batch, udf_with};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, Signature, Volatility};
use kql_syntax::KqlType;

/// `bag_pack`: see [`DOC`].
pub(crate) struct BagPackFunc;

/// The reference entry of `bag_pack`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "bag_pack",
    aliases: &["pack", "pack_dictionary"],
    category: "dynamic",
    syntax: "bag_pack(key1, value1, key2, value2, …)",
    description: "A property bag holding each value under its key. Keys are strings; values \
        are any scalar or dynamic value (a null value is kept as null, a datetime or timespan \
        becomes its canonical text, as Kusto serializes it). A key given twice keeps its \
        last value.",
    returns: "dynamic (a property bag)",
    examples: &[
        Example {
            query: r#"print bag_pack("Level", "Information", "ProcessID", 1234, "Data", bag_pack("url", "www.bing.com"))"#,
            output: "print_0\n\"{\"\"Level\"\":\"\"Information\"\",\"\"ProcessID\"\":1234,\"\"Data\"\":{\"\"url\"\":\"\"www.bing.com\"\"}}\"",
        },
        Example {
            query: r#"datatable(Destination:int, Message:string)[int(100), "Hi", int(200), "Hello"] | extend MyBag = pack("Dest", Destination, "Text", Message) | project MyBag_Dest = tolong(MyBag.Dest), MyBag_Text = tostring(MyBag.Text)"#,
            output: "MyBag_Dest,MyBag_Text\n100,Hi\n200,Hello",
        },
    ],
};

impl KqlFunction for BagPackFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let count = args.len();
        let args = variadic(&DOC, args, 2..=usize::MAX)?;
        if count % 2 == 1 {
            return Err(FunctionError::call(
                &DOC,
                format!("expected keys and values in pairs, found {count} arguments"),
            ));
        }
        let mut exprs = Vec::with_capacity(count);
        for (i, arg) in args.into_iter().enumerate() {
            exprs.push(if i % 2 == 0 {
                arg.string()?.expr
            } else {
                crate::conversion::to_json(arg.any())
            });
        }
        let pack = udf_with(
            "kql_bag_pack",
            Signature::variadic(vec![DataType::Utf8], Volatility::Immutable),
            DataType::Utf8,
            bag_pack_batch,
        );
        Ok(TypedExpr::new(pack.call(exprs), KqlType::Dynamic))
    }
}

fn bag_pack_batch(batch: &Batch) -> Result<ColumnarValue> {
    let columns = batch.all_strings()?;
    let pairs: Vec<_> = columns.chunks(2).collect();
    batch.string_result(|row, out| {
        out.push('{');
        let mut first = true;
        for (i, pair) in pairs.iter().enumerate() {
            let [key, value] = pair else { continue };
            let key = key.get(row).unwrap_or("");
            // A later pair with the same key wins.
            let repeated = pairs[i + 1..]
                .iter()
                .any(|later| later.first().and_then(|k| k.get(row)).unwrap_or("") == key);
            if repeated {
                continue;
            }
            if !first {
                out.push(',');
            }
            first = false;
            push_json_string(out, key);
            out.push(':');
            out.push_str(value.get(row).unwrap_or("null"));
        }
        out.push('}');
        true
    })
}
