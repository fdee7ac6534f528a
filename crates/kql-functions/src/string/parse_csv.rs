//! `parse_csv(csv_text)`: the fields of one CSV record, as a dynamic array of strings.

use crate::args::fixed;
use crate::json::push_json_string;
use crate::udf::{Batch, unary};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `parse_csv`: see [`DOC`].
pub(crate) struct ParseCsvFunc;

/// The reference entry of `parse_csv`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "parse_csv",
    aliases: &[],
    category: "string",
    syntax: "parse_csv(csv_text)",
    description: "The comma-separated fields of the first record of csv_text, as an array of \
        strings. A field in double quotes may hold commas, line breaks and doubled quotes \
        (\"\" for one \"); a line break outside quotes ends the record, and the rest of the \
        text is ignored. An empty text is one empty field ([\"\"]). Text after a closing quote \
        is kept as part of the field (kqlake's choice).",
    returns: "dynamic (an array of strings)",
    examples: &[Example {
        query: r#"print result = parse_csv('aa,"b,b,b",cc,"Escaping quotes: ""Title""","line1\nline2"'), multi = parse_csv('record1,a,b,c\nrecord2,x,y,z')"#,
        output: "result,multi\n\"[\"\"aa\"\",\"\"b,b,b\"\",\"\"cc\"\",\"\"Escaping quotes: \\\"\"Title\\\"\"\"\",\"\"line1\\nline2\"\"]\",\"[\"\"record1\"\",\"\"a\"\",\"\"b\"\",\"\"c\"\"]\"",
    }],
};

impl KqlFunction for ParseCsvFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [text] = fixed(&DOC, args)?;
        Ok(unary(
            "kql_parse_csv",
            text.string()?,
            KqlType::Dynamic,
            parse_csv_batch,
        ))
    }
}

/// The fields of the first record of `text`.
fn first_record(text: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                quoted = true;
                at_field_start = false;
            }
            ',' => {
                fields.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\n' => break,
            '\r' if chars.peek() == Some(&'\n') || chars.peek().is_none() => break,
            c => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    fields.push(field);
    fields
}

fn parse_csv_batch(batch: &Batch) -> Result<ColumnarValue> {
    let texts = batch.strings(0)?;
    batch.string_result(|row, out| {
        out.push('[');
        for (i, field) in first_record(texts.get(row).unwrap_or(""))
            .iter()
            .enumerate()
        {
            if i > 0 {
                out.push(',');
            }
            push_json_string(out, field);
        }
        out.push(']');
        true
    })
}

#[cfg(test)]
mod tests {
    use super::first_record;

    #[test]
    fn records() {
        assert_eq!(first_record(""), vec![""]);
        assert_eq!(first_record("a,,b"), vec!["a", "", "b"]);
        assert_eq!(first_record("\"x\"\"y\",z\r\nq"), vec!["x\"y", "z"]);
        assert_eq!(first_record("a,\"b\nc\""), vec!["a", "b\nc"]);
    }
}
