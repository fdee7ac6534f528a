//! Time as Kusto ticks (100 ns since the Unix epoch) and its text forms.
//!
//! The simulation computes every instant as a [`Ticks`] integer, so the writer and the oracle
//! see exactly the same value. This module formats them as ISO 8601 with 7, 6, 3 or 0 fractional
//! digits (Azure writes 7; other digit counts exercise lenient readers), as the .NET
//! `M/d/yyyy h:mm:ss tt` form seen in some Azure properties, and as `YYYY-MM-DD` day keys.
//! Formatting is hand-written (no allocation, no locale) because it runs once per datetime of
//! every generated line; the unit tests check it against chrono.

/// An instant in 100 ns ticks since 1970-01-01T00:00:00Z (Kusto's datetime resolution).
pub type Ticks = i64;

/// Ticks in one second.
pub const SECOND: Ticks = 10_000_000;
/// Ticks in one minute.
pub const MINUTE: Ticks = 60 * SECOND;
/// Ticks in one hour.
pub const HOUR: Ticks = 60 * MINUTE;
/// Ticks in one day.
pub const DAY: Ticks = 24 * HOUR;

/// Parses an RFC 3339 instant (`2026-11-20T00:00:00Z`) into ticks, keeping 100 ns precision.
pub fn parse_rfc3339(text: &str) -> Result<Ticks, String> {
    let parsed = chrono::DateTime::parse_from_rfc3339(text).map_err(|e| {
        format!("expected an RFC 3339 instant such as 2026-11-20T00:00:00Z, found '{text}': {e}")
    })?;
    let utc = parsed.with_timezone(&chrono::Utc);
    Ok(utc.timestamp() * SECOND + i64::from(utc.timestamp_subsec_nanos() / 100))
}

/// The start of the hour holding `t`.
pub fn floor_hour(t: Ticks) -> Ticks {
    t - t.rem_euclid(HOUR)
}

/// The start of the day holding `t`.
pub fn floor_day(t: Ticks) -> Ticks {
    t - t.rem_euclid(DAY)
}

/// Calendar fields of an instant (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Civil {
    /// Year, e.g. 2026.
    pub year: i64,
    /// Month 1–12.
    pub month: u32,
    /// Day of month 1–31.
    pub day: u32,
    /// Hour 0–23.
    pub hour: u32,
    /// Minute 0–59.
    pub minute: u32,
    /// Second 0–59.
    pub second: u32,
    /// Sub-second part in ticks, 0–9,999,999.
    pub frac: u32,
}

/// Splits an instant into calendar fields (proleptic Gregorian, UTC).
pub fn civil(t: Ticks) -> Civil {
    let days = t.div_euclid(DAY);
    let in_day = t.rem_euclid(DAY);
    // Howard Hinnant's `civil_from_days`.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    let secs = in_day / SECOND;
    Civil {
        year,
        month,
        day,
        hour: (secs / 3600) as u32,
        minute: (secs / 60 % 60) as u32,
        second: (secs % 60) as u32,
        frac: (in_day % SECOND) as u32,
    }
}

fn push_digits(buf: &mut Vec<u8>, value: u64, width: usize) {
    let mut digits = [b'0'; 20];
    let mut v = value;
    let mut i = digits.len();
    while v > 0 {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
    }
    let len = (digits.len() - i).max(width);
    buf.extend_from_slice(&digits[digits.len() - len..]);
}

/// Appends a non-negative integer in decimal.
pub fn push_u64(buf: &mut Vec<u8>, value: u64) {
    push_digits(buf, value, 1);
}

/// Appends `t` as ISO 8601 UTC with `digits` (0–7) fractional digits, truncating: `2026-11-19T05:12:34.1234567Z`.
pub fn push_iso(buf: &mut Vec<u8>, t: Ticks, digits: u8) {
    let c = civil(t);
    push_digits(buf, c.year as u64, 4);
    buf.push(b'-');
    push_digits(buf, u64::from(c.month), 2);
    buf.push(b'-');
    push_digits(buf, u64::from(c.day), 2);
    buf.push(b'T');
    push_digits(buf, u64::from(c.hour), 2);
    buf.push(b':');
    push_digits(buf, u64::from(c.minute), 2);
    buf.push(b':');
    push_digits(buf, u64::from(c.second), 2);
    if digits > 0 {
        buf.push(b'.');
        let digits = u32::from(digits.min(7));
        push_digits(
            buf,
            u64::from(c.frac / 10u32.pow(7 - digits)),
            digits as usize,
        );
    }
    buf.push(b'Z');
}

/// `t` as ISO 8601 with exactly 7 fractional digits (kqlake's CSV contract for datetimes).
pub fn iso7(t: Ticks) -> String {
    let mut buf = Vec::with_capacity(28);
    push_iso(&mut buf, t, 7);
    String::from_utf8(buf).expect("push_iso writes ASCII only")
}

