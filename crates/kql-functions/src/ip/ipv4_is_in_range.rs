//! `ipv4_is_in_range(Ipv4Address, Ipv4Range)`: whether an address is in a CIDR range.

use crate::args::fixed;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `ipv4_is_in_range`: see [`DOC`].
pub(crate) struct Ipv4IsInRangeFunc;

/// The reference entry of `ipv4_is_in_range`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "ipv4_is_in_range",
    aliases: &[],
    category: "ip",
    syntax: "ipv4_is_in_range(Ipv4Address, Ipv4Range)",
    description: "True when the IPv4 address is inside Ipv4Range, an address with an optional \
        prefix length (10.0.0.0/8; without one, the single address). Null when either does not \
        parse.",
    returns: "bool; null when an address does not parse",
    examples: &[Example {
        query: "datatable(ip_address:string, ip_range:string)['192.168.1.1', '192.168.1.1', '192.168.1.1', '192.168.1.255/24', '10.1.2.3', '10.0.0.0/16'] | extend result = ipv4_is_in_range(ip_address, ip_range)",
        output: "ip_address,ip_range,result\n192.168.1.1,192.168.1.1,true\n192.168.1.1,192.168.1.255/24,true\n10.1.2.3,10.0.0.0/16,false",
    }],
};

impl KqlFunction for Ipv4IsInRangeFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [address, range] = fixed(&DOC, args)?;
        let exprs = vec![
            crate::string::searchable(address)?.expr,
            crate::string::searchable(range)?.expr,
        ];
        let f = udf(
            "kql_ipv4_is_in_range",
            vec![DataType::Utf8, DataType::Utf8],
            DataType::Boolean,
            in_range_batch,
        );
        Ok(TypedExpr::new(f.call(exprs), KqlType::Bool))
    }
}

fn in_range_batch(batch: &Batch) -> Result<ColumnarValue> {
    let [address, range] = [batch.strings(0)?, batch.strings(1)?];
    batch.bool_result(|row| {
        let (a, _) = super::parse_ipv4_range(address.get(row)?)?;
        let (net, bits) = super::parse_ipv4_range(range.get(row)?)?;
        let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
        Some(a & mask == net)
    })
}
