//! `array_iff(condition_array, when_true, when_false)` (alias `array_iif`): an element-wise
//! `iff` over an array of conditions.

use super::push_array;
use crate::args::fixed;
use crate::json::{JsonKind, element, elements, kind};
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, lit};
use kql_syntax::KqlType;

/// `array_iff`: see [`DOC`].
pub(crate) struct ArrayIffFunc;

/// The reference entry of `array_iff`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "array_iff",
    aliases: &["array_iif"],
    category: "dynamic",
    syntax: "array_iff(condition_array, when_true, when_false)",
    description: "An array as long as condition_array whose element i is element i of \
        when_true where condition i is true (a bool true, or a number other than 0) and of \
        when_false where it is false; null where the condition is neither a bool nor a number. \
        A when_true or when_false that is not an array stands for every element; one shorter \
        than condition_array gives null past its end. Null when condition_array is not an \
        array.",
    returns: "dynamic (an array)",
    examples: &[Example {
        query: r#"print a = array_iff(dynamic([true,false,true]), dynamic([1,2,3]), dynamic([4,5,6])), b = array_iff(dynamic([1,0,50]), "yes", "no"), c = array_iff(dynamic(["s", null]), 1, 0)"#,
        output: "a,b,c\n\"[1,5,3]\",\"[\"\"yes\"\",\"\"no\"\",\"\"yes\"\"]\",\"[null,null]\"",
    }],
};

impl KqlFunction for ArrayIffFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [condition, when_true, when_false] = fixed(&DOC, args)?;
        // Argument 3 and 4 say whether when_true and when_false are dynamic (arrays are
        // indexed; a scalar stands for every element).
        let is_dynamic = |arg: &crate::args::Arg| lit(arg.kql_type() == KqlType::Dynamic);
        let (true_dynamic, false_dynamic) = (is_dynamic(&when_true), is_dynamic(&when_false));
        let exprs = vec![
            condition.dynamic()?.expr,
            crate::conversion::to_json(when_true.any()),
            crate::conversion::to_json(when_false.any()),
            true_dynamic,
            false_dynamic,
        ];
        let f = udf(
            "kql_array_iff",
            vec![
                DataType::Utf8,
                DataType::Utf8,
                DataType::Utf8,
                DataType::Boolean,
                DataType::Boolean,
            ],
            DataType::Utf8,
            array_iff_batch,
        );
        Ok(TypedExpr::new(f.call(exprs), KqlType::Dynamic))
    }
}

/// Element `i` of a branch: of the array, or the value itself when it is not one.
fn pick(value: &str, dynamic: bool, i: usize) -> &str {
    if dynamic && kind(value) == JsonKind::Array {
        i64::try_from(i)
            .ok()
            .and_then(|i| element(value, i))
            .unwrap_or("null")
    } else {
        value
    }
}

fn array_iff_batch(batch: &Batch) -> Result<ColumnarValue> {
    let conditions = batch.strings(0)?;
    let [when_true, when_false] = [batch.strings(1)?, batch.strings(2)?];
    let [true_dynamic, false_dynamic] = [batch.bools(3)?, batch.bools(4)?];
    batch.string_result(|row, out| {
        let Some(conditions) = conditions.get(row).and_then(elements) else {
            return false;
        };
        let (t, f) = (
            when_true.get(row).unwrap_or("null"),
            when_false.get(row).unwrap_or("null"),
        );
        let (td, fd) = (
            true_dynamic.get(row).unwrap_or(false),
            false_dynamic.get(row).unwrap_or(false),
        );
        push_array(
            out,
            conditions.iter().enumerate().map(|(i, c)| match kind(c) {
                JsonKind::Bool if *c == "true" => pick(t, td, i),
                JsonKind::Bool => pick(f, fd, i),
                JsonKind::Number => match c.parse::<f64>() {
                    Ok(x) if x != 0.0 => pick(t, td, i),
                    Ok(_) => pick(f, fd, i),
                    Err(_) => "null",
                },
                _ => "null",
            }),
        );
        true
    })
}
