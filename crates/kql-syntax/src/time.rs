//! Datetime and timespan text: decoding literal contents to 100-ns ticks, and the canonical text
//! `Display` prints back.
//!
//! Pure functions over strings and `i64` ticks, shared by the literal parser
//! (`parser/literal.rs`) and `Display` (`display.rs`). Calendar arithmetic is done by hand
//! (proleptic Gregorian "days from civil"), because this crate depends on nom only.

/// Ticks (100 ns) per microsecond.
pub(crate) const TICKS_PER_MICROSECOND: i64 = 10;
/// Ticks per millisecond.
pub(crate) const TICKS_PER_MILLISECOND: i64 = 10_000;
/// Ticks per second.
pub(crate) const TICKS_PER_SECOND: i64 = 10_000_000;
/// Ticks per minute.
pub(crate) const TICKS_PER_MINUTE: i64 = 60 * TICKS_PER_SECOND;
/// Ticks per hour.
pub(crate) const TICKS_PER_HOUR: i64 = 60 * TICKS_PER_MINUTE;
/// Ticks per day.
pub(crate) const TICKS_PER_DAY: i64 = 24 * TICKS_PER_HOUR;

/// Timespan unit suffixes Kusto accepts after a number (`5d`, `90m`, `10microsecond`), with their
/// length in ticks. `m` is minutes; there is no week unit.
pub(crate) const TIMESPAN_UNITS: &[(&str, i64)] = &[
    ("d", TICKS_PER_DAY),
    ("day", TICKS_PER_DAY),
    ("days", TICKS_PER_DAY),
    ("h", TICKS_PER_HOUR),
    ("hr", TICKS_PER_HOUR),
    ("hour", TICKS_PER_HOUR),
    ("hours", TICKS_PER_HOUR),
    ("m", TICKS_PER_MINUTE),
    ("min", TICKS_PER_MINUTE),
    ("minute", TICKS_PER_MINUTE),
    ("minutes", TICKS_PER_MINUTE),
    ("s", TICKS_PER_SECOND),
    ("sec", TICKS_PER_SECOND),
    ("second", TICKS_PER_SECOND),
    ("seconds", TICKS_PER_SECOND),
    ("ms", TICKS_PER_MILLISECOND),
    ("milli", TICKS_PER_MILLISECOND),
    ("millisecond", TICKS_PER_MILLISECOND),
    ("milliseconds", TICKS_PER_MILLISECOND),
    ("microsecond", TICKS_PER_MICROSECOND),
    ("microseconds", TICKS_PER_MICROSECOND),
    ("micro", TICKS_PER_MICROSECOND),
    ("tick", 1),
    ("ticks", 1),
];

/// The length in ticks of a timespan unit suffix, if `unit` is one.
pub(crate) fn timespan_unit(unit: &str) -> Option<i64> {
    TIMESPAN_UNITS
        .iter()
        .find(|(name, _)| *name == unit)
        .map(|&(_, ticks)| ticks)
}

/// Days from 1970-01-01 to the given proleptic Gregorian date (negative before it).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date (year, month, day) `days` after 1970-01-01: the inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Parses 1 to `max` ASCII digits as a number.
fn digits(text: &str, min: usize, max: usize) -> Option<i64> {
    let ok = (min..=max).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| text.parse().ok()).flatten()
}

/// Parses up to 7 fractional-second digits (`"9"` → 9_000_000 ticks).
fn fraction_ticks(text: &str) -> Result<i64, String> {
    if text.is_empty() || text.len() > 7 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "expected 1 to 7 digits of fractional seconds, found '{text}'"
        ));
    }
    let value: i64 = text
        .parse()
        .map_err(|_| format!("invalid fraction '{text}'"))?;
    Ok(value * 10_i64.pow(7 - text.len() as u32))
}

