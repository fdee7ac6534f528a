//! `trim(regex, source)`, `trim_start(regex, source)`, `trim_end(regex, source)`: source
//! without a leading and/or trailing match of a regex.

use crate::args::fixed;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{Result, exec_err};
use datafusion::logical_expr::{ColumnarValue, lit};
use kql_syntax::KqlType;

/// `trim`, `trim_start` or `trim_end`: see each `DOC`.
pub(crate) struct TrimFunc {
    doc: &'static FunctionDoc,
    start: bool,
    end: bool,
}

/// `trim`.
pub(crate) const TRIM: TrimFunc = TrimFunc {
    doc: &TRIM_DOC,
    start: true,
    end: true,
};
/// `trim_start`.
pub(crate) const TRIM_START: TrimFunc = TrimFunc {
    doc: &TRIM_START_DOC,
    start: true,
    end: false,
};
/// `trim_end`.
pub(crate) const TRIM_END: TrimFunc = TrimFunc {
    doc: &TRIM_END_DOC,
    start: false,
    end: true,
};

const TRIM_DOC: FunctionDoc = FunctionDoc {
    name: "trim",
    aliases: &[],
    category: "string",
    syntax: "trim(regex, source)",
    description: "source without a match of regex at its start and one at its end (not just \
        whitespace, as SQL's trim: trim(@\"\\s+\", s) for that). regex must be a constant; a \
        plain string such as \"--\" is a regex too, so escape . and other metacharacters.",
    returns: "string",
    examples: &[Example {
        query: r#"print a = trim("--", @"--https://bing.com--"), b = trim(@"[^\w]+", "-  Te st1// $"), c = trim(@"\s+", "    Hello, world!    ")"#,
        output: "a,b,c\nhttps://bing.com,Te st1,\"Hello, world!\"",
    }],
};

const TRIM_START_DOC: FunctionDoc = FunctionDoc {
    name: "trim_start",
    aliases: &[],
    category: "string",
    syntax: "trim_start(regex, source)",
    description: "source without a match of regex at its start. regex must be a constant.",
    returns: "string",
    examples: &[Example {
        query: r#"print a = trim_start("https://", "https://bing.com"), b = trim_start(@"[^\w]+", "-  Te st1// $")"#,
        output: "a,b\nbing.com,Te st1// $",
    }],
};

const TRIM_END_DOC: FunctionDoc = FunctionDoc {
    name: "trim_end",
    aliases: &[],
    category: "string",
    syntax: "trim_end(regex, source)",
    description: "source without a match of regex at its end. regex must be a constant.",
    returns: "string",
    examples: &[Example {
        query: r#"print a = trim_end(".com", "bing.com"), b = trim_end(@"\s+", "    Hello, world!    ")"#,
        output: "a,b\nbing,\"    Hello, world!\"",
    }],
};

impl KqlFunction for TrimFunc {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [regex, source] = fixed(self.doc, args)?;
        let pattern = crate::regex::check(regex)?;
        let source = super::searchable(source)?;
        let (name, body): (&'static str, crate::udf::UdfBody) = match (self.start, self.end) {
            (true, true) => ("kql_trim", trim_batch::<true, true>),
            (true, false) => ("kql_trim_start", trim_batch::<true, false>),
            _ => ("kql_trim_end", trim_batch::<false, true>),
        };
        let f = udf(
            name,
            vec![DataType::Utf8, DataType::Utf8],
            DataType::Utf8,
            body,
        );
        Ok(TypedExpr::new(
            f.call(vec![lit(pattern), source.expr]),
            KqlType::String,
        ))
    }
}

fn trim_batch<const START: bool, const END: bool>(batch: &Batch) -> Result<ColumnarValue> {
    let pattern = batch.strings(0)?.get(0).unwrap_or("");
    let source = batch.strings(1)?;
    let anchored = |p: String| crate::regex::compile(&p);
    let (leading, trailing) = match (
        anchored(format!("^(?:{pattern})")),
        anchored(format!("(?:{pattern})$")),
    ) {
        (Ok(l), Ok(t)) => (l, t),
        (Err(e), _) | (_, Err(e)) => return exec_err!("{e}"),
    };
    batch.string_result(|row, out| {
        let mut text = source.get(row).unwrap_or("");
        if START && let Some(m) = leading.find(text) {
            text = &text[m.end()..];
        }
        if END && let Some(m) = trailing.find(text) {
            text = &text[..m.start()];
        }
        out.push_str(text);
        true
    })
}
