//! `jaccard_index(set1, set2)`: the size of two sets' intersection over that of their union.

use crate::args::fixed;
use crate::json::{elements, json_equal};
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Float64Type};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `jaccard_index`: see [`DOC`].
pub(crate) struct JaccardIndexFunc;

/// The reference entry of `jaccard_index`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "jaccard_index",
    aliases: &[],
    category: "dynamic",
    syntax: "jaccard_index(set1, set2)",
    description: "|set1 ∩ set2| / |set1 ∪ set2| of two arrays taken as sets (duplicates \
        ignored; elements equal as set_union compares them: 1 equals 1.0). Null when an \
        argument is not an array; two empty sets give null (0 / 0, kqlake's choice).",
    returns: "real",
    examples: &[Example {
        query: "print set1 = dynamic([1,2,3]), set2 = dynamic([1,2,3,4]) | extend jaccard = jaccard_index(set1, set2)",
        output: "set1,set2,jaccard\n\"[1,2,3]\",\"[1,2,3,4]\",0.75",
    }],
};

impl KqlFunction for JaccardIndexFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [set1, set2] = fixed(&DOC, args)?;
        let f = udf(
            "kql_jaccard_index",
            vec![DataType::Utf8, DataType::Utf8],
            DataType::Float64,
            jaccard_batch,
        );
        Ok(TypedExpr::new(
            f.call(vec![set1.dynamic()?.expr, set2.dynamic()?.expr]),
            KqlType::Real,
        ))
    }
}

/// The distinct elements of `items`.
fn distinct(items: Vec<&str>) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::with_capacity(items.len());
    for item in items {
        if !out.iter().any(|o| json_equal(o, item)) {
            out.push(item);
        }
    }
    out
}

fn jaccard_batch(batch: &Batch) -> Result<ColumnarValue> {
    let [a, b] = [batch.strings(0)?, batch.strings(1)?];
    batch.primitive_result::<Float64Type>(|row| {
        let a = distinct(a.get(row).and_then(elements)?);
        let b = distinct(b.get(row).and_then(elements)?);
        let common = a
            .iter()
            .filter(|x| b.iter().any(|y| json_equal(x, y)))
            .count();
        let union = a.len() + b.len() - common;
        (union > 0).then(|| common as f64 / union as f64)
    })
}
