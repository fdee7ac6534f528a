//! `replace_regex(source, lookup_regex, rewrite_pattern)` and the deprecated
//! `replace(regex, rewrite, text)`: every regex match replaced, with `\1`-style groups.

use crate::args::fixed;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{Result, exec_err};
use datafusion::logical_expr::{ColumnarValue, lit};
use kql_syntax::KqlType;

/// `replace_regex`, or `replace` with its older argument order.
pub(crate) struct ReplaceRegexFunc {
    doc: &'static FunctionDoc,
    /// `replace(regex, rewrite, text)` rather than `replace_regex(text, regex, rewrite)`.
    old_order: bool,
}

/// `replace_regex`.
pub(crate) const REPLACE_REGEX: ReplaceRegexFunc = ReplaceRegexFunc {
    doc: &REPLACE_REGEX_DOC,
    old_order: false,
};
/// `replace`.
pub(crate) const REPLACE: ReplaceRegexFunc = ReplaceRegexFunc {
    doc: &REPLACE_DOC,
    old_order: true,
};

const REPLACE_REGEX_DOC: FunctionDoc = FunctionDoc {
    name: "replace_regex",
    aliases: &[],
    category: "string",
    syntax: "replace_regex(source, lookup_regex, rewrite_pattern)",
    description: "source with every non-overlapping match of lookup_regex replaced by \
        rewrite_pattern, where \\0 is the whole match and \\1, \\2, … the capture groups (SQL's \
        regexp_replace replaces only the first match without the g flag). lookup_regex must be \
        a constant regex.",
    returns: "string",
    examples: &[Example {
        query: r#"datatable(x:long)[1, 2] | extend str = strcat('Number is ', tostring(x)) | extend replaced = replace_regex(str, @'is (\d+)', @'was: \1')"#,
        output: "x,str,replaced\n1,Number is 1,Number was: 1\n2,Number is 2,Number was: 2",
    }],
};

const REPLACE_DOC: FunctionDoc = FunctionDoc {
    name: "replace",
    aliases: &[],
    category: "string",
    syntax: "replace(regex, rewrite, text)",
    description: "Deprecated form of replace_regex with the arguments in another order (as \
        Kusto's 2018 documentation of replace() gives them): text with every match of regex \
        replaced by rewrite (\\0, \\1, … name the match and its groups).",
    returns: "string",
    examples: &[Example {
        query: r#"print replace(@'is (\d+)', @'was: \1', 'Number is 1 and is 22')"#,
        output: "print_0\nNumber was: 1 and was: 22",
    }],
};

impl KqlFunction for ReplaceRegexFunc {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [a, b, c] = fixed(self.doc, args)?;
        let (source, regex, rewrite) = if self.old_order { (c, a, b) } else { (a, b, c) };
        let pattern = crate::regex::check(regex)?;
        let exprs = vec![
            super::searchable(source)?.expr,
            lit(pattern),
            rewrite.string()?.expr,
        ];
        let f = udf(
            "kql_replace_regex",
            vec![DataType::Utf8; 3],
            DataType::Utf8,
            replace_batch,
        );
        Ok(TypedExpr::new(f.call(exprs), KqlType::String))
    }
}

/// Kusto's rewrite (`\1`) in the `regex` crate's syntax (`${1}`), `$` escaped.
fn rewrite_syntax(rewrite: &str, out: &mut String) {
    out.clear();
    let mut chars = rewrite.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(char::is_ascii_digit) => {
                out.push_str("${");
                while let Some(d) = chars.next_if(char::is_ascii_digit) {
                    out.push(d);
                }
                out.push('}');
            }
            '$' => out.push_str("$$"),
            c => out.push(c),
        }
    }
}

fn replace_batch(batch: &Batch) -> Result<ColumnarValue> {
    let source = batch.strings(0)?;
    let Some(pattern) = batch.strings(1)?.get(0) else {
        return batch.string_result(|_, _| true);
    };
    let regex = match crate::regex::compile(pattern) {
        Ok(r) => r,
        Err(e) => return exec_err!("{e}"),
    };
    let rewrite = batch.strings(2)?;
    let mut replacement = String::new();
    batch.string_result(|row, out| {
        rewrite_syntax(rewrite.get(row).unwrap_or(""), &mut replacement);
        out.push_str(&regex.replace_all(source.get(row).unwrap_or(""), replacement.as_str()));
        true
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_translate_to_the_regex_crate() {
        let mut out = String::new();
        rewrite_syntax(r"was: \1 \0 $5 \12x", &mut out);
        assert_eq!(out, "was: ${1} ${0} $$5 ${12}x");
    }
}
