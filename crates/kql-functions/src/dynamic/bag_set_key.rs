//! `bag_set_key(bag, key, value)` and `bag_remove_keys(bag, keys)`: a property bag with a key
//! set or keys removed, at the root or at a JSONPath (`$.a.b`).
//!
//! Both work on the bag's JSON text, so the other keys keep their order.

use crate::args::fixed;
use crate::json::{JsonKind, elements, entries, kind, push_json_string, string_value};
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `bag_set_key`: see [`SET_DOC`].
pub(crate) struct BagSetKeyFunc;

/// `bag_remove_keys`: see [`REMOVE_DOC`].
pub(crate) struct BagRemoveKeysFunc;

/// The reference entry of `bag_set_key`.
pub(crate) const SET_DOC: FunctionDoc = FunctionDoc {
    name: "bag_set_key",
    aliases: &[],
    category: "dynamic",
    syntax: "bag_set_key(bag, key, value)",
    description: "bag with key set to value: a key already there keeps its place, a new one \
        goes last. key is a root key's name or a JSONPath of member names ($.a.b or \
        $['a']['b']); the bags on the path are created when missing, and a member on the path \
        that is not a bag is replaced by one (kqlake's choice). Null when bag is not a \
        property bag.",
    returns: "dynamic (a property bag)",
    examples: &[Example {
        query: "print a = bag_set_key(dynamic({'key1': 1, 'key3': 'abc'}), 'key3', 3), b = bag_set_key(dynamic({'key1': 123}), '$.key2.prop1', 'abc')",
        output: "a,b\n\"{\"\"key1\"\":1,\"\"key3\"\":3}\",\"{\"\"key1\"\":123,\"\"key2\"\":{\"\"prop1\"\":\"\"abc\"\"}}\"",
    }],
};

/// The reference entry of `bag_remove_keys`.
pub(crate) const REMOVE_DOC: FunctionDoc = FunctionDoc {
    name: "bag_remove_keys",
    aliases: &[],
    category: "dynamic",
    syntax: "bag_remove_keys(bag, keys)",
    description: "bag without the keys listed in the array keys: root key names, or JSONPaths \
        of member names ($.a.b or $['a']['b']) for nested keys. Keys that are not there are \
        ignored; an element of keys that is not a string is ignored. Null when bag is not a \
        property bag or keys is not an array.",
    returns: "dynamic (a property bag)",
    examples: &[Example {
        query: "print a = bag_remove_keys(dynamic({'key1': 123, 'key2': 'abc'}), dynamic(['key2', 'key4'])), b = bag_remove_keys(dynamic({'key1': 123, 'key2': {'prop1': 'abc', 'prop2': 'xyz'}, 'key3': [100, 200]}), dynamic(['$.key2.prop1', 'key3']))",
        output: "a,b\n\"{\"\"key1\"\":123}\",\"{\"\"key1\"\":123,\"\"key2\"\":{\"\"prop2\"\":\"\"xyz\"\"}}\"",
    }],
};

impl KqlFunction for BagSetKeyFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &SET_DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [bag, key, value] = fixed(&SET_DOC, args)?;
        let exprs = vec![
            bag.dynamic()?.expr,
            key.string()?.expr,
            crate::conversion::to_json(value.any()),
        ];
        let f = udf(
            "kql_bag_set_key",
            vec![DataType::Utf8; 3],
            DataType::Utf8,
            set_key_batch,
        );
        Ok(TypedExpr::new(f.call(exprs), KqlType::Dynamic))
    }
}

impl KqlFunction for BagRemoveKeysFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &REMOVE_DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [bag, keys] = fixed(&REMOVE_DOC, args)?;
        let f = udf(
            "kql_bag_remove_keys",
            vec![DataType::Utf8; 2],
            DataType::Utf8,
            remove_keys_batch,
        );
        Ok(TypedExpr::new(
            f.call(vec![bag.dynamic()?.expr, keys.dynamic()?.expr]),
            KqlType::Dynamic,
        ))
    }
}

