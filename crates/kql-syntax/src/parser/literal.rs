//! Literal productions: strings, numbers, timespans, booleans and typed literals, decoded to
//! [`Literal`] values (escapes resolved, numbers and times converted to their final values).
//!
//! Datetime and timespan text is decoded by `crate::time`; `dynamic(…)` literals become a
//! [`DynamicValue`] tree (JSON extended with KQL literals); `decimal(…)` keeps its exact digits
//! as canonical text and `guid(…)` its canonical lower-case form.

use super::lexical::{
    advance, backtrack, expected_failure, is_word_char, keyword, nested, punct, require,
    syntax_failure, unsupported_failure, word, ws,
};
use super::string::{starts_string_part, string_literal};
use super::{Input, PResult};
use crate::ast::{DynamicValue, Literal};
use crate::time::{parse_datetime, parse_timespan, scaled_ticks, timespan_unit};
use crate::{KqlType, Span};
use nom::Input as _;

/// Any literal, with its span.
///
/// ```ebnf
/// literal ::= string_literal | number_literal | bool_literal | typed_literal
/// ```
pub(crate) fn literal(input: Input<'_>) -> PResult<'_, (Literal, Span)> {
    let (at, ()) = ws(input)?;
    let text: &str = at.fragment();
    if starts_string_part(text) {
        let (rest, (value, span)) = string_literal(at)?;
        return Ok((rest, (Literal::String(value), span)));
    }
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        return number_literal(at);
    }
    match bool_literal(at) {
        Err(nom::Err::Error(_)) => typed_literal(at),
        other => other,
    }
}

// ---------------------------------------------------------------------------------------------
// Numbers and timespans
// ---------------------------------------------------------------------------------------------

