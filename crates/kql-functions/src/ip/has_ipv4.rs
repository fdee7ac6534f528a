//! `has_ipv4`, `has_ipv4_prefix`, `has_any_ipv4` and `has_any_ipv4_prefix`: whether a text
//! holds an IPv4 address (or one starting with a prefix) as a term of its own.
//!
//! The addresses of a text are its runs of digits and dots that are not touched by a letter,
//! a digit or `_`, with a final `.` dropped (the end of a sentence), and that are valid IPv4
//! addresses: `127.0.0.1` is found in `05:04:54 127.0.0.1 GET`, not in `05:04:54127.0.0.1`,
//! and `127.0.0.256` is no address, as Kusto's examples show.

use crate::args::{Arg, fixed, variadic};
use crate::json::{JsonKind, elements, kind, string_value};
use crate::udf::{Batch, udf_with};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, Signature, Volatility};
use kql_syntax::KqlType;
use std::net::Ipv4Addr;

/// One of this file's functions: see each `DOC`.
pub(crate) struct HasIpv4Func {
    doc: &'static FunctionDoc,
    prefix: bool,
    any: bool,
}

/// `has_ipv4`.
pub(crate) const HAS_IPV4: HasIpv4Func = HasIpv4Func {
    doc: &HAS_IPV4_DOC,
    prefix: false,
    any: false,
};
/// `has_ipv4_prefix`.
pub(crate) const HAS_IPV4_PREFIX: HasIpv4Func = HasIpv4Func {
    doc: &HAS_IPV4_PREFIX_DOC,
    prefix: true,
    any: false,
};
/// `has_any_ipv4`.
pub(crate) const HAS_ANY_IPV4: HasIpv4Func = HasIpv4Func {
    doc: &HAS_ANY_IPV4_DOC,
    prefix: false,
    any: true,
};
/// `has_any_ipv4_prefix`.
pub(crate) const HAS_ANY_IPV4_PREFIX: HasIpv4Func = HasIpv4Func {
    doc: &HAS_ANY_IPV4_PREFIX_DOC,
    prefix: true,
    any: true,
};

const HAS_IPV4_DOC: FunctionDoc = FunctionDoc {
    name: "has_ipv4",
    aliases: &[],
    category: "ip",
    syntax: "has_ipv4(source, ip_address)",
    description: "True when ip_address is a valid IPv4 address and source holds it as an \
        address of its own: delimited by characters other than letters, digits, _ and . (see \
        the module notes). False otherwise, also when ip_address is not an address.",
    returns: "bool",
    examples: &[Example {
        query: "print a = has_ipv4('05:04:54 127.0.0.1 GET /favicon.ico 404', '127.0.0.1'), b = has_ipv4('05:04:54 127.0.0.256 GET /favicon.ico 404', '127.0.0.256'), c = has_ipv4('05:04:54127.0.0.1 GET /favicon.ico 404', '127.0.0.1')",
        output: "a,b,c\ntrue,false,false",
    }],
};

const HAS_IPV4_PREFIX_DOC: FunctionDoc = FunctionDoc {
    name: "has_ipv4_prefix",
    aliases: &[],
    category: "ip",
    syntax: "has_ipv4_prefix(source, ip_address_prefix)",
    description: "True when ip_address_prefix is a valid IPv4 prefix (one to three whole \
        octets each followed by a dot, such as '10.' or '127.0.', or a whole address) and \
        source holds an IPv4 address, delimited as has_ipv4 requires, that starts with it.",
    returns: "bool",
    examples: &[Example {
        query: "print a = has_ipv4_prefix('05:04:54 127.0.0.1 GET /favicon.ico 404', '127.0.'), b = has_ipv4_prefix('05:04:54 127.0.0.1 GET /favicon.ico 404', '127.0'), c = has_ipv4_prefix('05:04:54 127.0.0.256 GET /favicon.ico 404', '127.0.')",
        output: "a,b,c\ntrue,false,false",
    }],
};

const HAS_ANY_IPV4_DOC: FunctionDoc = FunctionDoc {
    name: "has_any_ipv4",
    aliases: &[],
    category: "ip",
    syntax: "has_any_ipv4(source, ip_address [, ip_address_2, …])",
    description: "True when source holds any of the addresses as has_ipv4 finds them; each \
        argument after source is an address or a dynamic array of addresses.",
    returns: "bool",
    examples: &[Example {
        query: "print a = has_any_ipv4('05:04:54 127.0.0.1 GET /favicon.ico 404', '127.0.0.1', '127.0.0.2'), b = has_any_ipv4('05:04:54 127.0.0.256 GET /favicon.ico 404', dynamic(['127.0.0.256', '192.168.1.1']))",
        output: "a,b\ntrue,false",
    }],
};

