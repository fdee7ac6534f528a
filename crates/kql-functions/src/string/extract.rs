//! `extract(regex, captureGroup, source [, typeLiteral])`: one capture group of the first
//! match of a regex.

use crate::args::optional;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::common::{Result, exec_err};
use datafusion::logical_expr::{ColumnarValue, lit};
use kql_syntax::KqlType;

/// `extract`: see [`DOC`].
pub(crate) struct ExtractFunc;

/// The reference entry of `extract`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "extract",
    aliases: &[],
    category: "string",
    syntax: "extract(regex, captureGroup, source [, typeLiteral])",
    description: "The text matched by capture group captureGroup (0 is the whole match, 1 the \
        first parenthesis, …) in the first match of regex in source, converted to \
        typeLiteral (typeof(long), typeof(datetime), …) when given. No match, a group that \
        took no part in the match, or a failed conversion give null — \"\" for a string \
        result, strings being never null. regex and captureGroup must be constants; a regex \
        that does not compile or a group it does not have is an error. A dynamic source is \
        searched in its text.",
    returns: "string, or the type of typeLiteral",
    examples: &[
        Example {
            query: r#"datatable(Text:string)["User: James, Email: James@example.com, Age: 29", "User: David, Age: 35"] | extend UserName = extract("User: ([^,]+)", 1, Text), EmailId = extract(@"Email: (\S+),", 1, Text), Age = extract(@"\d+", 0, Text) | project UserName, EmailId, Age"#,
            output: "UserName,EmailId,Age\nJames,James@example.com,29\nDavid,,35",
        },
        Example {
            query: r#"datatable(DateString:string)["15-12-2024", "21-07-2023"] | extend Month = extract(@"-(\d{2})-", 1, DateString, typeof(int))"#,
            output: "DateString,Month\n15-12-2024,12\n21-07-2023,7",
        },
    ],
};

impl KqlFunction for ExtractFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let ([regex, group, source], [type_literal]) = optional::<3, 1>(&DOC, args)?;
        let pattern = crate::regex::check(regex)?;
        let groups = crate::regex::compile(&pattern)
            .map(|r| r.captures_len() - 1)
            .unwrap_or(0);
        let group_error = group.error(format!(
            "the regex has {groups} capture group{}; captureGroup must be 0 to {groups}",
            if groups == 1 { "" } else { "s" }
        ));
        let group = group.long_literal()?;
        if usize::try_from(group).map_or(true, |g| g > groups) {
            return Err(group_error);
        }
        let source = super::searchable(source)?;
        let to = match type_literal {
            None => KqlType::String,
            Some(t) => super::type_of(t)?,
        };
        let extract = udf(
            "kql_extract",
            vec![DataType::Utf8, DataType::Int64, DataType::Utf8],
            DataType::Utf8,
            extract_batch,
        );
        let text = TypedExpr::new(
            extract.call(vec![lit(pattern), lit(group), source.expr]),
            KqlType::String,
        );
        Ok(match to {
            KqlType::String => super::never_null(text),
            to => crate::conversion::from_string(text, to),
        })
    }
}

fn extract_batch(batch: &Batch) -> Result<ColumnarValue> {
    let pattern = batch.strings(0)?;
    let group = batch.primitives::<Int64Type>(1)?;
    let source = batch.strings(2)?;
    let (Some(pattern), Some(group)) = (pattern.get(0), group.get(0)) else {
        return batch.string_result(|_, _| false);
    };
    let regex = match crate::regex::compile(pattern) {
        Ok(r) => r,
        Err(e) => return exec_err!("{e}"),
    };
    let group = usize::try_from(group).unwrap_or(usize::MAX);
    batch.string_result(|row, out| {
        let found = source
            .get(row)
            .and_then(|s| regex.captures(s))
            .and_then(|c| c.get(group));
        found.map(|m| out.push_str(m.as_str())).is_some()
    })
}