/// Decodes the text of a `datetime(…)` literal (or of `todatetime`'s argument) to ticks since
/// 1970-01-01T00:00:00Z, in the layouts of Kusto's `scalar-data-types/datetime.md`:
///
/// - ISO 8601 and "sortable": `YYYY-MM-DD`, then optionally `T` or a space and
///   `hh:mm[:ss[.f{1,7}]]`, then an optional `Z` or ` GMT` / ` UTC`; month, day and hour may
///   have one digit (`2014-11-8T15:05`);
/// - RFC 822: `[Sat, ]8 Nov 14 15:05[:02][ GMT]`;
/// - RFC 850: `[Saturday, ]08-Nov-14 15:05[:02][ GMT]`.
///
/// The literal may also be quoted (`datetime("2015-12-31 23:59:59.9")`). A two-digit year is
/// 2000–2068 for 00–68 and 1969–1999 for 69–99 (the POSIX rule chrono's `%y` applies in
/// `todatetime`); the weekday name is not checked against the date. All datetimes are UTC.
///
/// ```ebnf
/// datetime_text ::= '"' datetime_body '"' | "'" datetime_body "'" | datetime_body
/// datetime_body ::= (iso_datetime | rfc822_datetime | rfc850_datetime) [zone]
/// iso_datetime  ::= year "-" month "-" day [("T" | " ") clock]
/// rfc822_datetime ::= [weekday "," " "] day " " month_name " " short_year " " clock
/// rfc850_datetime ::= [weekday "," " "] day "-" month_name "-" short_year " " clock
/// zone          ::= "Z" | " GMT" | " UTC"
/// year          ::= [0-9]{4}                  (* 0001 … 9999 *)
/// short_year    ::= [0-9]{2} | [0-9]{4}
/// month         ::= [0-9]{1,2}
/// month_name    ::= "Jan" | "Feb" | "Mar" | "Apr" | "May" | "Jun" | "Jul" | "Aug" | "Sep"
///                 | "Oct" | "Nov" | "Dec"     (* any case *)
/// weekday       ::= [A-Za-z]+
/// day           ::= [0-9]{1,2}                (* checked against the month, leap years *)
/// ```
pub fn parse_datetime(text: &str) -> Result<i64, String> {
    let unquoted = ['"', '\'']
        .iter()
        .find_map(|q| text.strip_prefix(*q).and_then(|t| t.strip_suffix(*q)))
        .unwrap_or(text);
    let zoneless = ["Z", " GMT", " UTC"]
        .iter()
        .find_map(|zone| unquoted.strip_suffix(zone))
        .unwrap_or(unquoted);
    match iso_datetime(zoneless, text) {
        Ok(ticks) => Ok(ticks),
        Err(message) => rfc_datetime(zoneless, text).ok_or(message),
    }
}

/// English month abbreviations, in calendar order.
const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// RFC 822 (`8 Nov 14 15:05:02`) or RFC 850 (`08-Nov-14 15:05`) text, a weekday first or not,
/// its zone already removed.
fn rfc_datetime(text: &str, whole: &str) -> Option<i64> {
    let body = match text.split_once(", ") {
        Some((weekday, rest)) if weekday.bytes().all(|b| b.is_ascii_alphabetic()) => rest,
        _ => text,
    };
    let (date, clock) = body.rsplit_once(' ')?;
    let parts: Vec<&str> = if date.contains('-') {
        date.split('-').collect()
    } else {
        date.split(' ').collect()
    };
    let [d, mon, y] = parts.as_slice() else {
        return None;
    };
    let day = digits(d, 1, 2)?;
    let month = MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(mon))
        .and_then(|i| i64::try_from(i).ok())?
        + 1;
    let year = match y.len() {
        2 => digits(y, 2, 2).map(|v| if v < 69 { 2000 + v } else { 1900 + v })?,
        _ => digits(y, 4, 4)?,
    };
    if year < 1 || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let ticks = days_from_civil(year, month, day) * TICKS_PER_DAY;
    Some(ticks + parse_clock(clock, whole).ok()?)
}