/// Appends `t` in the .NET invariant general form `M/d/yyyy h:mm:ss tt` (`5/1/2024 1:02:11 PM`), seconds truncated.
pub fn push_dotnet(buf: &mut Vec<u8>, t: Ticks) {
    let c = civil(t);
    push_u64(buf, u64::from(c.month));
    buf.push(b'/');
    push_u64(buf, u64::from(c.day));
    buf.push(b'/');
    push_digits(buf, c.year as u64, 4);
    buf.push(b' ');
    let hour12 = match c.hour % 12 {
        0 => 12,
        h => h,
    };
    push_u64(buf, u64::from(hour12));
    buf.push(b':');
    push_digits(buf, u64::from(c.minute), 2);
    buf.push(b':');
    push_digits(buf, u64::from(c.second), 2);
    buf.extend_from_slice(if c.hour < 12 { b" AM" } else { b" PM" });
}

/// `YYYY-MM-DD` of the day holding `t` (the manifest's per-day keys).
pub fn day_key(t: Ticks) -> String {
    let c = civil(t);
    format!("{:04}-{:02}-{:02}", c.year, c.month, c.day)
}

/// A datetime property value as written: its instant, already truncated to the digits it is
/// written with, so the oracle compares exactly what a reader parses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PropTime {
    /// The instant, truncated to `digits` fractional digits.
    pub ticks: Ticks,
    /// Fractional digits written: 0, 3, 6 or 7.
    pub digits: u8,
}

impl PropTime {
    /// The full-precision (7-digit) value of `t`.
    pub fn exact(t: Ticks) -> Self {
        Self {
            ticks: t,
            digits: 7,
        }
    }

    /// `t` truncated to `digits` fractional digits (clamped to 7).
    pub fn truncated(t: Ticks, digits: u8) -> Self {
        let digits = digits.min(7);
        let unit = 10i64.pow(7 - u32::from(digits));
        Self {
            ticks: t - t.rem_euclid(unit),
            digits,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    fn chrono_of(t: Ticks) -> DateTime<Utc> {
        DateTime::from_timestamp(t.div_euclid(SECOND), (t.rem_euclid(SECOND) * 100) as u32).unwrap()
    }

    fn iso(t: Ticks, digits: u8) -> String {
        let mut buf = Vec::new();
        push_iso(&mut buf, t, digits);
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn iso_matches_chrono_over_many_instants() {
        let mut t: Ticks = 0;
        // Steps of a prime number of ticks cover leap years, month ends and every hour.
        while t < 70 * 365 * DAY {
            let c = chrono_of(t);
            // chrono has no 7-digit specifier: seconds, then the 100 ns ticks.
            let seven = format!(
                "{}.{:07}Z",
                c.format("%Y-%m-%dT%H:%M:%S"),
                c.timestamp_subsec_nanos() / 100
            );
            assert_eq!(iso(t, 7), seven);
            assert_eq!(iso(t, 6), c.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string());
            assert_eq!(iso(t, 3), c.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string());
            assert_eq!(iso(t, 0), c.format("%Y-%m-%dT%H:%M:%SZ").to_string());
            assert_eq!(day_key(t), c.format("%Y-%m-%d").to_string());
            let mut dotnet = Vec::new();
            push_dotnet(&mut dotnet, t);
            assert_eq!(
                String::from_utf8(dotnet).unwrap(),
                c.format("%-m/%-d/%Y %-I:%M:%S %p").to_string()
            );
            t += 47_017 * SECOND + 1_234_567;
        }
    }

    #[test]
    fn parse_keeps_100ns_precision() {
        let t = parse_rfc3339("2026-11-19T05:12:34.1234567Z").unwrap();
        assert_eq!(iso7(t), "2026-11-19T05:12:34.1234567Z");
        assert_eq!(parse_rfc3339("2026-11-20T00:00:00Z").unwrap() % DAY, 0);
        assert!(parse_rfc3339("yesterday").is_err());
    }

    #[test]
    fn truncation_rounds_down_to_the_written_digits() {
        let t = parse_rfc3339("2026-11-19T05:12:34.1234567Z").unwrap();
        assert_eq!(
            iso(PropTime::truncated(t, 3).ticks, 7),
            "2026-11-19T05:12:34.1230000Z"
        );
        assert_eq!(
            iso(PropTime::truncated(t, 0).ticks, 7),
            "2026-11-19T05:12:34.0000000Z"
        );
        assert_eq!(PropTime::truncated(t, 7), PropTime::exact(t));
        assert_eq!(iso(floor_hour(t), 0), "2026-11-19T05:00:00Z");
        assert_eq!(iso(floor_day(t), 0), "2026-11-19T00:00:00Z");
    }
}
