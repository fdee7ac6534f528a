//! `extract_all(regex, [captureGroups,] source)`: every match of a regex's capture groups, as
//! a dynamic array.

use crate::args::{Arg, optional};
use crate::json::{JsonKind, elements, kind, push_json_string, string_value};
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{Result, exec_err};
use datafusion::logical_expr::{ColumnarValue, lit};
use kql_syntax::KqlType;

/// `extract_all`: see [`DOC`].
pub(crate) struct ExtractAllFunc;

/// The reference entry of `extract_all`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "extract_all",
    aliases: &[],
    category: "string",
    syntax: "extract_all(regex, [captureGroups,] source)",
    description: "Every non-overlapping match of regex (a constant with 1 to 16 capture \
        groups) in source: with one group selected, an array of its texts; with several, an \
        array of arrays, one per match. captureGroups, a constant dynamic array of group \
        numbers (from 1) and names, selects and orders the groups; by default all. No match \
        gives null; a group that took no part in a match gives \"\".",
    returns: "dynamic; null when nothing matches",
    examples: &[
        Example {
            query: r#"print Id = "82b8be2d-dfa7-4bd1" | project guid_bytes = extract_all(@"([\da-f]{2})", Id)"#,
            output: "guid_bytes\n\"[\"\"82\"\",\"\"b8\"\",\"\"be\"\",\"\"2d\"\",\"\"df\"\",\"\"a7\"\",\"\"4b\"\",\"\"d1\"\"]\"",
        },
        Example {
            query: r#"print Id = "82b8be2d-dfa7" | project parts = extract_all(@"(\w)(\w+)(\w)", dynamic([1,3]), Id)"#,
            output: "parts\n\"[[\"\"8\"\",\"\"d\"\"],[\"\"d\"\",\"\"7\"\"]]\"",
        },
    ],
};

/// The group numbers a `captureGroups` literal selects, checked against `regex`.
fn selected_groups(arg: Arg, regex: &regex::Regex) -> Result<Vec<usize>, FunctionError> {
    let bad = |what: String| arg.error(what);
    let Some(json) = (arg.kql_type() == KqlType::Dynamic)
        .then(|| arg.get().as_string_literal())
        .flatten()
    else {
        return Err(arg.error(format!(
            "{} must be a constant dynamic array such as dynamic([1, 2])",
            arg.name()
        )));
    };
    let items = elements(json).ok_or_else(|| bad("captureGroups must be an array".into()))?;
    let groups = regex.captures_len() - 1;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let group = match kind(item) {
            JsonKind::Number => item
                .parse::<usize>()
                .ok()
                .filter(|g| (1..=groups).contains(g)),
            JsonKind::String => string_value(item)
                .and_then(|name| regex.capture_names().position(|n| n == Some(name.as_ref()))),
            _ => None,
        };
        match group {
            Some(g) => out.push(g),
            None => {
                return Err(bad(format!(
                    "capture group {item} is not a group of the regex (it has {groups})"
                )));
            }
        }
    }
    if out.is_empty() {
        return Err(bad("captureGroups selects no group".into()));
    }
    Ok(out)
}

impl KqlFunction for ExtractAllFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let ([regex, second], [third]) = optional::<2, 1>(&DOC, args)?;
        let no_group = regex.error("the regex must have 1 to 16 capture groups");
        let pattern = crate::regex::check(regex)?;
        let compiled = crate::regex::compile(&pattern).map_err(|_| no_group.clone())?;
        let all = compiled.captures_len() - 1;
        if all == 0 {
            return Err(no_group);
        }
        let (groups, source) = match third {
            Some(source) => (selected_groups(second, &compiled)?, source),
            None => ((1..=all).collect(), second),
        };
        let groups: Vec<String> = groups.iter().map(usize::to_string).collect();
        let f = udf(
            "kql_extract_all",
            vec![DataType::Utf8, DataType::Utf8, DataType::Utf8],
            DataType::Utf8,
            extract_all_batch,
        );
        let exprs = vec![
            lit(pattern),
            lit(groups.join(",")),
            super::searchable(source)?.expr,
        ];
        Ok(TypedExpr::new(f.call(exprs), KqlType::Dynamic))
    }
}

fn extract_all_batch(batch: &Batch) -> Result<ColumnarValue> {
    let regex = match crate::regex::compile(batch.strings(0)?.get(0).unwrap_or("")) {
        Ok(r) => r,
        Err(e) => return exec_err!("{e}"),
    };
    let groups: Vec<usize> = batch
        .strings(1)?
        .get(0)
        .unwrap_or("")
        .split(',')
        .filter_map(|g| g.parse().ok())
        .collect();
    let source = batch.strings(2)?;
    batch.string_result(|row, out| {
        let text = source.get(row).unwrap_or("");
        out.push('[');
        let mut any = false;
        for captures in regex.captures_iter(text) {
            if any {
                out.push(',');
            }
            any = true;
            if groups.len() > 1 {
                out.push('[');
            }
            for (i, g) in groups.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_json_string(out, captures.get(*g).map_or("", |m| m.as_str()));
            }
            if groups.len() > 1 {
                out.push(']');
            }
        }
        out.push(']');
        any
    })
}