/// ISO 8601 or sortable text without its zone: `YYYY-M[M]-D[D][(T| )clock]`.
fn iso_datetime(body: &str, text: &str) -> Result<i64, String> {
    let bad =
        || format!("invalid datetime '{text}': expected ISO 8601 such as 2024-01-31T10:00:00Z");
    let (date, time) = match body.find(['T', ' ']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let mut parts = date.split('-');
    let (Some(y), Some(mo), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let year = digits(y, 4, 4).ok_or_else(bad)?;
    let month = digits(mo, 1, 2).ok_or_else(bad)?;
    let day = digits(d, 1, 2).ok_or_else(bad)?;
    if year < 1 || !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return Err(format!("invalid datetime '{text}': no such date"));
    }
    let mut ticks = days_from_civil(year, month, day) * TICKS_PER_DAY;
    if let Some(time) = time {
        ticks += parse_clock(time, text)?;
    }
    Ok(ticks)
}

/// `hh:mm[:ss[.fffffff]]` within a day, to ticks.
///
/// ```ebnf
/// clock    ::= hour ":" minute [":" second ["." fraction]]
/// hour     ::= [0-9]{1,2}                (* 0 … 23 *)
/// minute   ::= [0-9]{2}                  (* 0 … 59 *)
/// second   ::= [0-9]{2}                  (* 0 … 59 *)
/// fraction ::= [0-9]{1,7}                (* 100-ns ticks *)
/// ```
fn parse_clock(time: &str, whole: &str) -> Result<i64, String> {
    let bad = || format!("invalid time of day in '{whole}': expected hh:mm[:ss[.fffffff]]");
    let mut parts = time.split(':');
    let (Some(h), Some(m), s, None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let hours = digits(h, 1, 2).ok_or_else(bad)?;
    let minutes = digits(m, 2, 2).ok_or_else(bad)?;
    let (seconds, fraction) = match s {
        None => (0, 0),
        Some(s) => match s.split_once('.') {
            Some((whole_s, frac)) => (
                digits(whole_s, 2, 2).ok_or_else(bad)?,
                fraction_ticks(frac)?,
            ),
            None => (digits(s, 2, 2).ok_or_else(bad)?, 0),
        },
    };
    if hours > 23 || minutes > 59 || seconds > 59 {
        return Err(format!("invalid time of day in '{whole}': out of range"));
    }
    Ok(hours * TICKS_PER_HOUR + minutes * TICKS_PER_MINUTE + seconds * TICKS_PER_SECOND + fraction)
}

/// Decodes a number with an optional fraction times `unit` ticks, exactly (`1.5` h →
/// 54_000_000_000). Fractions of a tick are truncated.
pub(crate) fn scaled_ticks(integer: &str, fraction: &str, unit: i64) -> Option<i64> {
    let whole: i64 = integer.parse().ok()?;
    let mut ticks = whole.checked_mul(unit)?;
    if !fraction.is_empty() {
        // Only the first 18 digits can matter: a unit is at most 8.64e11 ticks.
        let fraction = &fraction[..fraction.len().min(18)];
        let numerator: i128 = fraction.parse().ok()?;
        let denominator = 10_i128.pow(fraction.len() as u32);
        let extra = numerator * i128::from(unit) / denominator;
        ticks = ticks.checked_add(i64::try_from(extra).ok()?)?;
    }
    Some(ticks)
}

/// Decodes the text of a `time(…)` / `timespan(…)` literal to ticks.
///
/// Accepted: `[-][d.]hh:mm[:ss[.fffffff]]`, a number with a unit (`15 seconds`, `1.5h`), or a
/// bare number of days (`2`, `0.5`).
///
/// ```ebnf
/// timespan_text ::= ["-"] ( [[0-9]{1,8} "."] clock
///                         | [0-9]+ ["." [0-9]*] [ws timespan_unit]   (* no unit: days *)
///                         )
/// ```
pub fn parse_timespan(text: &str) -> Result<i64, String> {
    let bad = || {
        format!(
            "invalid timespan '{text}': expected [-][d.]hh:mm[:ss[.fffffff]], a number with a \
             unit such as 15s, or a number of days"
        )
    };
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text),
    };
    let ticks = if body.contains(':') {
        let (days, clock) = match body.split_once(':') {
            Some((head, _)) if head.contains('.') => {
                let (d, rest) = body.split_once('.').ok_or_else(bad)?;
                (digits(d, 1, 8).ok_or_else(bad)?, rest)
            }
            _ => (0, body),
        };
        days.checked_mul(TICKS_PER_DAY)
            .and_then(|d| d.checked_add(parse_clock(clock, text).ok()?))
            .ok_or_else(bad)?
    } else {
        let number_len = body
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(body.len());
        let (number, unit) = body.split_at(number_len);
        let unit = unit.trim_start();
        let unit_ticks = if unit.is_empty() {
            TICKS_PER_DAY
        } else {
            timespan_unit(unit).ok_or_else(bad)?
        };
        let (integer, fraction) = number.split_once('.').unwrap_or((number, ""));
        if integer.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        scaled_ticks(integer, fraction, unit_ticks).ok_or_else(bad)?
    };
    Ok(if negative { -ticks } else { ticks })
}

