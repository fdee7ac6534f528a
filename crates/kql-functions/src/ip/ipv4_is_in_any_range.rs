//! `ipv4_is_in_any_range(Ipv4Address, Ipv4Range [, Ipv4Range …])`: whether an address is in
//! any of several CIDR ranges.

use crate::args::{Arg, variadic};
use crate::json::{JsonKind, elements, kind, string_value};
use crate::udf::{Batch, udf_with};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, Expr, Signature, Volatility};
use kql_syntax::KqlType;

/// `ipv4_is_in_any_range`: see [`DOC`].
pub(crate) struct Ipv4IsInAnyRangeFunc;

/// The reference entry of `ipv4_is_in_any_range`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "ipv4_is_in_any_range",
    aliases: &[],
    category: "ip",
    syntax: "ipv4_is_in_any_range(Ipv4Address, Ipv4Range [, Ipv4Range …])",
    description: "True when the IPv4 address is inside any of the ranges (addresses with an \
        optional prefix length, as ipv4_is_in_range reads them); each argument after the \
        address is a range or a dynamic array of ranges. Null when the address or a range does \
        not parse.",
    returns: "bool; null when an address does not parse",
    examples: &[Example {
        query: r#"print a = ipv4_is_in_any_range('192.168.1.6', '192.168.1.1/24', '10.0.0.1/8', '127.1.0.1/16'), b = ipv4_is_in_any_range("127.0.0.1", dynamic(["127.0.0.1", "192.168.1.1"])), c = ipv4_is_in_any_range('1.1.1.1', dynamic(["10.0.0.1/8"]))"#,
        output: "a,b,c\ntrue,true,false",
    }],
};

impl KqlFunction for Ipv4IsInAnyRangeFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let mut args = variadic(&DOC, args, 2..=usize::MAX)?.into_iter();
        let address = args.next().expect("variadic checked two arguments");
        let mut exprs = vec![crate::string::searchable(address)?.expr];
        for arg in args {
            exprs.push(range_json(arg)?);
        }
        let f = udf_with(
            "kql_ipv4_is_in_any_range",
            Signature::variadic(vec![DataType::Utf8], Volatility::Immutable),
            DataType::Boolean,
            in_any_range_batch,
        );
        Ok(TypedExpr::new(f.call(exprs), KqlType::Bool))
    }
}

/// A range argument as JSON: a string as a JSON string, a dynamic array as is.
fn range_json(arg: Arg) -> Result<Expr, FunctionError> {
    match arg.kql_type() {
        KqlType::Dynamic => Ok(crate::conversion::to_json(arg.any())),
        _ => Ok(crate::conversion::to_json(arg.string()?)),
    }
}

fn in_any_range_batch(batch: &Batch) -> Result<ColumnarValue> {
    let columns = batch.all_strings()?;
    batch.bool_result(|row| {
        let (address, _) = super::parse_ipv4_range(columns[0].get(row)?)?;
        let mut inside = false;
        for column in &columns[1..] {
            let json = column.get(row)?;
            let ranges = match kind(json) {
                JsonKind::String => vec![string_value(json)?],
                JsonKind::Array => elements(json)?
                    .into_iter()
                    .map(string_value)
                    .collect::<Option<Vec<_>>>()?,
                _ => return None,
            };
            for range in ranges {
                let (net, bits) = super::parse_ipv4_range(&range)?;
                let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
                inside |= address & mask == net;
            }
        }
        Some(inside)
    })
}
