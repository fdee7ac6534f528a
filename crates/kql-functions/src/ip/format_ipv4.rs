//! `format_ipv4(ip [, prefix])`, `format_ipv4_mask(ip [, prefix])` and
//! `parse_ipv4_mask(ip, prefix)`: an IPv4 address masked to a prefix, as text or as a long.
//!
//! The prefix in effect is the smaller of the address's own (`/24`) and the prefix argument.

use crate::args::{fixed, optional};
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, lit};
use kql_syntax::KqlType;
use std::net::Ipv4Addr;

/// What a function of this file gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    /// The masked address (`format_ipv4`).
    Address,
    /// The masked address and prefix (`format_ipv4_mask`).
    Cidr,
    /// The masked address as a long (`parse_ipv4_mask`).
    Long,
}

/// One of this file's functions: see each `DOC`.
pub(crate) struct FormatIpv4Func {
    doc: &'static FunctionDoc,
    output: Output,
}

/// `format_ipv4`.
pub(crate) const FORMAT_IPV4: FormatIpv4Func = FormatIpv4Func {
    doc: &FORMAT_IPV4_DOC,
    output: Output::Address,
};
/// `format_ipv4_mask`.
pub(crate) const FORMAT_IPV4_MASK: FormatIpv4Func = FormatIpv4Func {
    doc: &FORMAT_IPV4_MASK_DOC,
    output: Output::Cidr,
};
/// `parse_ipv4_mask`.
pub(crate) const PARSE_IPV4_MASK: FormatIpv4Func = FormatIpv4Func {
    doc: &PARSE_IPV4_MASK_DOC,
    output: Output::Long,
};

const FORMAT_IPV4_DOC: FunctionDoc = FunctionDoc {
    name: "format_ipv4",
    aliases: &[],
    category: "ip",
    syntax: "format_ipv4(ip [, prefix])",
    description: "The dotted text of the IPv4 address ip (a string, optionally with its own \
        /prefix, or a long from 0 to 4294967295) with only its first prefix bits kept (default \
        32; the smaller of prefix and ip's own prefix). \"\" when ip is not an address or \
        prefix is outside 0–32.",
    returns: "string",
    examples: &[Example {
        query: "datatable(address: string, mask: long) ['192.168.1.1', 24, '192.168.1.1', 32, '192.168.1.1/24', 32, '192.168.1.1/24', long(-1)] | extend result = format_ipv4(address, mask), result_mask = format_ipv4_mask(address, mask)",
        output: "address,mask,result,result_mask\n192.168.1.1,24,192.168.1.0,192.168.1.0/24\n192.168.1.1,32,192.168.1.1,192.168.1.1/32\n192.168.1.1/24,32,192.168.1.0,192.168.1.0/24\n192.168.1.1/24,-1,,",
    }],
};

const FORMAT_IPV4_MASK_DOC: FunctionDoc = FunctionDoc {
    name: "format_ipv4_mask",
    aliases: &[],
    category: "ip",
    syntax: "format_ipv4_mask(ip [, prefix])",
    description: "As format_ipv4, followed by / and the prefix in effect (CIDR notation).",
    returns: "string",
    examples: &[Example {
        query: "print a = format_ipv4_mask('192.168.1.1', 24), b = format_ipv4_mask(3232235777), c = format_ipv4_mask('10.1.2.3/8', 16)",
        output: "a,b,c\n192.168.1.0/24,192.168.1.1/32,10.0.0.0/8",
    }],
};

const PARSE_IPV4_MASK_DOC: FunctionDoc = FunctionDoc {
    name: "parse_ipv4_mask",
    aliases: &[],
    category: "ip",
    syntax: "parse_ipv4_mask(ip, prefix)",
    description: "The IPv4 address ip (a string) with only its first prefix bits kept, as a \
        long. Null when ip is not an address or prefix is outside 0–32.",
    returns: "long",
    examples: &[Example {
        query: r#"print a = parse_ipv4_mask("127.0.0.1", 24), b = parse_ipv4_mask("192.1.168.2", 31), c = parse_ipv4_mask("1.2.3", 8)"#,
        output: "a,b,c\n2130706432,3221334018,",
    }],
};

impl KqlFunction for FormatIpv4Func {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let (ip, prefix) = if self.output == Output::Long {
            let [ip, prefix] = fixed(self.doc, args)?;
            (ip, Some(prefix))
        } else {
            let ([ip], [prefix]) = optional::<1, 1>(self.doc, args)?;
            (ip, prefix)
        };
        let ip = match ip.kql_type() {
            KqlType::Int | KqlType::Long if self.output != Output::Long => {
                crate::conversion::to_kql_string(ip.long()?)
            }
            _ => crate::string::searchable(ip)?,
        };
        let prefix = match prefix {
            Some(p) => p.long()?.expr,
            None => lit(32_i64),
        };
        let (name, returns, body): (_, _, crate::udf::UdfBody) = match self.output {
            Output::Address => ("kql_format_ipv4", DataType::Utf8, format_batch),
            Output::Cidr => ("kql_format_ipv4_mask", DataType::Utf8, format_mask_batch),
            Output::Long => ("kql_parse_ipv4_mask", DataType::Int64, parse_mask_batch),
        };
        let f = udf(name, vec![DataType::Utf8, DataType::Int64], returns, body);
        let kql_type = if self.output == Output::Long {
            KqlType::Long
        } else {
            KqlType::String
        };
        Ok(TypedExpr::new(f.call(vec![ip.expr, prefix]), kql_type))
    }
}

/// The masked address and the prefix in effect; a plain number is read as the address's
/// 32-bit value.
fn masked(ip: &str, prefix: i64) -> Option<(u32, u32)> {
    let prefix = u32::try_from(prefix).ok().filter(|p| *p <= 32)?;
    let (address, own) = match ip.trim().parse::<u64>() {
        Ok(n) => (u32::try_from(n).ok()?, 32),
        Err(_) => super::parse_ipv4_range(ip)?,
    };
    let bits = own.min(prefix);
    let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
    Some((address & mask, bits))
}

fn text_batch(batch: &Batch, cidr: bool) -> Result<ColumnarValue> {
    use std::fmt::Write;
    let ips = batch.strings(0)?;
    let prefixes = batch.primitives::<Int64Type>(1)?;
    batch.string_result(|row, out| {
        let found = ips
            .get(row)
            .zip(prefixes.get(row))
            .and_then(|(ip, p)| masked(ip, p));
        if let Some((address, bits)) = found {
            let _ = write!(out, "{}", Ipv4Addr::from(address));
            if cidr {
                let _ = write!(out, "/{bits}");
            }
        }
        true
    })
}

fn format_batch(batch: &Batch) -> Result<ColumnarValue> {
    text_batch(batch, false)
}

fn format_mask_batch(batch: &Batch) -> Result<ColumnarValue> {
    text_batch(batch, true)
}

fn parse_mask_batch(batch: &Batch) -> Result<ColumnarValue> {
    let ips = batch.strings(0)?;
    let prefixes = batch.primitives::<Int64Type>(1)?;
    batch.primitive_result::<Int64Type>(|row| {
        let ip = ips.get(row)?;
        // parse_ipv4_mask takes addresses only, not numbers.
        if ip.trim().parse::<u64>().is_ok() {
            return None;
        }
        masked(ip, prefixes.get(row)?).map(|(a, _)| i64::from(a))
    })
}
