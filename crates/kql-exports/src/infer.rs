//! Discovery-time sampling: row shapes, table names from records, and schemas of unknown tables.
//!
//! [`sample_file`] reads the first records of a file (bounded by count and bytes) and notes the
//! row shape, the `category` / `Type` values that name tables, and every key with the KQL type
//! its values suggest. [`infer_columns`] merges samples (files in path order, keys in first-seen
//! order, case-insensitively) into columns: numbers → `long`/`real`, booleans → `bool`, ISO
//! datetimes → `datetime`, other strings → `string`, objects/arrays → `dynamic`; conflicting
//! kinds widen (`long`+`real` → `real`, anything+`dynamic` → `dynamic`, otherwise `string`).
//! Diagnostic records contribute their top-level fields (except those mapped to standard
//! columns) and their `properties` keys, capitalised as Log Analytics columns are (`vmSize` →
//! `VmSize`, §2.4). This runs once per discovery, on a bounded sample, so it uses
//! `serde_json::Value`; the scan itself never does.

use std::collections::HashMap;
use std::path::Path;

use kql_syntax::KqlType;
use serde::de::{self, MapAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::catalog::is_standard_column;
use crate::json::decode::Shape;
use crate::json::reader::{Item, RecordReader};

/// Records read per file when a schema must be inferred.
pub(crate) const SAMPLE_RECORDS: usize = 500;
/// Records read per file when only the shape or name is needed.
pub(crate) const PEEK_RECORDS: usize = 20;
/// Bytes of records read per file at most.
const SAMPLE_BYTES: usize = 8 << 20;

/// The kind of values seen for a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seen {
    /// Only nulls.
    Null,
    /// Booleans.
    Bool,
    /// Integers.
    Long,
    /// Numbers with a fraction or exponent.
    Real,
    /// ISO 8601 datetimes.
    DateTime,
    /// Other strings.
    String,
    /// Objects or arrays.
    Dynamic,
}

impl Seen {
    fn of(v: &Value) -> Seen {
        match v {
            Value::Null => Seen::Null,
            Value::Bool(_) => Seen::Bool,
            Value::Number(n) if n.is_i64() => Seen::Long,
            Value::Number(_) => Seen::Real,
            Value::String(s) if looks_like_iso_datetime(s) => Seen::DateTime,
            Value::String(_) => Seen::String,
            Value::Array(_) | Value::Object(_) => Seen::Dynamic,
        }
    }

    fn merge(self, other: Seen) -> Seen {
        use Seen::*;
        match (self, other) {
            (a, b) if a == b => a,
            (Null, x) | (x, Null) => x,
            (Dynamic, _) | (_, Dynamic) => Dynamic,
            (Long, Real) | (Real, Long) => Real,
            _ => String,
        }
    }

    fn kql(self) -> KqlType {
        match self {
            Seen::Null | Seen::String => KqlType::String,
            Seen::Bool => KqlType::Bool,
            Seen::Long => KqlType::Long,
            Seen::Real => KqlType::Real,
            Seen::DateTime => KqlType::DateTime,
            Seen::Dynamic => KqlType::Dynamic,
        }
    }
}

/// ISO 8601 with a time (`2024-05-01T13:07:44…`): the only strings inferred as datetimes.
fn looks_like_iso_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 19
        && b[4] == b'-'
        && matches!(b[10], b'T' | b't' | b' ')
        && crate::json::convert::parse_datetime(s).is_some()
}

/// What the first records of a file showed.
#[derive(Debug, Default, Clone)]
pub(crate) struct FileSample {
    /// Records parsed.
    pub(crate) records: usize,
    /// Lines that did not parse.
    pub(crate) bad: usize,
    /// Shape of the first parsed record.
    pub(crate) shape: Option<Shape>,
    /// `category` values, first seen first.
    pub(crate) categories: Vec<String>,
    /// `Type` values, first seen first.
    pub(crate) types: Vec<String>,
    /// Key → kind, in first-seen order (as written; [`infer_columns`] capitalises diagnostic keys).
    pub(crate) keys: Vec<(String, Seen)>,
}

