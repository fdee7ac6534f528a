//! Text → KQL value coercions of the JSON scan: datetimes, timespans, numbers, booleans, JSON text.
//!
//! Export values are loosely typed (§8.6–§8.8 of `azure-exports.md`): numbers arrive as numbers
//! or numeric strings (`"durationMs":"78"`), datetimes with 0–7 fractional digits, `Z` or an
//! offset, or in the .NET form `5/1/2024 1:02:11 PM`. These functions turn such text into the
//! documented type without allocating; `None` means "cannot convert" (counted as drift by the
//! decoder). They are hand-written because they run once per value on the scan's hot path.

const NANOS_PER_SECOND: i64 = 1_000_000_000;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// Nanoseconds since the Unix epoch of a UTC civil time, `None` if invalid or out of range for
/// `i64` nanoseconds (years 1677–2262).
pub(crate) fn civil_to_nanos(
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
) -> Option<i64> {
    if !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let secs = days_from_civil(year, month, day) * 86_400
        + i64::from(hour) * 3600
        + i64::from(minute) * 60
        + i64::from(second);
    secs.checked_mul(NANOS_PER_SECOND)?
        .checked_add(i64::from(nanos))
}

/// A cursor over ASCII digits.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// Between `min` and `max` digits as a number.
    fn digits(&mut self, min: usize, max: usize) -> Option<u32> {
        let start = self.i;
        let mut v: u32 = 0;
        while self.i - start < max {
            match self.peek() {
                Some(c @ b'0'..=b'9') => {
                    v = v * 10 + u32::from(c - b'0');
                    self.i += 1;
                }
                _ => break,
            }
        }
        (self.i - start >= min).then_some(v)
    }

    /// A fraction after `.`: any number of digits, kept to nanoseconds (100 ns ticks survive).
    fn fraction_nanos(&mut self) -> Option<u32> {
        let start = self.i;
        let mut v: u32 = 0;
        let mut n = 0;
        while let Some(c @ b'0'..=b'9') = self.peek() {
            if n < 9 {
                v = v * 10 + u32::from(c - b'0');
                n += 1;
            }
            self.i += 1;
        }
        if self.i == start {
            return None;
        }
        for _ in n..9 {
            v *= 10;
        }
        Some(v)
    }

    fn at_end(&self) -> bool {
        self.i == self.b.len()
    }
}

/// Parses a datetime: ISO 8601 (`2024-05-01T13:07:44.1200000Z`, 0–9 fractional digits, `Z`,
/// `±HH:MM`, `±HHMM`, no zone = UTC, `T` or space), a bare date (`2024-05-01`), or the .NET
/// invariant form `M/d/yyyy h:mm:ss tt` (`5/1/2024 1:02:11 PM`, also 24-hour without `tt`).
/// Returns nanoseconds since the epoch in UTC.
pub(crate) fn parse_datetime(s: &str) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() >= 10 && b[4] == b'-' {
        parse_iso(b)
    } else if b.contains(&b'/') {
        parse_dotnet(b)
    } else {
        None
    }
}

fn parse_iso(b: &[u8]) -> Option<i64> {
    let mut c = Cursor { b, i: 0 };
    let year = c.digits(4, 4)?;
    if !c.eat(b'-') {
        return None;
    }
    let month = c.digits(2, 2)?;
    if !c.eat(b'-') {
        return None;
    }
    let day = c.digits(2, 2)?;
    if c.at_end() {
        return civil_to_nanos(i64::from(year), month, day, 0, 0, 0, 0);
    }
    if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
        return None;
    }
    let hour = c.digits(2, 2)?;
    if !c.eat(b':') {
        return None;
    }
    let minute = c.digits(2, 2)?;
    let (second, nanos) = if c.eat(b':') {
        let second = c.digits(2, 2)?;
        let nanos = if c.eat(b'.') || c.eat(b',') {
            c.fraction_nanos()?
        } else {
            0
        };
        (second, nanos)
    } else {
        (0, 0)
    };
    let offset_secs: i64 = match c.peek() {
        None => 0,
        Some(b'Z' | b'z') => {
            c.i += 1;
            0
        }
        Some(sign @ (b'+' | b'-')) => {
            c.i += 1;
            let oh = c.digits(2, 2)?;
            c.eat(b':');
            let om = if c.at_end() { 0 } else { c.digits(2, 2)? };
            if oh > 23 || om > 59 {
                return None;
            }
            let secs = i64::from(oh * 3600 + om * 60);
            if sign == b'-' { -secs } else { secs }
        }
        Some(_) => return None,
    };
    if !c.at_end() {
        return None;
    }
    let local = civil_to_nanos(i64::from(year), month, day, hour, minute, second, nanos)?;
    local.checked_sub(offset_secs.checked_mul(NANOS_PER_SECOND)?)
}

