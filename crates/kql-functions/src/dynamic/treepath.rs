//! `treepath(object)`: the paths of every node below the root of a dynamic value, as an array.

use crate::args::fixed;
use crate::json::{elements, entries, push_json_string_array};
use crate::udf::{Batch, unary};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `treepath`: see [`DOC`].
pub(crate) struct TreepathFunc;

/// The reference entry of `treepath`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "treepath",
    aliases: &[],
    category: "dynamic",
    syntax: "treepath(object)",
    description: "The path expressions of the nodes of object below its root, as an array of \
        strings: a property as ['name'], the elements of an array as one [0] that stands for \
        all of them (the paths inside its elements are merged), as the docs' examples show. \
        Each path once, in the order first met walking the value depth first; a ' in a name is \
        written \\'. A scalar, an empty bag or an empty array gives []; null gives null.",
    returns: "dynamic (an array of strings)",
    examples: &[Example {
        query: r#"print a = treepath(parse_json('{"a":"b", "c":123}')), b = treepath(parse_json('{"listProperty":[100,200,300,"abcde",{"x":"y"}]}'))"#,
        output: "a,b\n\"[\"\"['a']\"\",\"\"['c']\"\"]\",\"[\"\"['listProperty']\"\",\"\"['listProperty'][0]\"\",\"\"['listProperty'][0]['x']\"\"]\"",
    }],
};

impl KqlFunction for TreepathFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [object] = fixed(&DOC, args)?;
        Ok(unary(
            "kql_treepath",
            object.dynamic()?,
            KqlType::Dynamic,
            treepath_batch,
        ))
    }
}

/// The paths found so far, each once, in the order first met.
#[derive(Default)]
struct Paths {
    order: Vec<String>,
    seen: std::collections::HashSet<String>,
}

impl Paths {
    fn add(&mut self, path: &str) {
        if self.seen.insert(path.to_owned()) {
            self.order.push(path.to_owned());
        }
    }

    /// Adds the paths below `json`, which is itself at `prefix`.
    fn walk(&mut self, json: &str, prefix: &str) {
        if let Some(members) = entries(json) {
            for (key, value) in members {
                let path = format!("{prefix}['{}']", key.replace('\'', "\\'"));
                self.add(&path);
                self.walk(value, &path);
            }
        } else if let Some(items) = elements(json) {
            let path = format!("{prefix}[0]");
            if !items.is_empty() {
                self.add(&path);
            }
            for item in items {
                self.walk(item, &path);
            }
        }
    }
}

fn treepath_batch(batch: &Batch) -> Result<ColumnarValue> {
    let values = batch.strings(0)?;
    batch.string_result(|row, out| {
        let Some(json) = values.get(row) else {
            return false;
        };
        let mut paths = Paths::default();
        paths.walk(json, "");
        push_json_string_array(out, paths.order.iter().map(String::as_str));
        true
    })
}