/// Canonical datetime text: `2014-05-25T08:20:03.1234560Z`, the fraction (7 digits) only when
/// non-zero; the form Kusto itself prints.
pub(crate) fn format_datetime(ticks: i64) -> String {
    let days = ticks.div_euclid(TICKS_PER_DAY);
    let in_day = ticks.rem_euclid(TICKS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    let hours = in_day / TICKS_PER_HOUR;
    let minutes = in_day % TICKS_PER_HOUR / TICKS_PER_MINUTE;
    let seconds = in_day % TICKS_PER_MINUTE / TICKS_PER_SECOND;
    let fraction = in_day % TICKS_PER_SECOND;
    let mut out = format!("{year:04}-{month:02}-{day:02}T{hours:02}:{minutes:02}:{seconds:02}");
    if fraction != 0 {
        out.push_str(&format!(".{fraction:07}"));
    }
    out.push('Z');
    out
}

/// Canonical timespan text, re-parsed by the literal parser to the same ticks:
///
/// - a whole number of days, hours, minutes or seconds uses the largest such unit: `5d`,
///   `36h`, `90m`, `10s`;
/// - otherwise a positive value under a second uses `ms`, `microsecond` or `tick`: `100ms`;
/// - anything else is `time([-][d.]hh:mm:ss[.fffffff])`: `time(1.02:03:04.5000000)`,
///   `time(-1.00:00:00)`.
pub(crate) fn format_timespan(ticks: i64) -> String {
    if ticks >= 0 {
        for (unit, suffix) in [
            (TICKS_PER_DAY, "d"),
            (TICKS_PER_HOUR, "h"),
            (TICKS_PER_MINUTE, "m"),
            (TICKS_PER_SECOND, "s"),
        ] {
            if ticks % unit == 0 {
                return format!("{}{suffix}", ticks / unit);
            }
        }
        if ticks < TICKS_PER_SECOND {
            for (unit, suffix) in [
                (TICKS_PER_MILLISECOND, "ms"),
                (TICKS_PER_MICROSECOND, "microsecond"),
                (1, "tick"),
            ] {
                if ticks % unit == 0 {
                    return format!("{}{suffix}", ticks / unit);
                }
            }
        }
    }
    let sign = if ticks < 0 { "-" } else { "" };
    let abs = ticks.unsigned_abs();
    let day = TICKS_PER_DAY.unsigned_abs();
    let (days, in_day) = (abs / day, abs % day);
    let hours = in_day / TICKS_PER_HOUR.unsigned_abs();
    let minutes = in_day % TICKS_PER_HOUR.unsigned_abs() / TICKS_PER_MINUTE.unsigned_abs();
    let seconds = in_day % TICKS_PER_MINUTE.unsigned_abs() / TICKS_PER_SECOND.unsigned_abs();
    let fraction = in_day % TICKS_PER_SECOND.unsigned_abs();
    let mut out = format!("time({sign}");
    if days != 0 {
        out.push_str(&format!("{days}."));
    }
    out.push_str(&format!("{hours:02}:{minutes:02}:{seconds:02}"));
    if fraction != 0 {
        out.push_str(&format!(".{fraction:07}"));
    }
    out.push(')');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected Unix seconds below were computed independently with GNU date, e.g.
    // `date -u -d '2014-05-25T08:20:03Z' +%s` = 1401006003.

    #[test]
    fn datetime_forms_decode_to_unix_ticks() {
        assert_eq!(parse_datetime("1970-01-01"), Ok(0));
        assert_eq!(
            parse_datetime("2014-05-25T08:20:03.123456Z"),
            Ok(1_401_006_003 * TICKS_PER_SECOND + 1_234_560)
        );
        assert_eq!(
            parse_datetime("2015-12-31"),
            Ok(1_451_520_000 * TICKS_PER_SECOND)
        );
        assert_eq!(
            parse_datetime("2015-12-31 23:59:59.9"),
            Ok(1_451_606_399 * TICKS_PER_SECOND + 9_000_000)
        );
        assert_eq!(
            parse_datetime("2014-05-25T08:20"),
            Ok((1_401_006_003 - 3) * TICKS_PER_SECOND)
        );
        assert_eq!(
            parse_datetime("2024-02-29T12:00:00Z"),
            Ok(1_709_208_000 * TICKS_PER_SECOND)
        );
        assert_eq!(
            parse_datetime("0001-01-01"),
            Ok(-62_135_596_800 * TICKS_PER_SECOND)
        );
        assert_eq!(
            parse_datetime("9999-12-31T23:59:59.9999999Z"),
            Ok(253_402_300_799 * TICKS_PER_SECOND + 9_999_999)
        );
        assert_eq!(
            parse_datetime("1969-12-31T23:59:59Z"),
            Ok(-TICKS_PER_SECOND)
        );
    }

    #[test]
    fn invalid_datetimes_are_rejected() {
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-01-01T24:00",
            "2024-01-01T10:00:00.12345678",
            "24-01-01",
            "2024/01/01",
            "",
            "2024-01-01T10",
        ] {
            assert!(parse_datetime(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn datetimes_format_canonically_and_round_trip() {
        let ticks = parse_datetime("2014-05-25T08:20:03.123456Z").unwrap();
        assert_eq!(format_datetime(ticks), "2014-05-25T08:20:03.1234560Z");
        assert_eq!(format_datetime(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_datetime(-TICKS_PER_SECOND), "1969-12-31T23:59:59Z");
        for text in [
            "0001-01-01T00:00:00Z",
            "2000-02-29T23:59:59.0000001Z",
            "9999-12-31T00:00:00Z",
        ] {
            assert_eq!(format_datetime(parse_datetime(text).unwrap()), text);
        }
    }

    #[test]
    fn timespans_decode_to_ticks() {
        assert_eq!(parse_timespan("2"), Ok(2 * TICKS_PER_DAY));
        assert_eq!(parse_timespan("0.5"), Ok(TICKS_PER_DAY / 2));
        assert_eq!(parse_timespan("15 seconds"), Ok(150_000_000));
        assert_eq!(parse_timespan("1.5h"), Ok(54_000_000_000));
        // 0.12:34:56.7 = 12 h 34 min 56.7 s = 45_296.7 s
        assert_eq!(parse_timespan("0.12:34:56.7"), Ok(452_967_000_000));
        // 1.02:03:04.5 = 93_784.5 s
        assert_eq!(parse_timespan("1.02:03:04.5"), Ok(937_845_000_000));
        assert_eq!(parse_timespan("-01:30"), Ok(-54_000_000_000));
        assert_eq!(parse_timespan("00:00:00.0000001"), Ok(1));
        assert!(parse_timespan("1:2").is_err());
        assert!(parse_timespan("5 weeks").is_err());
        assert!(parse_timespan("").is_err());
        assert!(parse_timespan("25:00").is_err());
    }

    #[test]
    fn scaled_ticks_are_exact() {
        assert_eq!(scaled_ticks("1", "5", TICKS_PER_HOUR), Some(54_000_000_000));
        assert_eq!(scaled_ticks("0", "1", TICKS_PER_SECOND), Some(1_000_000));
        assert_eq!(scaled_ticks("0", "05", 1), Some(0));
        assert_eq!(scaled_ticks("99999999999", "", TICKS_PER_DAY), None);
    }

    #[test]
    fn timespans_format_canonically() {
        assert_eq!(format_timespan(5 * TICKS_PER_DAY), "5d");
        assert_eq!(format_timespan(0), "0d");
        assert_eq!(format_timespan(54_000_000_000), "90m");
        assert_eq!(format_timespan(36 * TICKS_PER_HOUR), "36h");
        assert_eq!(format_timespan(1_000_000), "100ms");
        assert_eq!(format_timespan(100), "10microsecond");
        assert_eq!(format_timespan(7), "7tick");
        assert_eq!(format_timespan(937_845_000_000), "time(1.02:03:04.5000000)");
        assert_eq!(format_timespan(-TICKS_PER_DAY), "time(-1.00:00:00)");
        assert_eq!(format_timespan(-1), "time(-00:00:00.0000001)");
        assert_eq!(format_timespan(15_000_000), "time(00:00:01.5000000)");
        assert!(format_timespan(i64::MIN).starts_with("time(-"));
    }
}