fn parse_dotnet(b: &[u8]) -> Option<i64> {
    let mut c = Cursor { b, i: 0 };
    let month = c.digits(1, 2)?;
    if !c.eat(b'/') {
        return None;
    }
    let day = c.digits(1, 2)?;
    if !c.eat(b'/') {
        return None;
    }
    let year = c.digits(4, 4)?;
    if c.at_end() {
        return civil_to_nanos(i64::from(year), month, day, 0, 0, 0, 0);
    }
    if !c.eat(b' ') {
        return None;
    }
    let mut hour = c.digits(1, 2)?;
    if !c.eat(b':') {
        return None;
    }
    let minute = c.digits(2, 2)?;
    let (second, nanos) = if c.eat(b':') {
        let second = c.digits(2, 2)?;
        let nanos = if c.eat(b'.') { c.fraction_nanos()? } else { 0 };
        (second, nanos)
    } else {
        (0, 0)
    };
    while c.eat(b' ') {}
    if !c.at_end() {
        let rest = &b[c.i..];
        let pm = if rest.eq_ignore_ascii_case(b"PM") {
            true
        } else if rest.eq_ignore_ascii_case(b"AM") {
            false
        } else {
            return None;
        };
        if hour == 0 || hour > 12 {
            return None;
        }
        hour = match (hour, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
    }
    civil_to_nanos(i64::from(year), month, day, hour, minute, second, nanos)
}

/// Parses a timespan in the .NET / Kusto form `[-][d.]hh:mm[:ss[.fffffff]]` to nanoseconds.
pub(crate) fn parse_timespan(s: &str) -> Option<i64> {
    let s = s.trim();
    let (neg, rest) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let b = rest.as_bytes();
    let mut c = Cursor { b, i: 0 };
    let first = c.digits(1, 9)?;
    let (days, hours) = if c.eat(b'.') {
        let h = c.digits(1, 2)?;
        (first, h)
    } else if c.peek() == Some(b':') {
        (0, first)
    } else {
        return None;
    };
    if !c.eat(b':') {
        return None;
    }
    let minutes = c.digits(2, 2)?;
    let (seconds, nanos) = if c.eat(b':') {
        let sec = c.digits(2, 2)?;
        let nanos = if c.eat(b'.') { c.fraction_nanos()? } else { 0 };
        (sec, nanos)
    } else {
        (0, 0)
    };
    if !c.at_end() || hours > 23 || minutes > 59 || seconds > 59 {
        return None;
    }
    let secs = i64::from(days) * 86_400
        + i64::from(hours) * 3600
        + i64::from(minutes) * 60
        + i64::from(seconds);
    let total = secs
        .checked_mul(NANOS_PER_SECOND)?
        .checked_add(i64::from(nanos))?;
    Some(if neg { -total } else { total })
}

/// Parses an integer from number text or a numeric string (`"4"`, `" 4 "`, `"4.0"`, `"1e3"`);
/// non-integral values and out-of-range values are `None`.
pub(crate) fn parse_long(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Ok(v) = s.parse::<i64>() {
        return Some(v);
    }
    let f = s.parse::<f64>().ok()?;
    // 2^63 is exactly representable; anything at or beyond it overflows i64.
    if f.fract() == 0.0 && (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f)
    {
        // The range check above makes the cast exact.
        Some(f as i64)
    } else {
        None
    }
}

/// Parses a real from number text or a numeric string (`"87.5"`, `"NaN"`, `"Infinity"`).
pub(crate) fn parse_real(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok()
}

/// Parses a boolean from `true`/`false` in any case, or `1`/`0`.
pub(crate) fn parse_bool(s: &str) -> Option<bool> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("true") || s == "1" {
        Some(true)
    } else if s.eq_ignore_ascii_case("false") || s == "0" {
        Some(false)
    } else {
        None
    }
}

