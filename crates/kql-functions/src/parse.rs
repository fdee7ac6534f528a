//! The matching behind the `parse`, `parse-where` operators (and the regex they compile to),
//! which are not KQL functions themselves.
//!
//! A pattern (`* "id=" id:long "; user=" user`) becomes one regex anchored at the start of
//! the text, with a named group per column; one UDF call per row runs it and returns a struct
//! of whether it matched and each column's captured text, which the planner converts to the
//! column types. How each part translates (parse-operator.md, parse-where-operator.md):
//!
//! | part | `simple` | `relaxed` | `regex` |
//! |---|---|---|---|
//! | `"text"` | the text, escaped | the text, escaped | the text as a regex |
//! | `*` | `.*?` | `.*?` | `.*?` |
//! | `c` / `c:string` | `(.*?)` | `(.*?)` | `(.*)` |
//! | `c:long`, `c:int` | `(-?\d+)` | `(-?\d+\|.*?)` | `(-?\d+)` |
//! | `c:real` | a decimal number | a number, or `.*?` | a decimal number |
//! | other types | `(.*?)` | `(.*?)` | `(.*)` |
//!
//! In `simple` and `relaxed` a pattern ending with a column is anchored at the end too, so the
//! column takes the rest of the text. Regex mode's string columns are greedy: the docs say
//! `(.*?)`, but their examples' outputs (`flags=U` giving the short match, `lockTime` keeping
//! the text up to `releaseTime=`) only follow from a greedy group; `*` stays lazy as written.
//! In `relaxed`, a number column that does not hold a number still matches (the alternative
//! `.*?`), and its conversion gives null, as the docs' relaxed example shows.

use crate::udf::{Batch, udf};
use datafusion::arrow::array::{ArrayRef, BooleanBuilder, StringBuilder, StructArray};
use datafusion::arrow::datatypes::{DataType, Field, Fields};
use datafusion::common::{Result, exec_err};
use datafusion::logical_expr::{ColumnarValue, Expr, lit};
use kql_syntax::KqlType;
use std::sync::Arc;

/// How `parse` matches (`kind=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseMode {
    /// `simple` (the default): literal delimiters; every column must convert.
    Simple,
    /// `relaxed`: literal delimiters; a column that does not convert is null alone.
    Relaxed,
    /// `regex`: the delimiters are regexes; every column must convert.
    Regex,
}

/// One part of a parse pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatternPart<'a> {
    /// `*`: skip text.
    Star,
    /// A string constant: literal text, or a regex in `kind=regex`.
    Text(&'a str),
    /// A column of this type.
    Column(KqlType),
}

/// The most capture groups a parse regex may have: Kusto's 16 for the user's own groups in
/// `kind=regex`, plus one per column.
const USER_GROUPS: usize = 16;

/// The group name of column `i`.
fn group(i: usize) -> String {
    format!("__kqlake_parse{i}")
}

/// The regex `parts` translate to in `mode` with the regex `flags` (`kind=regex` only: any
/// of `i`, `m`, `s`, `U`, `x`), checked by compiling it; or why it cannot be used.
pub fn pattern_regex(
    parts: &[PatternPart<'_>],
    mode: ParseMode,
    flags: &str,
) -> Result<String, String> {
    if let Some(bad) = flags.chars().find(|c| !"imsUx".contains(*c)) {
        return Err(format!(
            "unknown regex flag '{bad}': flags are i, m, s, U and x"
        ));
    }
    let mut regex = String::from("^");
    if !flags.is_empty() {
        regex.insert_str(0, &format!("(?{flags})"));
    }
    let mut column = 0;
    for part in parts {
        match part {
            PatternPart::Star => regex.push_str(".*?"),
            PatternPart::Text(text) if mode == ParseMode::Regex => {
                regex.push_str("(?:");
                regex.push_str(text);
                regex.push(')');
            }
            PatternPart::Text(text) => regex.push_str(&regex::escape(text)),
            PatternPart::Column(ty) => {
                let body = column_regex(*ty, mode);
                regex.push_str(&format!("(?P<{}>{body})", group(column)));
                column += 1;
            }
        }
    }
    if mode != ParseMode::Regex && matches!(parts.last(), Some(PatternPart::Column(_))) {
        regex.push('$');
    }
    crate::regex::compile_with_groups(&regex, USER_GROUPS + column)?;
    Ok(regex)
}

/// What a column of type `ty` matches in `mode`.
fn column_regex(ty: KqlType, mode: ParseMode) -> &'static str {
    const INTEGER: &str = r"\-?\d+";
    const REAL: &str = r"\-?\d+(?:\.\d*)?(?:[eE][+\-]?\d+)?";
    match (ty, mode) {
        (KqlType::Long | KqlType::Int, ParseMode::Relaxed) => r"\-?\d+|.*?",
        (KqlType::Long | KqlType::Int, _) => INTEGER,
        (KqlType::Real | KqlType::Decimal, ParseMode::Relaxed) => {
            r"\-?\d+(?:\.\d*)?(?:[eE][+\-]?\d+)?|.*?"
        }
        (KqlType::Real | KqlType::Decimal, _) => REAL,
        (_, ParseMode::Regex) => ".*",
        _ => ".*?",
    }
}

