//! `strcmp(string1, string2)`: the ordinal comparison of two strings, as -1, 0 or 1.

use crate::args::fixed;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Int32Type};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;
use std::cmp::Ordering;

/// `strcmp`: see [`DOC`].
pub(crate) struct StrcmpFunc;

/// The reference entry of `strcmp`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "strcmp",
    aliases: &[],
    category: "string",
    syntax: "strcmp(string1, string2)",
    description: "Compares two strings character by character (case-sensitive, by code point): \
        -1 when string1 sorts first, 0 when they are equal, 1 when string2 sorts first; a \
        string that is a prefix of the other sorts first.",
    returns: "int",
    examples: &[Example {
        query: r#"print a = strcmp("ABC", "ABC"), b = strcmp("abc", "ABC"), c = strcmp("ABC", "abc"), d = strcmp("abcde", "abc")"#,
        output: "a,b,c,d\n0,1,-1,1",
    }],
};

impl KqlFunction for StrcmpFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [a, b] = fixed(&DOC, args)?;
        let exprs = vec![a.string()?.expr, b.string()?.expr];
        let f = udf(
            "kql_strcmp",
            vec![DataType::Utf8; 2],
            DataType::Int32,
            strcmp_batch,
        );
        Ok(TypedExpr::new(f.call(exprs), KqlType::Int))
    }
}

fn strcmp_batch(batch: &Batch) -> Result<ColumnarValue> {
    let a = batch.strings(0)?;
    let b = batch.strings(1)?;
    batch.primitive_result::<Int32Type>(|row| {
        // UTF-8 byte order is code point order.
        Some(
            match a.get(row).unwrap_or("").cmp(b.get(row).unwrap_or("")) {
                Ordering::Less => -1,
                Ordering::Equal => 0,
                Ordering::Greater => 1,
            },
        )
    })
}
