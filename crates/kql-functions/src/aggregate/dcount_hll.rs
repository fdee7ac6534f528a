//! `dcount_hll(hll)`: the distinct count of an `hll()` / `hll_merge()` sketch (a scalar
//! function).

use super::common::hyperloglog::Sketch;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `dcount_hll`: see [`DOC`].
pub(crate) struct DcountHllFunc;

/// The reference entry of `dcount_hll`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "dcount_hll",
    aliases: &[],
    category: "aggregate",
    syntax: "dcount_hll(hll)",
    description: "A scalar function: the distinct count a sketch made by hll() or hll_merge() \
        holds, with dcount's accuracy (exact in the sketch's exact range). Null when the value \
        is not a sketch. An unnamed call's column is dcount_hll_<argument>.",
    returns: "long",
    examples: &[Example {
        query: r#"datatable(user:string)["a", "b", "a"] | summarize h = hll(user) | project dcount_hll(h)"#,
        output: "dcount_hll_h\n2",
    }],
};

impl KqlFunction for DcountHllFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("dcount_hll")
    }
    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [sketch] = crate::args::fixed(&DOC, args)?;
        let sketch = sketch.dynamic()?;
        let count = udf(
            "kql_dcount_hll",
            vec![DataType::Utf8],
            DataType::Int64,
            dcount_hll_batch,
        );
        Ok(TypedExpr::new(count.call(vec![sketch.expr]), KqlType::Long))
    }
}

fn dcount_hll_batch(batch: &Batch) -> Result<ColumnarValue> {
    let sketches = batch.strings(0)?;
    batch.primitive_result::<Int64Type>(|row| {
        Sketch::from_json(sketches.get(row)?).map(|s| s.count())
    })
}
