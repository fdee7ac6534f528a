//! `ipv4_is_private(ip)`: whether an IPv4 address is in a private network range.

use crate::args::fixed;
use crate::udf::{Batch, unary};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `ipv4_is_private`: see [`DOC`].
pub(crate) struct Ipv4IsPrivateFunc;

/// The reference entry of `ipv4_is_private`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "ipv4_is_private",
    aliases: &[],
    category: "ip",
    syntax: "ipv4_is_private(ip)",
    description: "True when the IPv4 address ip is in one of the private ranges 10.0.0.0/8, \
        172.16.0.0/12 and 192.168.0.0/16 (127.0.0.1 is not private). With a prefix length \
        (192.168.1.1/24), the whole masked range must lie in a private range. Null when ip is \
        not an IPv4 address.",
    returns: "bool; null when ip does not parse",
    examples: &[Example {
        query: r#"datatable(ip_string:string)['10.1.2.3', '192.168.1.1/24', '127.0.0.1', 'not an ip'] | extend result = ipv4_is_private(ip_string)"#,
        output: "ip_string,result\n10.1.2.3,true\n192.168.1.1/24,true\n127.0.0.1,false\nnot an ip,",
    }],
};

/// The private ranges (RFC 1918): first address and prefix length.
const PRIVATE: [(u32, u32); 3] = [(0x0A00_0000, 8), (0xAC10_0000, 12), (0xC0A8_0000, 16)];

impl KqlFunction for Ipv4IsPrivateFunc {
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
        Ok(unary(
            "kql_ipv4_is_private",
            ip,
            KqlType::Bool,
            private_batch,
        ))
    }
}

/// True when the range `(first, prefix)` lies inside a private range.
fn is_private(first: u32, prefix: u32) -> bool {
    PRIVATE.iter().any(|&(net, bits)| {
        let mask = u32::MAX << (32 - bits);
        prefix >= bits && first & mask == net
    })
}

fn private_batch(batch: &Batch) -> Result<ColumnarValue> {
    let ips = batch.strings(0)?;
    batch.bool_result(|row| {
        let (first, prefix) = super::parse_ipv4_range(ips.get(row)?)?;
        Some(is_private(first, prefix))
    })
}