/// The member names of a key: a JSONPath (`$.a.b`, `$['a'].b`) or one root key's name.
/// `None` for a JSONPath kqlake cannot read (array indexes, wildcards, an empty name).
fn key_path(key: &str) -> Option<Vec<String>> {
    let Some(mut rest) = key.strip_prefix('$') else {
        return Some(vec![key.to_owned()]);
    };
    let mut names = Vec::new();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            names.push(after[..end].to_owned());
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix('[') {
            let quote = after.chars().next().filter(|c| *c == '\'' || *c == '"')?;
            let inner = &after[1..];
            let end = inner.find(quote)?;
            names.push(inner[..end].to_owned());
            rest = inner[end + 1..].strip_prefix(']')?;
        } else {
            return None;
        }
    }
    if names.is_empty() || names.iter().any(|n| n.is_empty() || n == "*") {
        return None;
    }
    Some(names)
}

/// Appends `bag` (an object's text) with the member at `path` set to `value`.
fn push_set(out: &mut String, bag: &str, path: &[String], value: &str) {
    let (name, rest) = path.split_first().expect("paths are not empty");
    let members = entries(bag).unwrap_or_default();
    let mut found = false;
    out.push('{');
    for (i, (key, member)) in members.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_string(out, key);
        out.push(':');
        if key == name {
            found = true;
            push_member_value(out, member, rest, value);
        } else {
            out.push_str(member);
        }
    }
    if !found {
        if !members.is_empty() {
            out.push(',');
        }
        push_json_string(out, name);
        out.push(':');
        push_member_value(out, "{}", rest, value);
    }
    out.push('}');
}

/// Appends the new value of a member on the path: `value` at the path's end, else the member
/// (a bag, or a new one) with the rest of the path set.
fn push_member_value(out: &mut String, member: &str, rest: &[String], value: &str) {
    if rest.is_empty() {
        out.push_str(value);
    } else if kind(member) == JsonKind::Object {
        push_set(out, member, rest, value);
    } else {
        push_set(out, "{}", rest, value);
    }
}

/// Appends `bag` without the member at `path`.
fn push_removed(out: &mut String, bag: &str, path: &[String]) {
    let (name, rest) = path.split_first().expect("paths are not empty");
    let mut first = true;
    out.push('{');
    for (key, member) in entries(bag).unwrap_or_default() {
        if key == name.as_str() && rest.is_empty() {
            continue;
        }
        if !first {
            out.push(',');
        }
        first = false;
        push_json_string(out, &key);
        out.push(':');
        if key == name.as_str() && kind(member) == JsonKind::Object {
            push_removed(out, member, rest);
        } else {
            out.push_str(member);
        }
    }
    out.push('}');
}

fn set_key_batch(batch: &Batch) -> Result<ColumnarValue> {
    let [bags, keys, values] = [batch.strings(0)?, batch.strings(1)?, batch.strings(2)?];
    batch.string_result(|row, out| {
        let Some(bag) = bags.get(row).filter(|b| kind(b) == JsonKind::Object) else {
            return false;
        };
        let Some(path) = key_path(keys.get(row).unwrap_or("")) else {
            return false;
        };
        push_set(out, bag, &path, values.get(row).unwrap_or("null"));
        true
    })
}

fn remove_keys_batch(batch: &Batch) -> Result<ColumnarValue> {
    let [bags, keys] = [batch.strings(0)?, batch.strings(1)?];
    let mut current = String::new();
    let mut next = String::new();
    batch.string_result(|row, out| {
        let Some(bag) = bags.get(row).filter(|b| kind(b) == JsonKind::Object) else {
            return false;
        };
        let Some(keys) = keys.get(row).and_then(elements) else {
            return false;
        };
        current.clear();
        current.push_str(bag);
        for key in keys {
            let Some(path) = string_value(key).and_then(|k| key_path(&k)) else {
                continue;
            };
            next.clear();
            push_removed(&mut next, &current, &path);
            std::mem::swap(&mut current, &mut next);
        }
        out.push_str(&current);
        true
    })
}

#[cfg(test)]
mod tests {
    use super::key_path;

    #[test]
    fn paths() {
        assert_eq!(key_path("a.b"), Some(vec!["a.b".to_owned()]));
        assert_eq!(
            key_path("$.a['b c'].d"),
            Some(vec!["a".to_owned(), "b c".to_owned(), "d".to_owned()])
        );
        assert_eq!(key_path("$"), None);
        assert_eq!(key_path("$.a[0]"), None);
    }
}
