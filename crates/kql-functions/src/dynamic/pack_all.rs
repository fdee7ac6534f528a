//! `pack_all([ignore_null_empty])`: a property bag of every column of the row.
//!
//! Only the planner knows the input's columns: it calls this function with the flag (false
//! when absent) followed by each column's name and value, in the input's order.

use crate::json::push_json_string;
use crate::udf::{Batch, udf_with};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{Result, ScalarValue};
use datafusion::logical_expr::{ColumnarValue, Expr, Signature, Volatility};
use kql_syntax::KqlType;

/// `pack_all`: see [`DOC`].
pub(crate) struct PackAllFunc;

/// The reference entry of `pack_all`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "pack_all",
    aliases: &[],
    category: "dynamic",
    syntax: "pack_all([ignore_null_empty])",
    description: "A property bag of the row: each column of the operator's input under its \
        name, in column order (values as bag_pack writes them). With ignore_null_empty (a \
        constant bool, default false) true, columns whose value is null or an empty string \
        are left out.",
    returns: "dynamic (a property bag)",
    examples: &[Example {
        query: "datatable(Source: string, Target: string, CharsCount: long) ['555-1313', '', 42, '', '555-3456', 74] | extend Packed = pack_all(), PackedIgnoreNullEmpty = pack_all(true) | project Packed, PackedIgnoreNullEmpty",
        output: "Packed,PackedIgnoreNullEmpty\n\"{\"\"Source\"\":\"\"555-1313\"\",\"\"Target\"\":\"\"\"\",\"\"CharsCount\"\":42}\",\"{\"\"Source\"\":\"\"555-1313\"\",\"\"CharsCount\"\":42}\"\n\"{\"\"Source\"\":\"\"\"\",\"\"Target\"\":\"\"555-3456\"\",\"\"CharsCount\"\":74}\",\"{\"\"Target\"\":\"\"555-3456\"\",\"\"CharsCount\"\":74}\"",
    }],
};

impl KqlFunction for PackAllFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let mut args = args.into_iter();
        let ignore_empty = match args.next().map(|flag| flag.expr) {
            Some(Expr::Literal(ScalarValue::Boolean(Some(b)), _)) => b,
            _ => {
                return Err(FunctionError::arg(
                    &DOC,
                    0,
                    "'ignore_null_empty' must be a constant bool",
                ));
            }
        };
        let rest: Vec<TypedExpr> = args.collect();
        let mut exprs = Vec::with_capacity(rest.len());
        for (i, arg) in rest.into_iter().enumerate() {
            exprs.push(if i % 2 == 0 {
                arg.expr
            } else {
                crate::conversion::to_json(arg)
            });
        }
        if exprs.is_empty() {
            return Ok(TypedExpr::new(
                datafusion::logical_expr::lit("{}"),
                KqlType::Dynamic,
            ));
        }
        let (name, body): (_, crate::udf::UdfBody) = if ignore_empty {
            ("kql_pack_all_nonempty", pack_nonempty_batch)
        } else {
            ("kql_pack_all", pack_batch)
        };
        let pack = udf_with(
            name,
            Signature::variadic(vec![DataType::Utf8], Volatility::Immutable),
            DataType::Utf8,
            body,
        );
        Ok(TypedExpr::new(pack.call(exprs), KqlType::Dynamic))
    }
}

fn pack(batch: &Batch, ignore_empty: bool) -> Result<ColumnarValue> {
    let columns = batch.all_strings()?;
    let pairs: Vec<_> = columns.chunks(2).collect();
    batch.string_result(|row, out| {
        out.push('{');
        let mut first = true;
        for pair in &pairs {
            let [key, value] = pair else { continue };
            let value = value.get(row).unwrap_or("null");
            if ignore_empty && (value == "null" || value == "\"\"") {
                continue;
            }
            if !first {
                out.push(',');
            }
            first = false;
            push_json_string(out, key.get(row).unwrap_or(""));
            out.push(':');
            out.push_str(value);
        }
        out.push('}');
        true
    })
}

fn pack_batch(batch: &Batch) -> Result<ColumnarValue> {
    pack(batch, false)
}

fn pack_nonempty_batch(batch: &Batch) -> Result<ColumnarValue> {
    pack(batch, true)
}
