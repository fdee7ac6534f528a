//! The JSON text of `dynamic` values: reading parts of it without building a tree per row,
//! and writing it.
//!
//! A `dynamic` cell holds compact JSON (no whitespace outside strings); JSON `null` is a null
//! cell. Access borrows the text of the selected part ([`member`], [`element`]), so `d.a.b`
//! copies bytes once, into the result column; serde's visitors skip the parts not asked for.
//! Why JSON text at all: see [`crate::dynamic`].

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

/// The kind of a JSON value, read from its first byte (the text is valid compact JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    /// `{…}`
    Object,
    /// `[…]`
    Array,
    /// `"…"`
    String,
    /// A number.
    Number,
    /// `true` / `false`.
    Bool,
    /// `null`.
    Null,
}

/// The kind of the JSON text `json`.
pub fn kind(json: &str) -> JsonKind {
    match json.as_bytes().first() {
        Some(b'{') => JsonKind::Object,
        Some(b'[') => JsonKind::Array,
        Some(b'"') => JsonKind::String,
        Some(b't' | b'f') => JsonKind::Bool,
        Some(b'n') | None => JsonKind::Null,
        Some(_) => JsonKind::Number,
    }
}

/// Appends `text` as a JSON string literal (quoted, escaped as JSON requires).
pub fn push_json_string(out: &mut String, text: &str) {
    use std::fmt::Write;
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends the KQL string of a dynamic value's JSON text (what `tostring()` gives): a JSON
/// string unquoted and unescaped, `null` as nothing, a real number as `tostring()` of that
/// real, anything else the text itself.
///
/// ```text
/// "a\"b" → a"b      [1,2] → [1,2]      null → (empty)      2.50 → 2.5      12 → 12
/// ```
pub fn push_kql_string(out: &mut String, json: &str) {
    match kind(json) {
        JsonKind::String => match string_value(json) {
            Some(text) => out.push_str(&text),
            None => out.push_str(json),
        },
        JsonKind::Null => {}
        JsonKind::Number if json.contains(['.', 'e', 'E']) => match json.parse::<f64>() {
            Ok(v) => crate::format::write_real(out, v),
            Err(_) => out.push_str(json),
        },
        _ => out.push_str(json),
    }
}

/// The decoded text of a JSON string literal (`"a\"b"` → `a"b`); `None` if `json` is not one.
pub fn string_value(json: &str) -> Option<Cow<'_, str>> {
    if kind(json) != JsonKind::String {
        return None;
    }
    let Borrowable(text) = serde_json::from_str(json).ok()?;
    Some(text)
}

/// A string that borrows from the input when it has no escapes.
struct Borrowable<'de>(Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Borrowable<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Borrowable<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Borrowable(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Borrowable(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

/// Finds one key of an object, skipping the other values unparsed.
struct FindMember<'k>(&'k str);

impl<'de> DeserializeSeed<'de> for FindMember<'_> {
    type Value = Option<&'de RawValue>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FindMember<'_> {
    type Value = Option<&'de RawValue>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(Borrowable(key)) = map.next_key()? {
            if found.is_none() && key == self.0 {
                found = Some(map.next_value::<&RawValue>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// The JSON text of member `key` of the object `json`; `None` if `json` is not an object or
/// has no such key. Keys are case-sensitive.
pub fn member<'a>(json: &'a str, key: &str) -> Option<&'a str> {
    if kind(json) != JsonKind::Object {
        return None;
    }
    let mut de = serde_json::Deserializer::from_str(json);
    let raw = FindMember(key).deserialize(&mut de).ok()??;
    Some(raw.get())
}

/// The JSON texts of the elements of the array `json`; `None` if it is not an array.
pub fn elements(json: &str) -> Option<Vec<&str>> {
    if kind(json) != JsonKind::Array {
        return None;
    }
    let items: Vec<&RawValue> = serde_json::from_str(json).ok()?;
    Some(items.into_iter().map(RawValue::get).collect())
}

/// The keys and value texts of the object `json`, in their written order; `None` if it is
/// not an object.
pub fn entries(json: &str) -> Option<Vec<(Cow<'_, str>, &str)>> {
    struct Entries;
    impl<'de> Visitor<'de> for Entries {
        type Value = Vec<(Cow<'de, str>, &'de str)>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(Borrowable(key)) = map.next_key()? {
                let value: &RawValue = map.next_value()?;
                out.push((key, value.get()));
            }
            Ok(out)
        }
    }
    if kind(json) != JsonKind::Object {
        return None;
    }
    let mut de = serde_json::Deserializer::from_str(json);
    de.deserialize_map(Entries).ok()
}

