//! `parse_path(path)`: a file path's parts (scheme, root, directory, file name, extension,
//! alternate data stream), as a dynamic property bag.

use crate::args::fixed;
use crate::json::push_json_string;
use crate::udf::{Batch, unary};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `parse_path`: see [`DOC`].
pub(crate) struct ParsePathFunc;

/// The reference entry of `parse_path`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "parse_path",
    aliases: &[],
    category: "string",
    syntax: "parse_path(path)",
    description: "The parts of a file path, as a bag with the string members Scheme (before \
        \"://\", if any), RootPath (a drive such as \"C:\"), DirectoryPath (everything before \
        the last / or \\), DirectoryName (the last part of DirectoryPath), Filename (after the \
        last separator, up to a \":\" that starts an alternate data stream), Extension (after \
        the file name's last \".\") and AlternateDataStreamName; a missing part is \"\". Both / \
        and \\ separate; kqlake does not check that the path exists or is valid.",
    returns: "dynamic (a property bag)",
    examples: &[Example {
        query: r#"print p = parse_path("file://C:/temp/file.txt:some.exe")"#,
        output: "p\n\"{\"\"Scheme\"\":\"\"file\"\",\"\"RootPath\"\":\"\"C:\"\",\"\"DirectoryPath\"\":\"\"C:/temp\"\",\"\"DirectoryName\"\":\"\"temp\"\",\"\"Filename\"\":\"\"file.txt\"\",\"\"Extension\"\":\"\"txt\"\",\"\"AlternateDataStreamName\"\":\"\"some.exe\"\"}\"",
    }],
};

impl KqlFunction for ParsePathFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [path] = fixed(&DOC, args)?;
        Ok(unary(
            "kql_parse_path",
            path.string()?,
            KqlType::Dynamic,
            parse_path_batch,
        ))
    }
}

/// A URL-style scheme before `://`: `(scheme, rest)`.
pub(crate) fn split_scheme(text: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = text.split_once("://")?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some((scheme, rest))
}

/// The parts of `path`, in the order Kusto writes them.
fn path_parts(path: &str) -> [(&'static str, &str); 7] {
    let (scheme, rest) = split_scheme(path).unwrap_or(("", path));
    let is_separator = |c: char| c == '/' || c == '\\';
    let (directory, file) = match rest.rfind(is_separator) {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => ("", rest),
    };
    let bytes = rest.as_bytes();
    let root = if bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' {
        &rest[..2]
    } else {
        ""
    };
    let directory_name = directory
        .rsplit(is_separator)
        .next()
        .filter(|name| *name != root)
        .unwrap_or("");
    let file = if directory.is_empty() && !root.is_empty() {
        &file[2..]
    } else {
        file
    };
    let (filename, stream) = file.split_once(':').unwrap_or((file, ""));
    let extension = filename.rsplit_once('.').map_or("", |(_, e)| e);
    [
        ("Scheme", scheme),
        ("RootPath", root),
        ("DirectoryPath", directory),
        ("DirectoryName", directory_name),
        ("Filename", filename),
        ("Extension", extension),
        ("AlternateDataStreamName", stream),
    ]
}

/// Appends the JSON object of string members `parts`.
pub(crate) fn push_string_bag(out: &mut String, parts: &[(&str, &str)]) {
    out.push('{');
    for (i, (key, value)) in parts.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_string(out, key);
        out.push(':');
        push_json_string(out, value);
    }
    out.push('}');
}

fn parse_path_batch(batch: &Batch) -> Result<ColumnarValue> {
    let paths = batch.strings(0)?;
    batch.string_result(|row, out| {
        push_string_bag(out, &path_parts(paths.get(row).unwrap_or("")));
        true
    })
}
