//! Canonical text of KQL values: what `tostring()` returns and every output format prints.
//!
//! - `datetime`: ISO 8601 UTC, always seven fractional digits, `Z`
//!   (`2021-10-21T05:12:34.1234567Z`), as Kusto renders datetimes in JSON.
//! - `timespan`: .NET's constant format `[-][d.]hh:mm:ss[.fffffff]` (`1.02:03:04`,
//!   `00:00:00.5000000`), as Kusto's documentation outputs show.
//! - `real`: shortest round-trip text; integral values print without a fraction (`3`), and
//!   the specials as .NET names them (`NaN`, `Infinity`, `-Infinity`).
//! - `decimal`: its exact value without trailing zeros (`1.5`, `100000`, `-0.25`); Kusto keeps
//!   no fixed scale, and kqlake stores 18 fraction digits (`decimal.rs`).
//! - `bool`: `true` / `false`.
//!
//! Functions append to a caller's buffer so renderers reuse one `String` per column.

use chrono::{DateTime, Datelike, Timelike};
use std::fmt::Write;

/// Nanoseconds per Kusto tick (100 ns).
pub const NANOS_PER_TICK: i64 = 100;

/// Appends a datetime given in nanoseconds since the Unix epoch.
///
/// ```text
/// 1_634_793_154_123_456_700 → 2021-10-21T05:12:34.1234567Z
/// ```
pub fn write_datetime(out: &mut String, nanos: i64) {
    let t = DateTime::from_timestamp_nanos(nanos);
    let ticks = t.nanosecond() / 100 % 10_000_000;
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:07}Z",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        ticks
    );
}

/// Appends a timespan given in nanoseconds, in the form `[-][d.]hh:mm:ss[.fffffff]`.
///
/// ```text
/// 93_784_000_000_000 → 1.02:03:04
/// -43_200_000_000_000 → -12:00:00
/// ```
pub fn write_timespan(out: &mut String, nanos: i64) {
    let ticks = nanos / NANOS_PER_TICK;
    if ticks < 0 {
        out.push('-');
    }
    let ticks = ticks.unsigned_abs();
    let fraction = ticks % 10_000_000;
    let seconds = ticks / 10_000_000;
    let (days, seconds) = (seconds / 86_400, seconds % 86_400);
    if days > 0 {
        let _ = write!(out, "{days}.");
    }
    let _ = write!(
        out,
        "{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    );
    if fraction > 0 {
        let _ = write!(out, ".{fraction:07}");
    }
}

/// Appends a real in its shortest round-trip form.
///
/// ```text
/// 3.0 → 3    2.5 → 2.5    NaN → NaN    +inf → Infinity
/// ```
pub fn write_real(out: &mut String, value: f64) {
    if value.is_nan() {
        out.push_str("NaN");
    } else if value.is_infinite() {
        out.push_str(if value > 0.0 { "Infinity" } else { "-Infinity" });
    } else {
        let _ = write!(out, "{value}");
    }
}

/// Appends a decimal given as units of 10^-18 (Arrow `Decimal128(38, 18)`), exactly and without
/// trailing zeros.
///
/// ```text
/// 1_500_000_000_000_000_000 → 1.5    -250_000_000_000_000_000 → -0.25    0 → 0
/// ```
pub fn write_decimal(out: &mut String, units: i128) {
    let scale = crate::decimal::SCALE as u32;
    let one = 10u128.pow(scale);
    let magnitude = units.unsigned_abs();
    if units < 0 {
        out.push('-');
    }
    let _ = write!(out, "{}", magnitude / one);
    let fraction = magnitude % one;
    if fraction > 0 {
        let digits = format!("{fraction:0width$}", width = scale as usize);
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
}

/// Appends `true` or `false`.
pub fn write_bool(out: &mut String, value: bool) {
    out.push_str(if value { "true" } else { "false" });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(f: impl Fn(&mut String)) -> String {
        let mut s = String::new();
        f(&mut s);
        s
    }

    #[test]
    fn datetimes_have_seven_fraction_digits() {
        // 2021-10-21T05:12:34Z is 1634793154 s after the epoch (computed with `date -d`).
        let nanos = 1_634_793_154_123_456_700;
        assert_eq!(
            text(|s| write_datetime(s, nanos)),
            "2021-10-21T05:12:34.1234567Z"
        );
        assert_eq!(
            text(|s| write_datetime(s, 0)),
            "1970-01-01T00:00:00.0000000Z"
        );
        assert_eq!(
            text(|s| write_datetime(s, -100)),
            "1969-12-31T23:59:59.9999999Z"
        );
    }

    #[test]
    fn timespans_use_the_constant_format() {
        let s = 1_000_000_000;
        assert_eq!(text(|o| write_timespan(o, 93_784 * s)), "1.02:03:04");
        assert_eq!(text(|o| write_timespan(o, -12 * 3600 * s)), "-12:00:00");
        assert_eq!(text(|o| write_timespan(o, s / 2)), "00:00:00.5000000");
        assert_eq!(text(|o| write_timespan(o, 0)), "00:00:00");
        assert_eq!(text(|o| write_timespan(o, 2 * 86_400 * s)), "2.00:00:00");
    }

    #[test]
    fn decimals_print_exactly_without_trailing_zeros() {
        let e18 = 1_000_000_000_000_000_000i128;
        assert_eq!(text(|o| write_decimal(o, 3 * e18 / 2)), "1.5");
        assert_eq!(text(|o| write_decimal(o, -e18 / 4)), "-0.25");
        assert_eq!(text(|o| write_decimal(o, 100_000 * e18)), "100000");
        assert_eq!(text(|o| write_decimal(o, 0)), "0");
        assert_eq!(text(|o| write_decimal(o, 1)), "0.000000000000000001");
    }

    #[test]
    fn reals_print_shortest() {
        assert_eq!(text(|o| write_real(o, 3.0)), "3");
        assert_eq!(text(|o| write_real(o, 2.5)), "2.5");
        assert_eq!(text(|o| write_real(o, 0.1 + 0.2)), "0.30000000000000004");
        assert_eq!(text(|o| write_real(o, f64::NAN)), "NaN");
        assert_eq!(text(|o| write_real(o, f64::NEG_INFINITY)), "-Infinity");
    }
}
