//! `parse_command_line(command_line, parser_type)`: a Windows command line split into its
//! arguments.

use crate::args::fixed;
use crate::json::push_json_string;
use crate::udf::{Batch, unary};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `parse_command_line`: see [`DOC`].
pub(crate) struct ParseCommandLineFunc;

/// The reference entry of `parse_command_line`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "parse_command_line",
    aliases: &[],
    category: "string",
    syntax: "parse_command_line(command_line, parser_type)",
    description: "The arguments of command_line as an array of strings, split as Windows' \
        CommandLineToArgvW splits them; parser_type must be the constant \"windows\", the only \
        one Kusto has. Arguments are separated by spaces and tabs outside double quotes; a \
        double quote starts or ends a quoted part and is dropped; inside quotes, \"\" is one \
        literal \"; 2n backslashes before a quote give n backslashes, 2n+1 give n and a \
        literal quote; other backslashes are literal. The first argument (the program) ends at \
        the first space or tab, or, when it starts with a quote, at the next quote, with \
        backslashes taken literally. An empty or blank command line gives [].",
    returns: "dynamic (an array of strings)",
    examples: &[Example {
        query: r#"print r = parse_command_line("echo \"hello world!\"", "windows")"#,
        output: "r\n\"[\"\"echo\"\",\"\"hello world!\"\"]\"",
    }],
};

impl KqlFunction for ParseCommandLineFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [command_line, parser_type] = fixed(&DOC, args)?;
        let command_line = command_line.string()?;
        let error = parser_type.error("the only parser_type is \"windows\"");
        if !parser_type
            .string_literal()?
            .eq_ignore_ascii_case("windows")
        {
            return Err(error);
        }
        Ok(unary(
            "kql_parse_command_line",
            command_line,
            KqlType::Dynamic,
            parse_command_line_batch,
        ))
    }
}

/// The arguments of a Windows command line (see [`DOC`]).
fn windows_arguments(line: &str) -> Vec<String> {
    let is_blank = |c: char| c == ' ' || c == '\t';
    let mut args = Vec::new();
    let rest = line.trim_start_matches(is_blank);
    if rest.is_empty() {
        return args;
    }
    // The program name.
    let rest = if let Some(quoted) = rest.strip_prefix('"') {
        let end = quoted.find('"').unwrap_or(quoted.len());
        args.push(quoted[..end].to_owned());
        quoted.get(end + 1..).unwrap_or("")
    } else {
        let end = rest.find(is_blank).unwrap_or(rest.len());
        args.push(rest[..end].to_owned());
        &rest[end..]
    };
    let chars: Vec<char> = rest.chars().collect();
    let mut i = 0;
    let mut current: Option<String> = None;
    let mut quoted = false;
    while i < chars.len() {
        let c = chars[i];
        if is_blank(c) && !quoted {
            if let Some(arg) = current.take() {
                args.push(arg);
            }
            i += 1;
            continue;
        }
        let arg = current.get_or_insert_with(String::new);
        match c {
            '\\' => {
                let run = chars[i..].iter().take_while(|c| **c == '\\').count();
                i += run;
                if chars.get(i) == Some(&'"') {
                    arg.extend(std::iter::repeat_n('\\', run / 2));
                    if run % 2 == 1 {
                        arg.push('"');
                        i += 1;
                    }
                } else {
                    arg.extend(std::iter::repeat_n('\\', run));
                }
                continue;
            }
            '"' if quoted && chars.get(i + 1) == Some(&'"') => {
                arg.push('"');
                i += 2;
                continue;
            }
            '"' => quoted = !quoted,
            c => arg.push(c),
        }
        i += 1;
    }
    if let Some(arg) = current {
        args.push(arg);
    }
    args
}

fn parse_command_line_batch(batch: &Batch) -> Result<ColumnarValue> {
    let lines = batch.strings(0)?;
    batch.string_result(|row, out| {
        out.push('[');
        for (i, arg) in windows_arguments(lines.get(row).unwrap_or(""))
            .iter()
            .enumerate()
        {
            if i > 0 {
                out.push(',');
            }
            push_json_string(out, arg);
        }
        out.push(']');
        true
    })
}

#[cfg(test)]
mod tests {
    use super::windows_arguments;

    #[test]
    fn microsoft_documented_cases() {
        // The table of "Parsing C++ command-line arguments" (Microsoft Learn).
        assert_eq!(
            windows_arguments(r#"p "abc" d e"#),
            vec!["p", "abc", "d", "e"]
        );
        assert_eq!(
            windows_arguments(r#"p a\\b d"e f"g h"#),
            vec!["p", r"a\\b", "de fg", "h"]
        );
        assert_eq!(
            windows_arguments(r#"p a\\\"b c d"#),
            vec!["p", r#"a\"b"#, "c", "d"]
        );
        assert_eq!(
            windows_arguments(r#"p a\\\\"b c" d e"#),
            vec!["p", r"a\\b c", "d", "e"]
        );
        assert_eq!(windows_arguments("  "), Vec::<String>::new());
    }
}