/// The JSON text of element `index` of the array `json` (negative counts from the end);
/// `None` out of range or if `json` is not an array.
pub fn element(json: &str, index: i64) -> Option<&str> {
    if kind(json) != JsonKind::Array {
        return None;
    }
    if index >= 0 {
        struct Nth(u64);
        impl<'de> Visitor<'de> for Nth {
            type Value = Option<&'de RawValue>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut found = None;
                let mut i = 0;
                loop {
                    if i == self.0 {
                        match seq.next_element::<&RawValue>()? {
                            Some(v) => found = Some(v),
                            None => break,
                        }
                    } else if seq.next_element::<IgnoredAny>()?.is_none() {
                        break;
                    }
                    i += 1;
                }
                Ok(found)
            }
        }
        let mut de = serde_json::Deserializer::from_str(json);
        let n = u64::try_from(index).ok()?;
        return de.deserialize_seq(Nth(n)).ok()?.map(RawValue::get);
    }
    let items = elements(json)?;
    let at = i64::try_from(items.len()).ok()?.checked_add(index)?;
    items.get(usize::try_from(at).ok()?).copied()
}

/// True when two JSON texts hold the same KQL value: numbers compare as numbers (`1` equals
/// `1.0`), strings by their decoded text, anything else by its (compact) text.
pub fn json_equal(a: &str, b: &str) -> bool {
    match (kind(a), kind(b)) {
        (JsonKind::Number, JsonKind::Number) => match (a.parse::<f64>(), b.parse::<f64>()) {
            (Ok(x), Ok(y)) => x == y,
            _ => a == b,
        },
        (JsonKind::String, JsonKind::String) => string_value(a) == string_value(b),
        _ => a == b,
    }
}

/// Appends the JSON text of a `dynamic(…)` literal. KQL scalars JSON cannot hold are written
/// as the strings of their canonical text, as Kusto serializes them (dynamic.md):
/// `datetime(2020-01-01)` → `"2020-01-01T00:00:00.0000000Z"`, `1d` → `"1.00:00:00"`, and
/// `real(nan)` → `"NaN"`. Reals keep a fraction (`1.0`), so they stay apart from longs. Fails
/// on a datetime or timespan outside the 64-bit nanosecond range.
pub fn push_dynamic_literal(
    out: &mut String,
    value: &kql_syntax::ast::DynamicValue,
) -> Result<(), &'static str> {
    use kql_syntax::ast::{DynamicValue, Literal};
    use std::fmt::Write;
    match value {
        DynamicValue::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_dynamic_literal(out, item)?;
            }
            out.push(']');
        }
        DynamicValue::Bag(entries) => {
            out.push('{');
            for (i, (key, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_json_string(out, key);
                out.push(':');
                push_dynamic_literal(out, item)?;
            }
            out.push('}');
        }
        DynamicValue::Scalar(literal) => match literal {
            Literal::String(text) => push_json_string(out, text),
            Literal::Long(v) => {
                let _ = write!(out, "{v}");
            }
            Literal::Int(v) => {
                let _ = write!(out, "{v}");
            }
            Literal::Real(v) if v.is_finite() => {
                let _ = write!(out, "{v:?}");
            }
            Literal::Real(v) => {
                out.push('"');
                crate::format::write_real(out, *v);
                out.push('"');
            }
            Literal::Bool(v) => crate::format::write_bool(out, *v),
            Literal::DateTime(ticks) => {
                let nanos = ticks
                    .checked_mul(100)
                    .ok_or("a datetime outside 1677-09-21 … 2262-04-11")?;
                out.push('"');
                crate::format::write_datetime(out, nanos);
                out.push('"');
            }
            Literal::TimeSpan(ticks) => {
                let nanos = ticks
                    .checked_mul(100)
                    .ok_or("a timespan longer than about 292 years")?;
                out.push('"');
                crate::format::write_timespan(out, nanos);
                out.push('"');
            }
            Literal::Guid(text) => push_json_string(out, text),
            Literal::Decimal(_) => return Err("a decimal inside a dynamic literal"),
            Literal::Null(_) => out.push_str("null"),
            Literal::Dynamic(inner) => push_dynamic_literal(out, inner)?,
        },
    }
    Ok(())
}

