//! IP address functions. Addresses are strings; an IPv4 address may carry a prefix length in
//! CIDR notation (`192.168.1.1/24`), which masks it.

mod format_ipv4;
mod has_ipv4;
mod ipv4_compare;
mod ipv4_is_in_any_range;
mod ipv4_is_in_range;
mod ipv4_is_private;
mod ipv6_compare;
mod parse_ipv4;

use crate::KqlFunction;
use std::net::Ipv4Addr;
use std::sync::Arc;

/// The functions of this category.
pub(crate) fn functions() -> Vec<Arc<dyn KqlFunction>> {
    vec![
        Arc::new(format_ipv4::FORMAT_IPV4),
        Arc::new(format_ipv4::FORMAT_IPV4_MASK),
        Arc::new(format_ipv4::PARSE_IPV4_MASK),
        Arc::new(has_ipv4::HAS_ANY_IPV4),
        Arc::new(has_ipv4::HAS_ANY_IPV4_PREFIX),
        Arc::new(has_ipv4::HAS_IPV4),
        Arc::new(has_ipv4::HAS_IPV4_PREFIX),
        Arc::new(ipv4_compare::IPV4_COMPARE),
        Arc::new(ipv4_compare::IPV4_IS_MATCH),
        Arc::new(ipv4_is_in_any_range::Ipv4IsInAnyRangeFunc),
        Arc::new(ipv4_is_in_range::Ipv4IsInRangeFunc),
        Arc::new(ipv4_is_private::Ipv4IsPrivateFunc),
        Arc::new(ipv6_compare::IPV6_COMPARE),
        Arc::new(ipv6_compare::IPV6_IS_MATCH),
        Arc::new(ipv6_compare::ParseIpv6Func),
        Arc::new(parse_ipv4::ParseIpv4Func),
    ]
}

/// An IPv4 address with an optional `/prefix` (0–32), as the first address of the range and
/// its prefix length; `None` when the text is not one.
pub(crate) fn parse_ipv4_range(text: &str) -> Option<(u32, u32)> {
    let text = text.trim();
    let (address, prefix) = match text.split_once('/') {
        Some((a, p)) => (a, p.trim().parse::<u32>().ok().filter(|p| *p <= 32)?),
        None => (text, 32),
    };
    let address = u32::from(address.trim().parse::<Ipv4Addr>().ok()?);
    let mask = u32::MAX.checked_shl(32 - prefix).unwrap_or(0);
    Some((address & mask, prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_masked() {
        assert_eq!(parse_ipv4_range("10.1.2.3"), Some((0x0A01_0203, 32)));
        assert_eq!(parse_ipv4_range("192.168.1.77/24"), Some((0xC0A8_0100, 24)));
        assert_eq!(parse_ipv4_range("1.2.3.4/0"), Some((0, 0)));
        assert_eq!(parse_ipv4_range("1.2.3.4/33"), None);
        assert_eq!(parse_ipv4_range("1.2.3"), None);
        assert_eq!(parse_ipv4_range("256.1.1.1"), None);
    }
}
