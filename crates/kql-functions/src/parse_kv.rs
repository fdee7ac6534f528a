//! The extraction behind the `parse-kv` operator (parse-kv-operator.md), which is not a KQL
//! function itself: a UDF that finds the values of the listed keys in a string.
//!
//! Three modes, as the docs define them:
//! - **delimiters** (`pair_delimiter`, `kv_delimiter`): the text is split into pairs at the
//!   pair delimiter and each pair into key and value at the first key-value delimiter; a key or
//!   value may be quoted (`quote=`, one character or an opening and a closing one; inside, an
//!   `escape=` character takes the next character literally), and a quoted value may hold
//!   delimiters. With `greedy=true` a pair that holds no key-value delimiter belongs to the
//!   previous value, so unquoted values may hold the pair delimiter ("scan until the next key").
//! - **no delimiters**: every character that is not a letter or digit is a delimiter: a listed
//!   key standing as a whole word is followed, after delimiters, by its value, a quoted string
//!   or a run of letters and digits.
//! - **regex**: every match of a regex with two groups gives a key (group 1) and a value
//!   (group 2).
//!
//! Keys and values are trimmed of white space; the first appearance of a key counts; a key
//! that does not appear gives null (the planner makes it `""` for a string column).

use crate::udf::{Batch, udf};
use datafusion::arrow::array::{ArrayRef, StringBuilder, StructArray};
use datafusion::arrow::datatypes::{DataType, Field, Fields};
use datafusion::common::{Result, exec_err};
use datafusion::logical_expr::{ColumnarValue, Expr, lit};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// How `parse-kv` finds keys and values (its `with (…)` options).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KvOptions {
    /// `pair_delimiter=`: what separates pairs.
    pub pair_delimiter: Option<String>,
    /// `kv_delimiter=`: what separates a key from its value.
    pub kv_delimiter: Option<String>,
    /// `quote=`: opening and closing quote characters.
    pub quotes: Vec<(char, char)>,
    /// `escape=`: characters that make the next character literal inside quotes.
    pub escapes: Vec<char>,
    /// `greedy=true`: unquoted values run until the next pair that has a key.
    pub greedy: bool,
    /// `regex=`: a regex whose two groups are the key and the value.
    pub regex: Option<String>,
}

/// The most regex matches read from one string.
const MAX_MATCHES: usize = 100_000;

/// The most capture groups `regex=` may have: exactly the key and the value.
const REGEX_GROUPS: usize = 2;

impl KvOptions {
    /// Checks the options: delimiters come together, `greedy` needs them, `regex` stands alone
    /// and compiles with exactly two groups.
    pub fn check(&self) -> Result<(), String> {
        if self.pair_delimiter.is_some() != self.kv_delimiter.is_some() {
            return Err("pair_delimiter and kv_delimiter are given together".to_owned());
        }
        if matches!(&self.pair_delimiter, Some(d) if d.is_empty())
            || matches!(&self.kv_delimiter, Some(d) if d.is_empty())
        {
            return Err("a delimiter cannot be empty".to_owned());
        }
        if self.greedy && self.pair_delimiter.is_none() {
            return Err("greedy=true needs pair_delimiter and kv_delimiter".to_owned());
        }
        if let Some(regex) = &self.regex {
            if self.pair_delimiter.is_some() || !self.quotes.is_empty() || !self.escapes.is_empty()
            {
                return Err("regex= cannot be combined with other options".to_owned());
            }
            let compiled = crate::regex::compile_with_groups(regex, REGEX_GROUPS)?;
            if compiled.captures_len() != REGEX_GROUPS + 1 {
                return Err(
                    "the regex must have exactly two capture groups: the key and the value"
                        .to_owned(),
                );
            }
        }
        Ok(())
    }
}