/// Appends a JSON array of strings (`["a","b"]`).
pub fn push_json_string_array<'a>(out: &mut String, items: impl IntoIterator<Item = &'a str>) {
    out.push('[');
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_string(out, item);
    }
    out.push(']');
}

/// Validates `text` as JSON and appends its compact form (whitespace outside strings removed;
/// numbers and escapes kept as written). Returns false, appending nothing, when `text` is not
/// JSON. A JSON document nested deeper than serde_json's limit (128) is not JSON here.
pub fn push_compact(out: &mut String, text: &str) -> bool {
    if serde_json::from_str::<IgnoredAny>(text).is_err() {
        return false;
    }
    let text = text.trim_matches(|c: char| c.is_ascii_whitespace());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            out.push(c);
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_borrowed_and_case_sensitive() {
        let bag = r#"{"a":{"b":[1,2]},"c":"x","A":3}"#;
        assert_eq!(member(bag, "a"), Some(r#"{"b":[1,2]}"#));
        assert_eq!(member(bag, "A"), Some("3"));
        assert_eq!(member(bag, "d"), None);
        assert_eq!(member("[1]", "a"), None);
        assert_eq!(
            member(r#"{"k\"":1}"#, "k\""),
            Some("1"),
            "escaped keys match"
        );
    }

    #[test]
    fn elements_count_from_either_end() {
        let a = r#"["a",2,[3]]"#;
        assert_eq!(element(a, 0), Some(r#""a""#));
        assert_eq!(element(a, 2), Some("[3]"));
        assert_eq!(element(a, -1), Some("[3]"));
        assert_eq!(element(a, -3), Some(r#""a""#));
        assert_eq!(element(a, 3), None);
        assert_eq!(element(a, -4), None);
        assert_eq!(element(r#"{"a":1}"#, 0), None, "a bag has no index");
    }

    #[test]
    fn strings_are_escaped_and_unescaped() {
        let mut out = String::new();
        push_json_string(&mut out, "a\"b\\c\n\u{1}é");
        assert_eq!(out, r#""a\"b\\c\n\u0001é""#);
        assert_eq!(string_value(&out).as_deref(), Some("a\"b\\c\n\u{1}é"));
        assert_eq!(string_value("12"), None);
    }

    #[test]
    fn kql_strings_lose_quotes_and_escapes() {
        let text = |v: &str| {
            let mut out = String::new();
            push_kql_string(&mut out, v);
            out
        };
        assert_eq!(text(r#""a\"b""#), "a\"b");
        assert_eq!(text("[1,2]"), "[1,2]");
        assert_eq!(text("null"), "");
        assert_eq!(text("12"), "12");
        assert_eq!(text("2.50"), "2.5");
        assert_eq!(text("1e3"), "1000");
    }

    #[test]
    fn compaction_keeps_strings_intact() {
        let mut out = String::new();
        assert!(push_compact(
            &mut out,
            " { \"a b\" : [1, 2.50] , \"c\":\"x y\" } "
        ));
        assert_eq!(out, r#"{"a b":[1,2.50],"c":"x y"}"#);
        out.clear();
        assert!(!push_compact(&mut out, "{not json"));
        assert!(out.is_empty());
    }

    #[test]
    fn entries_keep_their_order() {
        let e = entries(r#"{"b":1,"a":[2]}"#).unwrap();
        assert_eq!(
            e,
            vec![(Cow::Borrowed("b"), "1"), (Cow::Borrowed("a"), "[2]")]
        );
    }
}
