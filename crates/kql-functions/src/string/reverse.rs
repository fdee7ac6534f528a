//! `reverse(value)`: a string's characters in reverse order.

use crate::args::fixed;
use crate::udf::{Batch, unary};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `reverse`: see [`DOC`].
pub(crate) struct ReverseFunc;

/// The reference entry of `reverse`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "reverse",
    aliases: &[],
    category: "string",
    syntax: "reverse(value)",
    description: "value's characters (Unicode code points) in reverse order; a non-string is \
        converted with tostring() first, so a datetime reverses its canonical text.",
    returns: "string",
    examples: &[Example {
        query: "print rint = reverse(12345), rdouble = reverse(123.45), rdatetime = reverse(datetime(2017-10-15 12:00)), rtimespan = reverse(3h)",
        output: "rint,rdouble,rdatetime,rtimespan\n54321,54.321,Z0000000.00:00:21T51-01-7102,00:00:30",
    }],
};

impl KqlFunction for ReverseFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [value] = fixed(&DOC, args)?;
        Ok(unary(
            "kql_reverse",
            value.text(),
            KqlType::String,
            reverse_batch,
        ))
    }
}

fn reverse_batch(batch: &Batch) -> Result<ColumnarValue> {
    let values = batch.strings(0)?;
    batch.string_result(|row, out| {
        out.extend(values.get(row).unwrap_or("").chars().rev());
        true
    })
}