/// A long, real or timespan literal. `.5` is not a number; `1.` is a real; `1..2` is `1 .. 2`.
///
/// ```ebnf
/// number_literal   ::= hex_literal | decimal_number [timespan_unit]
/// hex_literal      ::= "0" ("x" | "X") [0-9A-Fa-f]+
/// decimal_number   ::= [0-9]+ ["." [0-9]*] [("e" | "E") ["+" | "-"] [0-9]+]
/// timespan_unit    ::= "d" | "day" | "days" | "h" | "hr" | "hour" | "hours" | "m" | "min"
///                    | "minute" | "minutes" | "s" | "sec" | "second" | "seconds" | "ms"
///                    | "milli" | "millisecond" | "milliseconds" | "microsecond"
///                    | "microseconds" | "micro" | "tick" | "ticks"
/// ```
///
/// A unit is allowed only without an exponent. Integers are `long`; a number with `.` or an
/// exponent is `real`.
pub(crate) fn number_literal(input: Input<'_>) -> PResult<'_, (Literal, Span)> {
    let (at, ()) = ws(input)?;
    let text: &str = at.fragment();
    let start = at.location_offset();
    if !text.starts_with(|c: char| c.is_ascii_digit()) {
        return backtrack(at);
    }
    let digit_run = |from: usize| {
        text[from..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(text.len(), |n| from + n)
    };
    // The whole alphanumeric token, for messages.
    let token_end = text
        .find(|c: char| !is_word_char(c) && c != '.')
        .unwrap_or(text.len());
    let bad = |message: String| syntax_failure(message, Span::new(start, start + token_end));

    if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        let len = hex
            .find(|c: char| !c.is_ascii_hexdigit())
            .unwrap_or(hex.len());
        if len == 0 || hex[len..].starts_with(is_word_char) {
            return Err(bad(format!("invalid hex literal '{}'", &text[..token_end])));
        }
        let value = i64::from_str_radix(&hex[..len], 16).map_err(|_| {
            bad(format!(
                "hex literal '{}' is out of range for long",
                &text[..2 + len]
            ))
        })?;
        let (rest, span) = advance(at, 2 + len);
        return Ok((rest, (Literal::Long(value), span)));
    }

    let int_end = digit_run(0);
    let mut end = int_end;
    let mut fraction = "";
    let mut is_real = false;
    if text[end..].starts_with('.') && !text[end..].starts_with("..") {
        let frac_end = digit_run(end + 1);
        fraction = &text[end + 1..frac_end];
        end = frac_end;
        is_real = true;
    }
    let mut has_exponent = false;
    if text[end..].starts_with(['e', 'E']) {
        let after_sign = end + 1 + usize::from(text[end + 1..].starts_with(['+', '-']));
        let exp_end = digit_run(after_sign);
        if exp_end > after_sign {
            end = exp_end;
            is_real = true;
            has_exponent = true;
        }
    }
    let suffix_len = text[end..]
        .find(|c: char| !is_word_char(c))
        .unwrap_or(text.len() - end);
    if suffix_len > 0 {
        let unit = &text[end..end + suffix_len];
        let unit_ticks = timespan_unit(unit)
            .filter(|_| !has_exponent && unit.starts_with(|c: char| c.is_ascii_alphabetic()));
        let Some(unit_ticks) = unit_ticks else {
            if has_exponent && timespan_unit(unit).is_some() {
                return Err(bad(format!(
                    "invalid timespan '{}': a unit cannot follow an exponent",
                    &text[..end + suffix_len]
                )));
            }
            if !is_real && !has_exponent {
                // `90th_Percentile` is a name (see lexical::word).
                return backtrack(at);
            }
            return Err(bad(format!(
                "invalid number '{}': '{unit}' is not a timespan unit (d, h, m, s, ms, microsecond, tick)",
                &text[..end + suffix_len]
            )));
        };
        let ticks = scaled_ticks(&text[..int_end], fraction, unit_ticks).ok_or_else(|| {
            bad(format!(
                "timespan literal '{}' is out of range",
                &text[..end + suffix_len]
            ))
        })?;
        let (rest, span) = advance(at, end + suffix_len);
        return Ok((rest, (Literal::TimeSpan(ticks), span)));
    }
    let number = &text[..end];
    let value = if is_real {
        let value: f64 = number
            .parse()
            .map_err(|_| bad(format!("invalid real literal '{number}'")))?;
        if !value.is_finite() {
            return Err(bad(format!("real literal '{number}' is out of range")));
        }
        Literal::Real(value)
    } else {
        Literal::Long(number.parse().map_err(|_| {
            bad(format!(
                "integer literal '{number}' is out of range for long"
            ))
        })?)
    };
    let (rest, span) = advance(at, end);
    Ok((rest, (value, span)))
}

/// `true` or `false`.
///
/// ```ebnf
/// bool_literal ::= "true" | "false"
/// ```
pub(crate) fn bool_literal(input: Input<'_>) -> PResult<'_, (Literal, Span)> {
    if let Ok((rest, span)) = keyword("true")(input) {
        return Ok((rest, (Literal::Bool(true), span)));
    }
    let (rest, span) = keyword("false")(input)?;
    Ok((rest, (Literal::Bool(false), span)))
}

// ---------------------------------------------------------------------------------------------
// Typed literals
// ---------------------------------------------------------------------------------------------

/// A literal written as a type name and a value in parentheses; `T(null)` is the typed null.
///
/// ```ebnf
/// typed_literal ::= dynamic_literal
///                 | (type_name - "string") "(" typed_value ")"
/// typed_value   ::= "null"
///                 | ["+" | "-"] [0-9]+                          (* int (32-bit), long *)
///                 | ["+" | "-"] decimal_number | "nan" | ["+" | "-"] "inf"   (* real *)
///                 | "true" | "false"                            (* bool *)
///                 | datetime_text                               (* datetime, date *)
///                 | timespan_text                               (* time, timespan *)
///                 | ["+" | "-"] decimal_number                  (* decimal *)
///                 | hex{8} "-" hex{4} "-" hex{4} "-" hex{4} "-" hex{12}   (* guid *)
/// type_name     ::= "bool" | "boolean" | "int" | "long" | "real" | "double" | "decimal"
///                 | "string" | "datetime" | "date" | "timespan" | "time" | "guid"
///                 | "uuid" | "uniqueid" | "dynamic"
/// ```
///
/// `type_name` is also the column type of `datatable`; `string(…)` is not a literal.
pub(crate) fn typed_literal(input: Input<'_>) -> PResult<'_, (Literal, Span)> {
    let (after_word, (type_word, word_span)) = word(input)?;
    let Some(ty) = KqlType::from_name(type_word).filter(|t| *t != KqlType::String) else {
        return backtrack(input);
    };
    let (after_ws, ()) = ws(after_word)?;
    if !after_ws.starts_with('(') {
        return backtrack(input);
    }
    let open = after_ws.location_offset();
    if ty == KqlType::Dynamic {
        return dynamic_literal(after_ws, word_span);
    }
    let body: &str = &after_ws.fragment()[1..];
    let Some(close) = body
        .find([')', '\n'])
        .filter(|&i| body[i..].starts_with(')'))
    else {
        return Err(expected_failure(
            &format!("expected ')' to close '{type_word}('"),
            after_ws.take_from(1 + body.find('\n').unwrap_or(body.len())),
        ));
    };
    let raw = &body[..close];
    let content = raw.trim();
    let content_start = open + 1 + (raw.len() - raw.trim_start().len());
    let content_span = Span::new(content_start, content_start + content.len());
    let (rest, close_span) = advance(after_ws, close + 2);
    let span = word_span.to(close_span);
    if content == "null" {
        return Ok((rest, (Literal::Null(ty), span)));
    }
    let invalid = |what: &str| {
        syntax_failure(
            format!("invalid {type_word} literal '{content}': expected {what} or null"),
            if content.is_empty() {
                span
            } else {
                content_span
            },
        )
    };
    let value = match ty {
        KqlType::Int => Literal::Int(
            signed_integer(content)
                .and_then(|v| i32::try_from(v).ok())
                .ok_or_else(|| invalid("an integer in the int range"))?,
        ),
        KqlType::Long => {
            Literal::Long(signed_integer(content).ok_or_else(|| invalid("an integer"))?)
        }
        KqlType::Real => {
            Literal::Real(real_value(content).ok_or_else(|| invalid("a number, nan, +inf, -inf"))?)
        }
        KqlType::Bool => match content {
            "true" => Literal::Bool(true),
            "false" => Literal::Bool(false),
            _ => return Err(invalid("true, false")),
        },
        KqlType::DateTime if content.is_empty() => {
            return Err(unsupported_failure("'datetime()' (the current time)", span));
        }
        KqlType::DateTime => Literal::DateTime(
            parse_datetime(content).map_err(|message| syntax_failure(message, content_span))?,
        ),
        KqlType::TimeSpan => Literal::TimeSpan(
            parse_timespan(content).map_err(|message| syntax_failure(message, content_span))?,
        ),
        KqlType::Guid => Literal::Guid(
            guid_value(content).ok_or_else(|| invalid("hex digits in 8-4-4-4-12 form"))?,
        ),
        KqlType::Decimal => Literal::Decimal(
            decimal_value(content).ok_or_else(|| invalid("a number such as 1.5 or 1e5"))?,
        ),
        KqlType::String | KqlType::Dynamic => return backtrack(input),
    };
    Ok((rest, (value, span)))
}

/// `[+|-]digits` as an i64.
fn signed_integer(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// The value of `guid(…)`: 32 hex digits grouped 8-4-4-4-12 by hyphens, in lower case.
fn guid_value(text: &str) -> Option<String> {
    let groups: Vec<&str> = text.split('-').collect();
    let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    (lengths == [8, 4, 4, 4, 12]
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit())))
    .then(|| text.to_ascii_lowercase())
}

/// The value of `decimal(…)`: `[+|-]digits[.digits][(e|E)[+|-]digits]` as exact canonical text
/// (`1.50` → `1.5`, `1e5` → `100000`, `-0.0` → `0`); `None` for anything else or an exponent
/// beyond ±100 (no decimal has that many digits).
fn decimal_value(text: &str) -> Option<String> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => {
            let e = &unsigned[at + 1..];
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            (&unsigned[..at], e.parse::<i32>().ok()?)
        }
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
        || exponent.abs() > 100
    {
        return None;
    }
    // All digits, and where the point falls among them once the exponent moves it.
    let digits = format!("{whole}{fraction}");
    let point = whole.len() as i64 + i64::from(exponent);
    let (int_part, frac_part) = if point <= 0 {
        (
            String::new(),
            format!("{}{digits}", "0".repeat(point.unsigned_abs() as usize)),
        )
    } else if point as usize >= digits.len() {
        (
            format!("{digits}{}", "0".repeat(point as usize - digits.len())),
            String::new(),
        )
    } else {
        let (i, f) = digits.split_at(point as usize);
        (i.to_owned(), f.to_owned())
    };
    let int_part = int_part.trim_start_matches('0');
    let frac_part = frac_part.trim_end_matches('0');
    let mut out = String::new();
    if negative && !(int_part.is_empty() && frac_part.is_empty()) {
        out.push('-');
    }
    out.push_str(if int_part.is_empty() { "0" } else { int_part });
    if !frac_part.is_empty() {
        out.push('.');
        out.push_str(frac_part);
    }
    Some(out)
}

/// The value of `real(…)`: a signed decimal number, `nan`, `inf`, `+inf` or `-inf`.
fn real_value(text: &str) -> Option<f64> {
    match text {
        "nan" => return Some(f64::NAN),
        "inf" | "+inf" => return Some(f64::INFINITY),
        "-inf" => return Some(f64::NEG_INFINITY),
        _ => {}
    }
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let valid = unsigned.starts_with(|c: char| c.is_ascii_digit())
        && unsigned
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    valid
        .then(|| text.parse::<f64>().ok())
        .flatten()
        .filter(|v| v.is_finite())
}

/// A `dynamic` literal: JSON extended with KQL literals (`dynamic({"t": datetime(2020-01-01)})`,
/// `dynamic([1d, guid(null)])`), as dynamic.md allows for literals in the query text. `open`
/// is at the `(`.
///
/// ```ebnf
/// dynamic_literal ::= "dynamic" "(" dynamic_value ")"
/// dynamic_value   ::= "null" | dynamic_array | dynamic_bag | ["-"] number_literal | literal
/// dynamic_array   ::= "[" [dynamic_value ("," dynamic_value)*] "]"
/// dynamic_bag     ::= "{" [dynamic_entry ("," dynamic_entry)*] "}"
/// dynamic_entry   ::= string_literal ":" dynamic_value
/// ```
///
/// A bag key written twice keeps its last value. `dynamic(null)` is the dynamic null.
fn dynamic_literal(open: Input<'_>, word_span: Span) -> PResult<'_, (Literal, Span)> {
    let (after_open, open_span) = advance(open, 1);
    let (rest, value) = nested(after_open, open_span, dynamic_value)?;
    let Ok((rest, close)) = punct(")")(rest) else {
        return Err(expected_failure("expected ')' to close 'dynamic('", rest));
    };
    let span = word_span.to(close);
    let literal = match value {
        DynamicValue::Scalar(Literal::Null(_)) => Literal::Null(KqlType::Dynamic),
        value => Literal::Dynamic(Box::new(value)),
    };
    Ok((rest, (literal, span)))
}

/// One value inside `dynamic(…)`.
fn dynamic_value(input: Input<'_>) -> PResult<'_, DynamicValue> {
    let (at, ()) = ws(input)?;
    if let Ok((after, open)) = punct("[")(at) {
        return nested(after, open, dynamic_array);
    }
    if let Ok((after, open)) = punct("{")(at) {
        return nested(after, open, dynamic_bag);
    }
    if let Ok((rest, _)) = keyword("null")(at) {
        return Ok((rest, DynamicValue::Scalar(Literal::Null(KqlType::Dynamic))));
    }
    if let Ok((after_minus, minus)) = punct("-")(at) {
        let (rest, (value, span)) = require(number_literal(after_minus), after_minus, || {
            "expected a number after '-'".to_owned()
        })?;
        let negated = match value {
            Literal::Long(v) => v.checked_neg().map(Literal::Long),
            Literal::Real(v) => Some(Literal::Real(-v)),
            Literal::TimeSpan(v) => v.checked_neg().map(Literal::TimeSpan),
            _ => None,
        };
        let Some(negated) = negated else {
            return Err(syntax_failure(
                "number out of range after '-'",
                minus.to(span),
            ));
        };
        return Ok((rest, DynamicValue::Scalar(negated)));
    }
    match literal(at) {
        Ok((rest, (Literal::Dynamic(inner), _))) => Ok((rest, *inner)),
        Ok((rest, (value, _))) => Ok((rest, DynamicValue::Scalar(value))),
        Err(nom::Err::Error(_)) => Err(expected_failure(
            "expected a value inside dynamic(…): null, a number, a string, true, false, a \
             typed literal, [ … ] or { … }",
            at,
        )),
        Err(e) => Err(e),
    }
}

/// The elements of `[…]`, after the `[`.
fn dynamic_array(input: Input<'_>) -> PResult<'_, DynamicValue> {
    let mut items = Vec::new();
    let mut rest = input;
    if let Ok((after, _)) = punct("]")(rest) {
        return Ok((after, DynamicValue::Array(items)));
    }
    loop {
        let (after, item) = dynamic_value(rest)?;
        items.push(item);
        if let Ok((after, _)) = punct("]")(after) {
            return Ok((after, DynamicValue::Array(items)));
        }
        let Ok((after, _)) = punct(",")(after) else {
            return Err(expected_failure(
                "expected ',' or ']' in a dynamic array",
                after,
            ));
        };
        rest = after;
    }
}

/// The entries of `{…}`, after the `{`.
fn dynamic_bag(input: Input<'_>) -> PResult<'_, DynamicValue> {
    let mut entries: Vec<(String, DynamicValue)> = Vec::new();
    let mut rest = input;
    if let Ok((after, _)) = punct("}")(rest) {
        return Ok((after, DynamicValue::Bag(entries)));
    }
    loop {
        let (at, ()) = ws(rest)?;
        if !starts_string_part(at.fragment()) {
            return Err(expected_failure(
                "expected a quoted key in a dynamic property bag",
                at,
            ));
        }
        let (after_key, (key, _)) = string_literal(at)?;
        let Ok((after_colon, _)) = punct(":")(after_key) else {
            return Err(expected_failure(
                "expected ':' after the key of a dynamic property bag",
                after_key,
            ));
        };
        let (after, value) = dynamic_value(after_colon)?;
        entries.retain(|(k, _)| *k != key);
        entries.push((key, value));
        if let Ok((after, _)) = punct("}")(after) {
            return Ok((after, DynamicValue::Bag(entries)));
        }
        let Ok((after, _)) = punct(",")(after) else {
            return Err(expected_failure(
                "expected ',' or '}' in a dynamic property bag",
                after,
            ));
        };
        rest = after;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(text: &str) -> Literal {
        let (rest, (value, span)) = literal(Input::new_extra(text, 0)).unwrap();
        assert_eq!(*rest.fragment(), "", "{text} fully consumed");
        assert_eq!(span, Span::new(0, text.len()), "{text} span");
        value
    }

    fn lit_err(text: &str) -> String {
        match literal(Input::new_extra(text, 0)) {
            Err(nom::Err::Failure(e)) => e.into_diagnostic(text).message,
            other => panic!("{text}: expected a failure, got {other:?}"),
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(lit("12"), Literal::Long(12));
        assert_eq!(lit("0xf"), Literal::Long(15));
        assert_eq!(lit("0XFF"), Literal::Long(255));
        assert_eq!(lit("9223372036854775807"), Literal::Long(i64::MAX));
        assert_eq!(lit("1.5"), Literal::Real(1.5));
        assert_eq!(lit("1e5"), Literal::Real(100_000.0));
        assert_eq!(lit("2.5E-3"), Literal::Real(0.0025));
        assert_eq!(lit("1."), Literal::Real(1.0));
        assert!(lit_err("9223372036854775808").contains("out of range"));
        assert!(lit_err("1e5s").contains("a unit cannot follow an exponent"));
        assert!(lit_err("1.5abc").contains("not a timespan unit"));
        assert!(lit_err("1e999").contains("out of range"));
    }

    #[test]
    fn number_before_range_dots() {
        let (rest, (value, _)) = literal(Input::new_extra("1..2", 0)).unwrap();
        assert_eq!(value, Literal::Long(1));
        assert_eq!(*rest.fragment(), "..2");
    }

    #[test]
    fn timespans() {
        assert_eq!(lit("5d"), Literal::TimeSpan(4_320_000_000_000));
        assert_eq!(lit("1.5h"), Literal::TimeSpan(54_000_000_000));
        assert_eq!(lit("30m"), Literal::TimeSpan(18_000_000_000));
        assert_eq!(lit("10s"), Literal::TimeSpan(100_000_000));
        assert_eq!(lit("100ms"), Literal::TimeSpan(1_000_000));
        assert_eq!(lit("10microsecond"), Literal::TimeSpan(100));
        assert_eq!(lit("1tick"), Literal::TimeSpan(1));
        assert_eq!(lit("2days"), Literal::TimeSpan(1_728_000_000_000));
        assert_eq!(lit("1hr"), Literal::TimeSpan(36_000_000_000));
        assert_eq!(lit("3hours"), Literal::TimeSpan(108_000_000_000));
        assert_eq!(lit("2min"), Literal::TimeSpan(1_200_000_000));
        assert_eq!(lit("1minute"), Literal::TimeSpan(600_000_000));
        assert_eq!(lit("1sec"), Literal::TimeSpan(10_000_000));
        assert_eq!(lit("2seconds"), Literal::TimeSpan(20_000_000));
        assert_eq!(lit("1milli"), Literal::TimeSpan(10_000));
        assert_eq!(lit("3milliseconds"), Literal::TimeSpan(30_000));
        assert_eq!(lit("1micro"), Literal::TimeSpan(10));
        assert_eq!(lit("5ticks"), Literal::TimeSpan(5));
        assert_eq!(
            lit("time(1.02:03:04.5)"),
            Literal::TimeSpan(937_845_000_000)
        );
        assert_eq!(lit("timespan(2)"), Literal::TimeSpan(1_728_000_000_000));
        assert_eq!(lit("timespan(15 seconds)"), Literal::TimeSpan(150_000_000));
        assert_eq!(
            lit("time(0.12:34:56.7)"),
            Literal::TimeSpan(452_967_000_000)
        );
        assert_eq!(lit("time(-01:00)"), Literal::TimeSpan(-36_000_000_000));
        assert_eq!(lit("time(1h)"), Literal::TimeSpan(36_000_000_000));
    }

    #[test]
    fn datetimes() {
        // 2014-05-25T08:20:03Z is Unix second 1401006003 (GNU date).
        assert_eq!(
            lit("datetime(2014-05-25T08:20:03.123456Z)"),
            Literal::DateTime(14_010_060_031_234_560)
        );
        assert_eq!(
            lit("datetime(2015-12-31)"),
            Literal::DateTime(14_515_200_000_000_000)
        );
        assert_eq!(
            lit("datetime(2015-12-31 23:59:59.9)"),
            Literal::DateTime(14_516_063_999_000_000)
        );
        assert_eq!(
            lit("datetime(2014-05-25T08:20)"),
            Literal::DateTime(14_010_060_000_000_000)
        );
        assert_eq!(lit("date( 1970-01-01 )"), Literal::DateTime(0));
        assert!(lit_err("datetime(2015-02-30)").contains("no such date"));
        assert_eq!(
            lit_err("datetime()"),
            "'datetime()' (the current time) is not supported yet"
        );
    }

    #[test]
    fn typed_values_and_nulls() {
        assert_eq!(lit("int(2)"), Literal::Int(2));
        assert_eq!(lit("int(-2)"), Literal::Int(-2));
        assert_eq!(lit("long(-1)"), Literal::Long(-1));
        assert_eq!(lit("real(1.5)"), Literal::Real(1.5));
        assert_eq!(lit("double(-2)"), Literal::Real(-2.0));
        assert!(matches!(lit("real(nan)"), Literal::Real(v) if v.is_nan()));
        assert_eq!(lit("real(+inf)"), Literal::Real(f64::INFINITY));
        assert_eq!(lit("real(-inf)"), Literal::Real(f64::NEG_INFINITY));
        assert_eq!(lit("bool(true)"), Literal::Bool(true));
        assert_eq!(lit("true"), Literal::Bool(true));
        assert_eq!(lit("false"), Literal::Bool(false));
        for (text, ty) in [
            ("int(null)", KqlType::Int),
            ("long(null)", KqlType::Long),
            ("real(null)", KqlType::Real),
            ("double(null)", KqlType::Real),
            ("bool(null)", KqlType::Bool),
            ("datetime(null)", KqlType::DateTime),
            ("timespan(null)", KqlType::TimeSpan),
            ("time(null)", KqlType::TimeSpan),
            ("guid(null)", KqlType::Guid),
            ("dynamic(null)", KqlType::Dynamic),
            ("dynamic( null )", KqlType::Dynamic),
            ("decimal(null)", KqlType::Decimal),
        ] {
            assert_eq!(lit(text), Literal::Null(ty), "{text}");
        }
        assert!(lit_err("int(3000000000)").contains("invalid int literal"));
        assert!(lit_err("long(x)").contains("invalid long literal 'x'"));
    }

    #[test]
    fn dynamic_literals() {
        use DynamicValue::{Array, Bag, Scalar};
        let dynamic = |v| Literal::Dynamic(Box::new(v));
        assert_eq!(
            lit(r#"dynamic({"a": [1, ")"], 'b' : {}, "t": datetime(1970-01-01), "n": null})"#),
            dynamic(Bag(vec![
                (
                    "a".into(),
                    Array(vec![
                        Scalar(Literal::Long(1)),
                        Scalar(Literal::String(")".into()))
                    ])
                ),
                ("b".into(), Bag(vec![])),
                ("t".into(), Scalar(Literal::DateTime(0))),
                ("n".into(), Scalar(Literal::Null(KqlType::Dynamic))),
            ]))
        );
        assert_eq!(
            lit("dynamic([-1, -2.5, true, 1d, long(null), dynamic([])])"),
            dynamic(Array(vec![
                Scalar(Literal::Long(-1)),
                Scalar(Literal::Real(-2.5)),
                Scalar(Literal::Bool(true)),
                Scalar(Literal::TimeSpan(864_000_000_000)),
                Scalar(Literal::Null(KqlType::Long)),
                Array(vec![]),
            ]))
        );
        assert_eq!(lit("dynamic(4)"), dynamic(Scalar(Literal::Long(4))));
        assert_eq!(lit("dynamic( null )"), Literal::Null(KqlType::Dynamic));
        assert_eq!(
            lit(r#"dynamic({"a": 1, "a": 2})"#),
            dynamic(Bag(vec![("a".into(), Scalar(Literal::Long(2)))])),
            "a repeated key keeps its last value"
        );
        assert!(lit_err("dynamic([1, 2").contains("expected ',' or ']'"));
        assert!(lit_err(r#"dynamic({a: 1})"#).contains("expected a quoted key"));
        assert!(lit_err("dynamic([1 2])").contains("expected ',' or ']'"));
        assert!(lit_err("dynamic(x)").contains("expected a value inside dynamic"));
        assert!(lit_err("dynamic([1]").contains("expected ')' to close 'dynamic('"));
    }

    #[test]
    fn decimal_and_guid_literals() {
        let decimal = |text: &str| Literal::Decimal(text.into());
        assert_eq!(lit("decimal(1.0)"), decimal("1"));
        assert_eq!(lit("decimal(1e5)"), decimal("100000"));
        assert_eq!(lit("decimal(123.45678)"), decimal("123.45678"));
        assert_eq!(lit("decimal(-0.050)"), decimal("-0.05"));
        assert_eq!(lit("decimal(+2.5E-3)"), decimal("0.0025"));
        assert_eq!(lit("decimal(-0.0)"), decimal("0"));
        assert_eq!(lit("decimal(0012)"), decimal("12"));
        assert!(lit_err("decimal(1.2.3)").contains("invalid decimal literal '1.2.3'"));
        assert!(lit_err("decimal(nan)").contains("invalid decimal literal"));
        assert!(lit_err("decimal(1e)").contains("invalid decimal literal"));
        assert_eq!(
            lit("guid(74BE27DE-1e4e-49d9-b579-fe0b331d3642)"),
            Literal::Guid("74be27de-1e4e-49d9-b579-fe0b331d3642".into())
        );
        assert!(lit_err("guid(74be27de1e4e49d9b579fe0b331d3642)").contains("invalid guid"));
        assert!(lit_err("guid(74be27de-1e4e-49d9-b579-fe0b331d364g)").contains("invalid guid"));
    }

    #[test]
    fn type_words_without_parentheses_are_not_literals() {
        assert!(matches!(
            literal(Input::new_extra("datetime", 0)),
            Err(nom::Err::Error(_))
        ));
        assert!(matches!(
            literal(Input::new_extra("datetime_diff(", 0)),
            Err(nom::Err::Error(_))
        ));
    }
}
