//! `ipv6_compare(ip1, ip2 [, prefix])`, `ipv6_is_match(ip1, ip2 [, prefix])` and
//! `parse_ipv6(ip)`: IPv6 (and IPv4, as IPv4-mapped IPv6) addresses compared or written in
//! canonical form.
//!
//! An IPv4 address `a.b.c.d` is the IPv6 address `::ffff:a.b.c.d`, and its `/p` prefix covers
//! `96 + p` bits; an IPv6 address may carry a `/p` prefix of 0–128 bits. Two addresses are
//! compared on the smallest prefix among theirs and the prefix argument (128 bits by default).

use crate::args::{fixed, optional};
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, lit};
use kql_syntax::KqlType;
use std::cmp::Ordering;
use std::net::{Ipv4Addr, Ipv6Addr};

/// `ipv6_compare` or `ipv6_is_match`: see each `DOC`.
pub(crate) struct Ipv6CompareFunc {
    doc: &'static FunctionDoc,
    is_match: bool,
}

/// `ipv6_compare`.
pub(crate) const IPV6_COMPARE: Ipv6CompareFunc = Ipv6CompareFunc {
    doc: &COMPARE_DOC,
    is_match: false,
};
/// `ipv6_is_match`.
pub(crate) const IPV6_IS_MATCH: Ipv6CompareFunc = Ipv6CompareFunc {
    doc: &IS_MATCH_DOC,
    is_match: true,
};

const COMPARE_DOC: FunctionDoc = FunctionDoc {
    name: "ipv6_compare",
    aliases: &[],
    category: "ip",
    syntax: "ipv6_compare(ip1, ip2 [, prefix])",
    description: "-1, 0 or 1 as the IPv6 (or IPv4) address ip1 is below, equal to or above \
        ip2, comparing only the first bits: the fewest of ip1's and ip2's own prefixes (an \
        IPv4 /p counts as 96 + p bits) and prefix (0–128, default 128). Null when an address \
        does not parse or prefix is outside 0–128.",
    returns: "long; null when an address does not parse",
    examples: &[Example {
        query: "print a = ipv6_compare('192.168.1.1', '::ffff:c0a8:0101'), b = ipv6_compare('fe80::85d:e82c:9446:7994/120', 'fe80::85d:e82c:9446:7998'), c = ipv6_compare('fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7998'), d = ipv6_compare('fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7995', 127)",
        output: "a,b,c,d\n0,0,-1,0",
    }],
};

const IS_MATCH_DOC: FunctionDoc = FunctionDoc {
    name: "ipv6_is_match",
    aliases: &[],
    category: "ip",
    syntax: "ipv6_is_match(ip1, ip2 [, prefix])",
    description: "True when ipv6_compare(ip1, ip2 [, prefix]) is 0: the addresses agree on \
        their first bits. Null when an address does not parse.",
    returns: "bool; null when an address does not parse",
    examples: &[Example {
        query: "print a = ipv6_is_match('192.168.1.1/24', '::ffff:c0a8:01ff'), b = ipv6_is_match('::1', '::2'), c = ipv6_is_match('::1', '::2', 126)",
        output: "a,b,c\ntrue,false,true",
    }],
};

impl KqlFunction for Ipv6CompareFunc {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let ([ip1, ip2], [prefix]) = optional::<2, 1>(self.doc, args)?;
        let exprs = vec![
            crate::string::searchable(ip1)?.expr,
            crate::string::searchable(ip2)?.expr,
            match prefix {
                Some(p) => p.long()?.expr,
                None => lit(128_i64),
            },
        ];
        let types = vec![DataType::Utf8, DataType::Utf8, DataType::Int64];
        Ok(if self.is_match {
            let f = udf(
                "kql_ipv6_is_match",
                types,
                DataType::Boolean,
                is_match_batch,
            );
            TypedExpr::new(f.call(exprs), KqlType::Bool)
        } else {
            let f = udf("kql_ipv6_compare", types, DataType::Int64, compare_batch);
            TypedExpr::new(f.call(exprs), KqlType::Long)
        })
    }
}