/// The Arrow type of [`parse_captures`]: `matched` and one `Utf8` field per column.
fn captures_type(columns: usize) -> DataType {
    let mut fields = vec![Field::new("matched", DataType::Boolean, false)];
    fields.extend((0..columns).map(|i| Field::new(format!("c{i}"), DataType::Utf8, true)));
    DataType::Struct(Fields::from(fields))
}

/// Runs `regex` (from [`pattern_regex`], with `columns` columns) on the string `text`: a
/// struct whose field `matched` says whether it matched and `c0`, `c1`, … hold each column's
/// text (null when it did not match).
pub fn parse_captures(text: Expr, regex: String, columns: usize) -> Expr {
    let f = udf(
        "kql_parse",
        vec![DataType::Utf8, DataType::Utf8, DataType::Int64],
        captures_type(columns),
        captures_body,
    );
    f.call(vec![
        text,
        lit(regex),
        lit(i64::try_from(columns).unwrap_or(0)),
    ])
}

/// Field `name` (`matched`, `c0`, …) of a [`parse_captures`] struct.
pub fn field(captures: Expr, name: &str) -> Expr {
    datafusion::functions::core::expr_fn::get_field(captures, name)
}

/// `kql_parse(text, regex, columns)`.
fn captures_body(batch: &Batch) -> Result<ColumnarValue> {
    let texts = batch.strings(0)?;
    let Some(pattern) = batch.strings(1)?.get(0) else {
        return exec_err!("kql_parse: the regex is null");
    };
    let columns = batch
        .primitives::<datafusion::arrow::datatypes::Int64Type>(2)?
        .get(0)
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(0);
    let regex = match crate::regex::compile_with_groups(pattern, USER_GROUPS + columns) {
        Ok(regex) => regex,
        Err(e) => return exec_err!("kql_parse: {e}"),
    };
    let indexes: Vec<Option<usize>> = (0..columns)
        .map(|i| {
            let name = group(i);
            regex.capture_names().position(|n| n == Some(name.as_str()))
        })
        .collect();
    let rows = batch.rows();
    let mut matched = BooleanBuilder::with_capacity(rows);
    let mut builders: Vec<StringBuilder> = (0..columns).map(|_| StringBuilder::new()).collect();
    let mut locations = regex.capture_locations();
    for row in 0..rows {
        // A null string (outer-join padding, say) is KQL's empty string.
        let text = texts.get(row).unwrap_or("");
        let hit = regex.captures_read(&mut locations, text).map(|_| text);
        matched.append_value(hit.is_some());
        for (builder, index) in builders.iter_mut().zip(&indexes) {
            match (hit, index.and_then(|i| locations.get(i))) {
                (Some(text), Some((start, end))) => builder.append_value(&text[start..end]),
                _ => builder.append_null(),
            }
        }
    }
    let DataType::Struct(fields) = captures_type(columns) else {
        return exec_err!("kql_parse: not a struct type");
    };
    let mut arrays: Vec<ArrayRef> = vec![Arc::new(matched.finish())];
    arrays.extend(
        builders
            .iter_mut()
            .map(|b| Arc::new(b.finish()) as ArrayRef),
    );
    let array: ArrayRef = Arc::new(StructArray::try_new(fields, arrays, None)?);
    batch.finish(array)
}