const HAS_ANY_IPV4_PREFIX_DOC: FunctionDoc = FunctionDoc {
    name: "has_any_ipv4_prefix",
    aliases: &[],
    category: "ip",
    syntax: "has_any_ipv4_prefix(source, ip_address_prefix [, ip_address_prefix_2, …])",
    description: "True when source holds an address starting with any of the prefixes, as \
        has_ipv4_prefix finds them; each argument after source is a prefix or a dynamic array \
        of prefixes.",
    returns: "bool",
    examples: &[Example {
        query: "print a = has_any_ipv4_prefix('05:04:54 127.0.0.1 GET /favicon.ico 404', dynamic(['127.0.', '192.168.'])), b = has_any_ipv4_prefix('05:04:54 10.0.0.1', '127.0.', '192.')",
        output: "a,b\ntrue,false",
    }],
};

impl KqlFunction for HasIpv4Func {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let args = if self.any {
            variadic(self.doc, args, 2..=usize::MAX)?
        } else {
            fixed::<2>(self.doc, args)?.into()
        };
        let mut args = args.into_iter();
        let source = args
            .next()
            .expect("variadic checked two arguments")
            .string()?;
        let mut exprs = vec![source.expr];
        for arg in args {
            exprs.push(self.needle(arg)?);
        }
        let body: crate::udf::UdfBody = if self.prefix {
            has_prefix_batch
        } else {
            has_address_batch
        };
        let f = udf_with(
            if self.prefix {
                "kql_has_any_ipv4_prefix"
            } else {
                "kql_has_any_ipv4"
            },
            Signature::variadic(vec![DataType::Utf8], Volatility::Immutable),
            DataType::Boolean,
            body,
        );
        Ok(TypedExpr::new(f.call(exprs), KqlType::Bool))
    }
}

impl HasIpv4Func {
    /// An address argument as JSON: a string as a JSON string, a dynamic value as is.
    fn needle(&self, arg: Arg) -> Result<datafusion::logical_expr::Expr, FunctionError> {
        match arg.kql_type() {
            KqlType::Dynamic if self.any => Ok(crate::conversion::to_json(arg.any())),
            _ => Ok(crate::conversion::to_json(arg.string()?)),
        }
    }
}

/// A valid IPv4 address's value.
fn address(text: &str) -> Option<u32> {
    text.parse::<Ipv4Addr>().ok().map(u32::from)
}

/// The IPv4 addresses in `text`, as their texts (see the module notes).
fn addresses(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            if !bytes[i].is_ascii_digit()
                || (i > 0 && (is_word(bytes[i - 1]) || bytes[i - 1] == b'.'))
            {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                i += 1;
            }
            if i < bytes.len() && is_word(bytes[i]) {
                continue;
            }
            let run = text[start..i].strip_suffix('.').unwrap_or(&text[start..i]);
            if address(run).is_some() {
                return Some(run);
            }
        }
        None
    })
}

/// A valid prefix: a whole address, or 1–3 octets each followed by a dot.
fn valid_prefix(prefix: &str) -> bool {
    if address(prefix).is_some() {
        return true;
    }
    let Some(octets) = prefix.strip_suffix('.') else {
        return false;
    };
    let parts: Vec<&str> = octets.split('.').collect();
    parts.len() <= 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|b| b.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
                && p.parse::<u32>().is_ok_and(|v| v <= 255)
        })
}

/// The texts an argument stands for: a JSON string's text, or an array's string elements.
fn needles(json: &str) -> Vec<std::borrow::Cow<'_, str>> {
    match kind(json) {
        JsonKind::String => string_value(json).into_iter().collect(),
        JsonKind::Array => elements(json)
            .unwrap_or_default()
            .into_iter()
            .filter_map(string_value)
            .collect(),
        _ => Vec::new(),
    }
}

fn has_batch(batch: &Batch, matches: fn(&str, &str) -> bool) -> Result<ColumnarValue> {
    let columns = batch.all_strings()?;
    batch.bool_result(|row| {
        let source = columns[0].get(row).unwrap_or("");
        let wanted: Vec<_> = columns[1..]
            .iter()
            .filter_map(|c| c.get(row))
            .flat_map(needles)
            .collect();
        Some(addresses(source).any(|found| wanted.iter().any(|w| matches(found, w))))
    })
}

fn has_address_batch(batch: &Batch) -> Result<ColumnarValue> {
    has_batch(batch, |found, wanted| {
        address(wanted).is_some_and(|w| address(found) == Some(w))
    })
}

fn has_prefix_batch(batch: &Batch) -> Result<ColumnarValue> {
    has_batch(batch, |found, wanted| {
        valid_prefix(wanted) && found.starts_with(wanted)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_delimited_terms() {
        let found: Vec<&str> =
            addresses("a 1.2.3.4, x5.6.7.8 9.9.9.9. 10.0.0.1a 1.2.3.4.5 [8.8.8.8]").collect();
        assert_eq!(found, vec!["1.2.3.4", "9.9.9.9", "8.8.8.8"]);
        assert!(valid_prefix("10."));
        assert!(valid_prefix("10.1.2."));
        assert!(!valid_prefix("10.1"));
        assert!(!valid_prefix("10.1.2.3."));
        assert!(valid_prefix("10.1.2.3"));
    }
}