/// The entries of a JSON object in document order (whatever serde_json's map ordering), values
/// left raw; `None` when `text` is not an object.
fn ordered_entries(text: &str) -> Option<Vec<(String, &RawValue)>> {
    struct Entries;
    impl<'de> Visitor<'de> for Entries {
        type Value = Vec<(String, &'de RawValue)>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some((k, v)) = map.next_entry::<String, &'de RawValue>()? {
                out.push((k, v));
            }
            Ok(out)
        }
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let entries = de::Deserializer::deserialize_map(&mut de, Entries).ok()?;
    de.end().ok()?;
    Some(entries)
}

/// True when a record looks like a resource-log record rather than a Log Analytics row.
fn is_diagnostic(entries: &[(String, &RawValue)]) -> bool {
    let has = |k: &str| entries.iter().any(|(key, _)| key.eq_ignore_ascii_case(k));
    has("time") && (has("resourceId") || has("properties")) && !has("TimeGenerated")
}

/// Top-level keys of diagnostic records that feed standard columns, not columns of their own.
const DIAGNOSTIC_MAPPED: [&str; 4] = ["time", "resourceId", "properties", "tenantId"];

/// `vmSize` → `VmSize` (ASCII only: keys are matched ASCII-case-insensitively).
fn capitalise(key: &str) -> String {
    let mut s = key.to_owned();
    if let Some(first) = s.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    s
}

/// The kind of a raw value.
fn seen_raw(raw: &RawValue) -> Seen {
    serde_json::from_str::<Value>(raw.get()).map_or(Seen::Null, |v| Seen::of(&v))
}

/// A non-empty JSON string value.
fn string_value(raw: &RawValue) -> Option<String> {
    match serde_json::from_str::<Value>(raw.get()) {
        Ok(Value::String(s)) if !s.is_empty() => Some(s),
        _ => None,
    }
}

/// Reads up to `max_records` records of `path`; `shape` forces the row shape (else sniffed).
pub(crate) fn sample_file(path: &Path, max_records: usize, shape: Option<Shape>) -> FileSample {
    let mut out = FileSample::default();
    let Ok(mut reader) = RecordReader::open(path) else {
        return out;
    };
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut bytes_read = 0usize;
    while out.records < max_records && bytes_read < SAMPLE_BYTES {
        let bytes = match reader.next_item() {
            Ok(Some(Item::Record { bytes, .. })) => bytes,
            Ok(Some(Item::Problem { .. })) => {
                out.bad += 1;
                continue;
            }
            Ok(None) | Err(_) => break,
        };
        bytes_read += bytes.len();
        let Some(entries) = std::str::from_utf8(bytes).ok().and_then(ordered_entries) else {
            out.bad += 1;
            continue;
        };
        out.records += 1;
        let record_shape = *out.shape.get_or_insert_with(|| {
            shape.unwrap_or(if is_diagnostic(&entries) {
                Shape::Diagnostic
            } else {
                Shape::Flat
            })
        });
        let mut note = |name: String, raw: &RawValue| {
            let seen = seen_raw(raw);
            match index.get(&name.to_ascii_lowercase()) {
                Some(&i) => out.keys[i].1 = out.keys[i].1.merge(seen),
                None => {
                    index.insert(name.to_ascii_lowercase(), out.keys.len());
                    out.keys.push((name, seen));
                }
            }
        };
        for (k, v) in &entries {
            if k.eq_ignore_ascii_case("category")
                && let Some(s) = string_value(v)
                && !out.categories.contains(&s)
            {
                out.categories.push(s);
            }
            if k.eq_ignore_ascii_case("type")
                && let Some(s) = string_value(v)
                && !out.types.contains(&s)
            {
                out.types.push(s);
            }
            match record_shape {
                Shape::Flat | Shape::Plain => note(k.clone(), v),
                Shape::Diagnostic => {
                    if k.eq_ignore_ascii_case("properties") {
                        for (pk, pv) in ordered_entries(v.get()).unwrap_or_default() {
                            if !is_standard_column(&pk) {
                                note(pk, pv);
                            }
                        }
                    } else if !DIAGNOSTIC_MAPPED.iter().any(|m| m.eq_ignore_ascii_case(k))
                        && !is_standard_column(k)
                    {
                        note(k.clone(), v);
                    }
                }
            }
        }
    }
    out
}

/// Merges samples into columns: first-seen order, case-insensitive names, widened kinds; keys of
/// diagnostic records capitalised as Log Analytics columns are (`vmSize` → `VmSize`, §2.4).
pub(crate) fn infer_columns<'a>(
    samples: impl IntoIterator<Item = &'a FileSample>,
) -> Vec<(String, KqlType)> {
    merge_columns(samples, true)
}

