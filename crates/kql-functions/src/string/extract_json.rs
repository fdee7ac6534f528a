//! `extract_json(jsonPath, dataSource [, type])` (alias `extractjson`): one element of JSON text
//! picked by a JSONPath, as a string or converted to `type`.

use crate::args::optional;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{Result, exec_err};
use datafusion::logical_expr::{ColumnarValue, lit};
use kql_syntax::KqlType;

/// `extract_json`: see [`DOC`].
pub(crate) struct ExtractJsonFunc;

/// The reference entry of `extract_json`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "extract_json",
    aliases: &["extractjson"],
    category: "string",
    syntax: "extract_json(jsonPath, dataSource [, type])",
    description: "The element of the JSON text dataSource that jsonPath selects, in the subset \
        of JSONPath Kusto supports (jsonpath.md): $ (the root), .name, ['name'] or [\"name\"], \
        and [n] (0-based; negative counts from the end, as dynamic indexes do). A JSON string \
        gives its text, any other value its compact JSON. With type (typeof(long), …) the text \
        is converted as the to*() function of that type converts it; typeof(dynamic) gives the \
        element itself. A path that selects nothing, or text that is not JSON, gives \"\" (null \
        when a type is given). jsonPath must be a constant; wildcards, recursion, unions and \
        slices are rejected.",
    returns: "string, or type when given",
    examples: &[Example {
        query: r#"let json = '{"name": "John", "age": 30, "city": "New York"}'; print extract_json("$.name", json, typeof(string)), age = extract_json("$.age", json, typeof(long))"#,
        output: "print_0,age\nJohn,30",
    }],
};

/// One step of a JSONPath.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    /// `.name`, `['name']`.
    Member(String),
    /// `[n]`.
    Index(i64),
}

/// The steps of a JSONPath (`$.a['b c'][0]`), or what is wrong with it.
fn parse_path(path: &str) -> Result<Vec<Step>, String> {
    let mut rest = path
        .trim()
        .strip_prefix('$')
        .ok_or("a JSONPath starts with $")?;
    let mut steps = Vec::new();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            let name = &after[..end];
            if name.is_empty() || name.contains(['*', ' ']) {
                return Err(format!("'{name}' after '.' is not a property name"));
            }
            steps.push(Step::Member(name.to_owned()));
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix('[') {
            let close = after.find(']').ok_or("a '[' without its ']'")?;
            let inside = after[..close].trim();
            let quoted = ['\'', '"']
                .iter()
                .find_map(|q| inside.strip_prefix(*q).and_then(|t| t.strip_suffix(*q)));
            match quoted {
                Some(name) => steps.push(Step::Member(name.to_owned())),
                None => steps.push(Step::Index(inside.parse().map_err(|_| {
                    format!("'[{inside}]': only [n] and ['name'] are supported")
                })?)),
            }
            rest = &after[close + 1..];
        } else {
            return Err(format!("unexpected '{rest}'"));
        }
    }
    Ok(steps)
}

impl KqlFunction for ExtractJsonFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let ([path, source], [type_literal]) = optional::<2, 1>(&DOC, args)?;
        if let Some(Err(message)) = path.get().as_string_literal().map(parse_path) {
            return Err(path.error(format!("invalid JSONPath: {message}")));
        }
        let text = path.string_literal()?;
        let source = super::searchable(source)?;
        let to = match type_literal {
            None => KqlType::String,
            Some(t) => super::type_of(t)?,
        };
        let dynamic = to == KqlType::Dynamic;
        let extract = udf(
            if dynamic {
                "kql_extract_json_dynamic"
            } else {
                "kql_extract_json"
            },
            vec![DataType::Utf8, DataType::Utf8],
            DataType::Utf8,
            if dynamic {
                extract_dynamic
            } else {
                extract_text
            },
        );
        let found = extract.call(vec![lit(text), source.expr]);
        Ok(match to {
            KqlType::Dynamic => TypedExpr::new(found, KqlType::Dynamic),
            KqlType::String => super::never_null(TypedExpr::new(found, KqlType::String)),
            to => crate::conversion::from_string(TypedExpr::new(found, KqlType::String), to),
        })
    }
}

/// The JSON text `path` selects in `json`.
fn select<'a>(json: &'a str, path: &[Step]) -> Option<&'a str> {
    path.iter().try_fold(json.trim(), |at, step| match step {
        Step::Member(name) => crate::json::member(at, name),
        Step::Index(i) => crate::json::element(at, *i),
    })
}

/// Each row's selected element as text: a string's value, else compact JSON.
fn extract_text(batch: &Batch) -> Result<ColumnarValue> {
    extract(batch, |out, found| match crate::json::string_value(found) {
        Some(text) => {
            out.push_str(&text);
            true
        }
        None => crate::json::push_compact(out, found),
    })
}

/// Each row's selected element as a dynamic value (compact JSON; `null` is a null cell).
fn extract_dynamic(batch: &Batch) -> Result<ColumnarValue> {
    extract(batch, |out, found| {
        found != "null" && crate::json::push_compact(out, found)
    })
}

/// Selects each row's element and writes it with `write` (false: null).
fn extract(batch: &Batch, write: fn(&mut String, &str) -> bool) -> Result<ColumnarValue> {
    let (paths, sources) = (batch.strings(0)?, batch.strings(1)?);
    let Some(path) = paths.get(0) else {
        return batch.string_result(|_, _| false);
    };
    let steps = match parse_path(path) {
        Ok(steps) => steps,
        Err(e) => return exec_err!("invalid JSONPath: {e}"),
    };
    batch.string_result(|row, out| {
        sources
            .get(row)
            .and_then(|json| select(json, &steps))
            .is_some_and(|found| write(out, found))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_parse_into_steps() {
        use Step::{Index, Member};
        assert_eq!(parse_path("$"), Ok(vec![]));
        assert_eq!(
            parse_path("$.Details.User['User ID']"),
            Ok(vec![
                Member("Details".into()),
                Member("User".into()),
                Member("User ID".into())
            ])
        );
        assert_eq!(
            parse_path(r#"$.Tags[0]["x"]"#),
            Ok(vec![Member("Tags".into()), Index(0), Member("x".into())])
        );
        assert!(parse_path("a.b").is_err());
        assert!(parse_path("$..a").is_err());
        assert!(parse_path("$.a[*]").is_err());
        assert!(parse_path("$.a[0:2]").is_err());
        assert!(parse_path("$.a[0").is_err());
    }

    #[test]
    fn elements_are_selected_in_json_text() {
        let doc = r#" {"a": {"b c": [10, {"d": "x"}]}} "#;
        let path = parse_path("$.a['b c'][1].d").unwrap_or_default();
        assert_eq!(select(doc, &path), Some(r#""x""#));
        assert_eq!(select(doc, &[Step::Member("zz".into())]), None);
        assert_eq!(select("not json", &[Step::Member("a".into())]), None);
    }
}