/// True when `raw` (valid JSON text) has no whitespace at all, so it is already compact.
pub(crate) fn is_compact(raw: &str) -> bool {
    !raw.bytes()
        .any(|b| matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
}

/// Appends `raw` (valid JSON text) to `out` without the whitespace outside strings.
pub(crate) fn minify_json(raw: &str, out: &mut String) {
    let mut in_string = false;
    let mut escaped = false;
    let mut start = 0;
    for (i, b) in raw.bytes().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if b == b'"' {
            in_string = true;
        } else if matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
            // Whitespace bytes are ASCII, so `start..i` is on char boundaries.
            out.push_str(&raw[start..i]);
            start = i + 1;
        }
    }
    out.push_str(&raw[start..]);
}

fn hex4(b: &[u8]) -> Option<u32> {
    let mut v = 0;
    for &c in b.get(..4)? {
        v = v * 16 + (c as char).to_digit(16)?;
    }
    Some(v)
}

/// Appends the decoded content of a JSON string body (without quotes) to `out`. `false` on an
/// invalid escape or a lone surrogate (`out` then holds a partial value).
pub(crate) fn unescape_json_string(body: &str, out: &mut String) -> bool {
    let bytes = body.as_bytes();
    let mut i = 0;
    let mut start = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        out.push_str(&body[start..i]);
        let Some(&esc) = bytes.get(i + 1) else {
            return false;
        };
        i += 2;
        match esc {
            b'"' => out.push('"'),
            b'\\' => out.push('\\'),
            b'/' => out.push('/'),
            b'b' => out.push('\u{8}'),
            b'f' => out.push('\u{c}'),
            b'n' => out.push('\n'),
            b'r' => out.push('\r'),
            b't' => out.push('\t'),
            b'u' => {
                let Some(hi) = hex4(&bytes[i..]) else {
                    return false;
                };
                i += 4;
                let code = if (0xD800..0xDC00).contains(&hi) {
                    let lo = if bytes.get(i) == Some(&b'\\') && bytes.get(i + 1) == Some(&b'u') {
                        hex4(&bytes[i + 2..])
                    } else {
                        None
                    };
                    match lo {
                        Some(lo) if (0xDC00..0xE000).contains(&lo) => {
                            i += 6;
                            0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                        }
                        _ => return false,
                    }
                } else {
                    hi
                };
                match char::from_u32(code) {
                    Some(ch) => out.push(ch),
                    None => return false,
                }
            }
            _ => return false,
        }
        start = i;
    }
    out.push_str(&body[start..]);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2024-05-01T13:07:44Z in seconds, computed by hand: 19844 days × 86400 + 47264 s
    /// (1970-01-01 → 2024-01-01 is 54 × 365 + 13 leap days = 19723 days; then
    /// Jan 31 + Feb 29 + Mar 31 + Apr 30 = 121).
    const T0: i64 = 19_844 * 86_400 + 13 * 3600 + 7 * 60 + 44;

    #[test]
    fn iso_forms() {
        let ns = T0 * NANOS_PER_SECOND;
        assert_eq!(parse_datetime("2024-05-01T13:07:44Z"), Some(ns));
        assert_eq!(
            parse_datetime("2024-05-01T13:07:44.1234567Z"),
            Some(ns + 123_456_700)
        );
        assert_eq!(
            parse_datetime("2024-05-01T13:07:44.048482Z"),
            Some(ns + 48_482_000)
        );
        assert_eq!(
            parse_datetime("2024-05-01T13:07:44.1Z"),
            Some(ns + 100_000_000)
        );
        assert_eq!(parse_datetime("2024-05-01T13:07:44+00:00"), Some(ns));
        assert_eq!(parse_datetime("2024-05-01T15:07:44+02:00"), Some(ns));
        assert_eq!(parse_datetime("2024-05-01T08:07:44-0500"), Some(ns));
        assert_eq!(parse_datetime("2024-05-01 13:07:44"), Some(ns));
        assert_eq!(
            parse_datetime("2024-05-01"),
            Some(19_844 * 86_400 * NANOS_PER_SECOND)
        );
        assert_eq!(parse_datetime("1970-01-01T00:00:00Z"), Some(0));
    }

    #[test]
    fn dotnet_forms() {
        let ns = T0 * NANOS_PER_SECOND;
        assert_eq!(parse_datetime("5/1/2024 1:07:44 PM"), Some(ns));
        assert_eq!(parse_datetime("05/01/2024 01:07:44 pm"), Some(ns));
        assert_eq!(parse_datetime("5/1/2024 13:07:44"), Some(ns));
        let midnight = 19_844 * 86_400 * NANOS_PER_SECOND;
        assert_eq!(parse_datetime("5/1/2024 12:00:00 AM"), Some(midnight));
        assert_eq!(
            parse_datetime("5/1/2024 12:00:00 PM"),
            Some(midnight + 12 * 3600 * NANOS_PER_SECOND)
        );
        // The Storage sample of §5.3; 2022-07-05 is day 19178 (19723 − 365 − 180).
        assert_eq!(
            parse_datetime("7/5/2022 12:32:21 PM"),
            Some((19_178 * 86_400 + 12 * 3600 + 32 * 60 + 21) * NANOS_PER_SECOND)
        );
    }

    #[test]
    fn bad_datetimes_are_none() {
        for s in [
            "",
            "yesterday",
            "2024-13-01T00:00:00Z",
            "2024-02-30T00:00:00Z",
            "2024-05-01T24:00:00Z",
            "2024-05-01T13:07:44Q",
            "5/1/2024 13:07:44 PM",
            "2024-05-01T13:07:44.Z",
            "9999-01-01T00:00:00Z",
        ] {
            assert_eq!(parse_datetime(s), None, "{s}");
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_long("4"), Some(4));
        assert_eq!(parse_long(" -4 "), Some(-4));
        assert_eq!(parse_long("4.0"), Some(4));
        assert_eq!(parse_long("1e3"), Some(1000));
        assert_eq!(parse_long("4.5"), None);
        assert_eq!(parse_long("abc"), None);
        assert_eq!(parse_long("1e30"), None);
        assert_eq!(parse_real("87.5"), Some(87.5));
        assert_eq!(parse_real("x"), None);
        assert_eq!(parse_bool("True"), Some(true));
        assert_eq!(parse_bool("0"), Some(false));
        assert_eq!(parse_bool("yes"), None);
    }

    #[test]
    fn timespans() {
        assert_eq!(parse_timespan("00:00:01"), Some(NANOS_PER_SECOND));
        assert_eq!(
            parse_timespan("1.02:03:04.5"),
            Some((86_400 + 2 * 3600 + 3 * 60 + 4) * NANOS_PER_SECOND + 500_000_000)
        );
        assert_eq!(parse_timespan("-00:01"), Some(-60 * NANOS_PER_SECOND));
        assert_eq!(parse_timespan("1h"), None);
    }

    #[test]
    fn json_text() {
        let mut out = String::new();
        minify_json("{ \"a\" : [1, 2],\n \"b\": \"x y\" }", &mut out);
        assert_eq!(out, r#"{"a":[1,2],"b":"x y"}"#);
        assert!(is_compact(r#"{"a":1}"#));
        assert!(!is_compact(r#"{"a": 1}"#));
        let mut out = String::new();
        assert!(unescape_json_string(
            r#"a\"b\\c\n\u00e9\ud83d\ude00"#,
            &mut out
        ));
        assert_eq!(out, "a\"b\\c\né😀");
        let mut out = String::new();
        assert!(!unescape_json_string(r"\x", &mut out));
    }
}
