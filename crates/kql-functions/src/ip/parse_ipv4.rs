//! `parse_ipv4(ip)`: an IPv4 address as a long, masked by its prefix length.

use crate::args::fixed;
use crate::udf::{Batch, unary};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::Int64Type;
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `parse_ipv4`: see [`DOC`].
pub(crate) struct ParseIpv4Func;

/// The reference entry of `parse_ipv4`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "parse_ipv4",
    aliases: &[],
    category: "ip",
    syntax: "parse_ipv4(ip)",
    description: "The IPv4 address ip as a number (a.b.c.d is a·2^24 + b·2^16 + c·2^8 + d), \
        with the bits past its prefix length (192.168.1.1/24) cleared. Null when ip is not an \
        IPv4 address.",
    returns: "long; null when ip does not parse",
    examples: &[Example {
        query: "datatable(ip_string:string)['192.168.1.1', '192.168.1.1/24', '255.255.255.255/31'] | extend ip_long = parse_ipv4(ip_string)",
        output: "ip_string,ip_long\n192.168.1.1,3232235777\n192.168.1.1/24,3232235776\n255.255.255.255/31,4294967294",
    }],
};

impl KqlFunction for ParseIpv4Func {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [ip] = fixed(&DOC, args)?;
        let ip = crate::string::searchable(ip)?;
        Ok(unary("kql_parse_ipv4", ip, KqlType::Long, parse_batch))
    }
}

fn parse_batch(batch: &Batch) -> Result<ColumnarValue> {
    let ips = batch.strings(0)?;
    batch.primitive_result::<Int64Type>(|row| {
        let (address, _) = super::parse_ipv4_range(ips.get(row)?)?;
        Some(i64::from(address))
    })
}