/// The values of `keys` in the string `text` found as `options` say: a struct with one `Utf8`
/// field per key (`k0`, `k1`, …), null where the key does not appear.
pub fn parse_kv(text: Expr, options: &KvOptions, keys: &[String]) -> Expr {
    let f = udf(
        "kql_parse_kv",
        vec![DataType::Utf8, DataType::Utf8, DataType::Utf8],
        values_type(keys.len()),
        kv_body,
    );
    let options = serde_json::to_string(options).unwrap_or_default();
    let keys = serde_json::to_string(keys).unwrap_or_default();
    f.call(vec![text, lit(options), lit(keys)])
}

/// The struct type of [`parse_kv`] for `n` keys.
fn values_type(n: usize) -> DataType {
    let fields: Vec<Field> = (0..n)
        .map(|i| Field::new(format!("k{i}"), DataType::Utf8, true))
        .collect();
    DataType::Struct(Fields::from(fields))
}

/// `kql_parse_kv(text, options, keys)`.
fn kv_body(batch: &Batch) -> Result<ColumnarValue> {
    let texts = batch.strings(0)?;
    let Some(Ok(options)) = batch
        .strings(1)?
        .get(0)
        .map(serde_json::from_str::<KvOptions>)
    else {
        return exec_err!("kql_parse_kv: bad options");
    };
    let Some(Ok(keys)) = batch
        .strings(2)?
        .get(0)
        .map(serde_json::from_str::<Vec<String>>)
    else {
        return exec_err!("kql_parse_kv: bad keys");
    };
    let regex = match &options.regex {
        Some(pattern) => match crate::regex::compile_with_groups(pattern, REGEX_GROUPS) {
            Ok(r) => Some(r),
            Err(e) => return exec_err!("kql_parse_kv: {e}"),
        },
        None => None,
    };
    let mut builders: Vec<StringBuilder> = keys.iter().map(|_| StringBuilder::new()).collect();
    let mut found: Vec<Option<String>> = vec![None; keys.len()];
    for row in 0..batch.rows() {
        found.iter_mut().for_each(|f| *f = None);
        let text = texts.get(row).unwrap_or("");
        // Keeps a key's first value; true once every key has one.
        let mut record = |key: &str, value: String| -> bool {
            if let Some(i) = keys.iter().position(|k| k == key)
                && found[i].is_none()
            {
                found[i] = Some(value);
            }
            found.iter().all(Option::is_some)
        };
        match (&regex, &options.pair_delimiter, &options.kv_delimiter) {
            (Some(regex), _, _) => {
                // Stops once every key has its value (the first appearance counts), or after
                // MAX_MATCHES matches: iterating matches can be quadratic on large texts.
                for captures in regex.captures_iter(text).take(MAX_MATCHES) {
                    let key = captures.get(1).map_or("", |m| m.as_str()).trim();
                    let value = captures.get(2).map_or("", |m| m.as_str()).trim();
                    if record(key, value.to_owned()) {
                        break;
                    }
                }
            }
            (None, Some(pair), Some(kv)) => delimited(text, pair, kv, &options, &mut record),
            _ => undelimited(text, &keys, &options, &mut record),
        }
        for (builder, value) in builders.iter_mut().zip(&found) {
            builder.append_option(value.as_deref());
        }
    }
    let DataType::Struct(fields) = values_type(keys.len()) else {
        return exec_err!("kql_parse_kv: not a struct type");
    };
    let arrays: Vec<ArrayRef> = builders
        .iter_mut()
        .map(|b| Arc::new(b.finish()) as ArrayRef)
        .collect();
    let array: ArrayRef = if keys.is_empty() {
        Arc::new(StructArray::new_empty_fields(batch.rows(), None))
    } else {
        Arc::new(StructArray::try_new(fields, arrays, None)?)
    };
    batch.finish(array)
}