/// [`infer_columns`] with every key as the records spell it (`AzureDiagnostics` keeps the
/// property's own casing in its suffixed columns: `clientIp_s`).
pub(crate) fn infer_columns_as_written<'a>(
    samples: impl IntoIterator<Item = &'a FileSample>,
) -> Vec<(String, KqlType)> {
    merge_columns(samples, false)
}

fn merge_columns<'a>(
    samples: impl IntoIterator<Item = &'a FileSample>,
    capitalise_diagnostic: bool,
) -> Vec<(String, KqlType)> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut cols: Vec<(String, Seen)> = Vec::new();
    for s in samples {
        let cap = capitalise_diagnostic && s.shape == Some(Shape::Diagnostic);
        for (name, seen) in &s.keys {
            let name = &if cap { capitalise(name) } else { name.clone() };
            match index.get(&name.to_ascii_lowercase()) {
                Some(&i) => cols[i].1 = cols[i].1.merge(*seen),
                None => {
                    index.insert(name.to_ascii_lowercase(), cols.len());
                    cols.push((name.clone(), *seen));
                }
            }
        }
    }
    cols.into_iter().map(|(n, s)| (n, s.kql())).collect()
}

/// Up to `n` items spread evenly over `items`, first and last included.
pub(crate) fn spread<T: Clone>(items: &[T], n: usize) -> Vec<T> {
    if items.len() <= n || n < 2 {
        return items.iter().take(n).cloned().collect();
    }
    (0..n)
        .map(|i| items[i * (items.len() - 1) / (n - 1)].clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::TempDir;

    #[test]
    fn kinds_widen() {
        assert_eq!(Seen::Long.merge(Seen::Real), Seen::Real);
        assert_eq!(Seen::Null.merge(Seen::Bool), Seen::Bool);
        assert_eq!(Seen::DateTime.merge(Seen::String), Seen::String);
        assert_eq!(Seen::Long.merge(Seen::String), Seen::String);
        assert_eq!(Seen::Dynamic.merge(Seen::Long), Seen::Dynamic);
        assert_eq!(Seen::Null.kql(), KqlType::String);
    }

    #[test]
    fn diagnostic_sample() {
        let dir = TempDir::new();
        let p = dir.write(
            "PT1H.json",
            concat!(
                r#"{"time":"2024-05-01T00:00:00Z","resourceId":"/S","category":"NewThing","operationName":"Op","tenantId":"t","properties":{"count":1,"ratio":1,"when":"2024-05-01T00:00:00.1234567Z","tags":{"a":1},"flag":true}}"#,
                "\n",
                r#"{"time":"2024-05-01T00:00:00Z","resourceId":"/S","category":"NewThing","properties":{"Count":2,"ratio":1.5,"extra":"x","Type":"nope"}}"#,
                "\nnot json\n"
            ),
        );
        let s = sample_file(&p, SAMPLE_RECORDS, None);
        assert_eq!(s.records, 2);
        assert_eq!(s.bad, 1);
        assert_eq!(s.shape, Some(Shape::Diagnostic));
        assert_eq!(s.categories, vec!["NewThing".to_owned()]);
        let cols = infer_columns([&s]);
        let names: Vec<&str> = cols.iter().map(|(n, _)| n.as_str()).collect();
        // Document order: top-level fields and bag keys as they come, first-seen across records.
        assert_eq!(
            names,
            vec![
                "Category",
                "OperationName",
                "Count",
                "Ratio",
                "When",
                "Tags",
                "Flag",
                "Extra"
            ]
        );
        let ty = |n: &str| cols.iter().find(|(c, _)| c == n).unwrap().1;
        assert_eq!(ty("Count"), KqlType::Long);
        assert_eq!(ty("Ratio"), KqlType::Real);
        assert_eq!(ty("When"), KqlType::DateTime);
        assert_eq!(ty("Tags"), KqlType::Dynamic);
        assert_eq!(ty("Flag"), KqlType::Bool);
    }

    #[test]
    fn spreading() {
        let v: Vec<u32> = (0..10).collect();
        assert_eq!(spread(&v, 3), vec![0, 4, 9]);
        assert_eq!(spread(&v[..2], 3), vec![0, 1]);
    }
}