/// An IPv6 or IPv4 address with an optional prefix, as its 128-bit value (masked) and the
/// prefix length in IPv6 bits; `None` when the text is not one.
pub(crate) fn parse_ipv6_range(text: &str) -> Option<(u128, u32)> {
    let text = text.trim();
    let (address, prefix) = match text.split_once('/') {
        Some((a, p)) => (a.trim(), Some(p.trim().parse::<u32>().ok()?)),
        None => (text, None),
    };
    let (value, bits) = if let Ok(v4) = address.parse::<Ipv4Addr>() {
        let bits = match prefix {
            Some(p) if p <= 32 => 96 + p,
            Some(_) => return None,
            None => 128,
        };
        (u128::from(v4.to_ipv6_mapped()), bits)
    } else {
        let v6 = address.parse::<Ipv6Addr>().ok()?;
        let bits = match prefix {
            Some(p) if p <= 128 => p,
            Some(_) => return None,
            None => 128,
        };
        (u128::from(v6), bits)
    };
    Some((value & mask(bits), bits))
}

/// The mask of the first `bits` bits.
fn mask(bits: u32) -> u128 {
    u128::MAX.checked_shl(128 - bits).unwrap_or(0)
}

/// The order of two addresses on their common prefix (see the module notes).
fn compare(ip1: &str, ip2: &str, prefix: i64) -> Option<Ordering> {
    let prefix = u32::try_from(prefix).ok().filter(|p| *p <= 128)?;
    let (a, a_bits) = parse_ipv6_range(ip1)?;
    let (b, b_bits) = parse_ipv6_range(ip2)?;
    let m = mask(a_bits.min(b_bits).min(prefix));
    Some((a & m).cmp(&(b & m)))
}

fn compare_batch(batch: &Batch) -> Result<ColumnarValue> {
    let [ip1, ip2] = [batch.strings(0)?, batch.strings(1)?];
    let prefix = batch.primitives::<Int64Type>(2)?;
    batch.primitive_result::<Int64Type>(|row| {
        Some(
            match compare(ip1.get(row)?, ip2.get(row)?, prefix.get(row)?)? {
                Ordering::Less => -1,
                Ordering::Equal => 0,
                Ordering::Greater => 1,
            },
        )
    })
}

fn is_match_batch(batch: &Batch) -> Result<ColumnarValue> {
    let [ip1, ip2] = [batch.strings(0)?, batch.strings(1)?];
    let prefix = batch.primitives::<Int64Type>(2)?;
    batch.bool_result(|row| {
        compare(ip1.get(row)?, ip2.get(row)?, prefix.get(row)?).map(Ordering::is_eq)
    })
}

/// `parse_ipv6`: see [`PARSE_DOC`].
pub(crate) struct ParseIpv6Func;

/// The reference entry of `parse_ipv6`.
pub(crate) const PARSE_DOC: FunctionDoc = FunctionDoc {
    name: "parse_ipv6",
    aliases: &[],
    category: "ip",
    syntax: "parse_ipv6(ip)",
    description: "The canonical IPv6 text of the IPv6 or IPv4 address ip (eight groups of four \
        lower-case hex digits; an IPv4 address as ::ffff:a.b.c.d), with the bits past ip's \
        own prefix cleared. \"\" when ip does not parse.",
    returns: "string",
    examples: &[Example {
        query: "datatable(ipv4: string) ['192.168.255.255', '192.168.255.255/24', '255.255.255.255'] | extend ipv6 = parse_ipv6(ipv4)",
        output: "ipv4,ipv6\n192.168.255.255,0000:0000:0000:0000:0000:ffff:c0a8:ffff\n192.168.255.255/24,0000:0000:0000:0000:0000:ffff:c0a8:ff00\n255.255.255.255,0000:0000:0000:0000:0000:ffff:ffff:ffff",
    }],
};

impl KqlFunction for ParseIpv6Func {
    fn doc(&self) -> &'static FunctionDoc {
        &PARSE_DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [ip] = fixed(&PARSE_DOC, args)?;
        Ok(crate::udf::unary(
            "kql_parse_ipv6",
            crate::string::searchable(ip)?,
            KqlType::String,
            parse_batch,
        ))
    }
}

fn parse_batch(batch: &Batch) -> Result<ColumnarValue> {
    use std::fmt::Write;
    let ips = batch.strings(0)?;
    batch.string_result(|row, out| {
        if let Some((value, _)) = ips.get(row).and_then(parse_ipv6_range) {
            for (i, segment) in Ipv6Addr::from(value).segments().iter().enumerate() {
                if i > 0 {
                    out.push(':');
                }
                let _ = write!(out, "{segment:04x}");
            }
        }
        true
    })
}