/// A quoted string at the start of `text` (after white space): its content (escapes applied)
/// and the length of `text` it takes, closing quote included; `None` when `text` does not start
/// with an opening quote. An unclosed quote takes the rest of the text.
fn quoted(text: &str, options: &KvOptions) -> Option<(String, usize)> {
    let start = text.len() - text.trim_start().len();
    let mut chars = text[start..].char_indices();
    let (_, open) = chars.next()?;
    let close = options.quotes.iter().find(|(o, _)| *o == open)?.1;
    let mut out = String::new();
    while let Some((i, c)) = chars.next() {
        if options.escapes.contains(&c) {
            if let Some((_, next)) = chars.next() {
                out.push(next);
            }
            continue;
        }
        if c == close {
            return Some((out, start + i + c.len_utf8()));
        }
        out.push(c);
    }
    Some((out, text.len()))
}

/// The delimiters mode.
fn delimited(
    text: &str,
    pair: &str,
    kv: &str,
    options: &KvOptions,
    record: &mut impl FnMut(&str, String) -> bool,
) {
    let mut rest = text;
    let mut pending: Option<(String, String)> = None;
    while !rest.trim().is_empty() {
        // The key: quoted, or up to the key-value delimiter unless a pair delimiter comes first.
        let (key, after_key) = match quoted(rest, options) {
            Some((key, used)) if rest[used..].trim_start().starts_with(kv) => {
                let after = rest[used..].trim_start();
                (Some(key), &after[kv.len()..])
            }
            _ => {
                let kv_at = rest.find(kv);
                let pair_at = rest.find(pair);
                match (kv_at, pair_at) {
                    (Some(k), Some(p)) if k < p => {
                        (Some(rest[..k].trim().to_owned()), &rest[k + kv.len()..])
                    }
                    (Some(k), None) => (Some(rest[..k].trim().to_owned()), &rest[k + kv.len()..]),
                    _ => (None, rest),
                }
            }
        };
        let Some(key) = key else {
            // A piece without a key: part of the previous value when greedy, else skipped.
            let end = rest.find(pair).unwrap_or(rest.len());
            if options.greedy
                && let Some((_, value)) = &mut pending
            {
                value.push_str(pair);
                value.push_str(&rest[..end]);
            }
            rest = rest.get(end + pair.len()..).unwrap_or("");
            continue;
        };
        if let Some((k, v)) = pending.take() {
            record(&k, v.trim().to_owned());
        }
        // The value: quoted, or up to the next pair delimiter.
        match quoted(after_key, options) {
            Some((value, used)) => {
                record(&key, value.trim().to_owned());
                let after = &after_key[used..];
                rest = match after.find(pair) {
                    Some(p) => &after[p + pair.len()..],
                    None => "",
                };
            }
            None => {
                let end = after_key.find(pair).unwrap_or(after_key.len());
                pending = Some((key, after_key[..end].to_owned()));
                rest = after_key.get(end + pair.len()..).unwrap_or("");
            }
        }
    }
    if let Some((k, v)) = pending {
        record(&k, v.trim().to_owned());
    }
}

/// The no-delimiters mode: each listed key as a whole word, then its value.
fn undelimited(
    text: &str,
    keys: &[String],
    options: &KvOptions,
    record: &mut impl FnMut(&str, String) -> bool,
) {
    for key in keys {
        if key.is_empty() {
            continue;
        }
        let mut from = 0;
        while let Some(found) = text[from..].find(key.as_str()) {
            let start = from + found;
            let end = start + key.len();
            from = start + key.chars().next().map_or(1, char::len_utf8);
            let before = text[..start].chars().next_back();
            let after = text[end..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            // Skip delimiters up to the value: a quoted string or a word.
            let rest = &text[end..];
            let Some(value_at) = rest
                .find(|c: char| c.is_alphanumeric() || options.quotes.iter().any(|(o, _)| *o == c))
            else {
                break;
            };
            let value = &rest[value_at..];
            let value = match quoted(value, options) {
                Some((v, _)) => v,
                None => {
                    let len = value
                        .find(|c: char| !c.is_alphanumeric())
                        .unwrap_or(value.len());
                    value[..len].to_owned()
                }
            };
            record(key, value.trim().to_owned());
            break;
        }
    }
}
