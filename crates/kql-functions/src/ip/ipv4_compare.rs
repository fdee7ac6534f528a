//! `ipv4_compare(Expr1, Expr2 [, PrefixMask])` and `ipv4_is_match(ip1, ip2 [, prefix])`:
//! IPv4 addresses compared on their leading bits.
//!
//! The bits compared are the fewest of the two addresses' own prefixes (`/24`) and the
//! optional argument: `ipv4_compare('192.168.1.1/30', '192.168.1.255/24')` compares 24 bits.

use crate::args::optional;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, lit};
use kql_syntax::KqlType;

/// `ipv4_compare` or `ipv4_is_match`: see each `DOC`.
pub(crate) struct Ipv4CompareFunc {
    doc: &'static FunctionDoc,
    /// `ipv4_is_match` (equal or not) rather than `ipv4_compare` (-1, 0, 1).
    is_match: bool,
}

/// `ipv4_compare`.
pub(crate) const IPV4_COMPARE: Ipv4CompareFunc = Ipv4CompareFunc {
    doc: &IPV4_COMPARE_DOC,
    is_match: false,
};
/// `ipv4_is_match`.
pub(crate) const IPV4_IS_MATCH: Ipv4CompareFunc = Ipv4CompareFunc {
    doc: &IPV4_IS_MATCH_DOC,
    is_match: true,
};

const IPV4_COMPARE_DOC: FunctionDoc = FunctionDoc {
    name: "ipv4_compare",
    aliases: &[],
    category: "ip",
    syntax: "ipv4_compare(Expr1, Expr2 [, PrefixMask])",
    description: "0 when two IPv4 addresses are equal on their leading bits, 1 when the first \
        is greater, -1 when it is less. The bits compared are the fewest of each address's \
        own prefix length (192.168.1.1/24) and PrefixMask (0 to 32). Null when an address \
        does not parse or PrefixMask is out of range.",
    returns: "long; null when an address does not parse",
    examples: &[Example {
        query: "print a = ipv4_compare('192.168.1.1/30', '192.168.1.255/24'), b = ipv4_compare('192.168.1.1', '192.168.1.0', 31), c = ipv4_compare('192.168.1.1', '192.168.1.255'), d = ipv4_compare('10.0.0.2', '10.0.0.1')",
        output: "a,b,c,d\n0,0,-1,1",
    }],
};

const IPV4_IS_MATCH_DOC: FunctionDoc = FunctionDoc {
    name: "ipv4_is_match",
    aliases: &[],
    category: "ip",
    syntax: "ipv4_is_match(ip1, ip2 [, prefix])",
    description: "True when two IPv4 addresses are equal on their leading bits: the fewest of \
        each address's own prefix length and prefix (0 to 32). Null when an address does not \
        parse.",
    returns: "bool; null when an address does not parse",
    examples: &[Example {
        query: "print a = ipv4_is_match('192.168.1.1/24', '192.168.1.255'), b = ipv4_is_match('192.168.1.1', '192.168.1.255', 24), c = ipv4_is_match('192.168.1.1', '192.168.1.255')",
        output: "a,b,c\ntrue,true,false",
    }],
};

impl KqlFunction for Ipv4CompareFunc {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let ([a, b], [prefix]) = optional::<2, 1>(self.doc, args)?;
        let exprs = vec![
            crate::string::searchable(a)?.expr,
            crate::string::searchable(b)?.expr,
            match prefix {
                Some(p) => p.long()?.expr,
                None => lit(32i64),
            },
        ];
        let args = vec![DataType::Utf8, DataType::Utf8, DataType::Int64];
        Ok(if self.is_match {
            let f = udf("kql_ipv4_is_match", args, DataType::Boolean, match_batch);
            TypedExpr::new(f.call(exprs), KqlType::Bool)
        } else {
            let f = udf("kql_ipv4_compare", args, DataType::Int64, compare_batch);
            TypedExpr::new(f.call(exprs), KqlType::Long)
        })
    }
}

/// The comparison of two address texts on their common leading bits.
fn compare(a: &str, b: &str, prefix: i64) -> Option<std::cmp::Ordering> {
    let prefix = u32::try_from(prefix).ok().filter(|p| *p <= 32)?;
    let (a, pa) = super::parse_ipv4_range(a)?;
    let (b, pb) = super::parse_ipv4_range(b)?;
    let bits = prefix.min(pa).min(pb);
    let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
    Some((a & mask).cmp(&(b & mask)))
}

fn compare_batch(batch: &Batch) -> Result<ColumnarValue> {
    let [a, b] = [batch.strings(0)?, batch.strings(1)?];
    let prefix = batch.primitives::<Int64Type>(2)?;
    batch.primitive_result::<Int64Type>(|row| {
        let order = compare(a.get(row)?, b.get(row)?, prefix.get(row)?)?;
        Some(order as i64)
    })
}

fn match_batch(batch: &Batch) -> Result<ColumnarValue> {
    let [a, b] = [batch.strings(0)?, batch.strings(1)?];
    let prefix = batch.primitives::<Int64Type>(2)?;
    batch.bool_result(|row| {
        let order = compare(a.get(row)?, b.get(row)?, prefix.get(row)?)?;
        Some(order.is_eq())
    })
}
