//! The inline sources `print` and `datatable`: parser fns and canonical `Display`.

use super::{named_expression_list, write_list};
use crate::ast::{Datatable, DatatableColumn, Print};
use crate::parser::expr::expression;
use crate::parser::lexical::{
    expected_failure, keyword, name, punct, require, span_from, syntax_failure, word,
};
use crate::parser::{Input, PResult};
use crate::{KqlType, Span};
use std::fmt;

/// `print a = 1, "x"`: one row of computed columns.
///
/// ```ebnf
/// print_source ::= "print" named_expression_list
/// ```
pub(crate) fn print_source(input: Input<'_>) -> PResult<'_, Print> {
    let (after_kw, kw) = keyword("print")(input)?;
    let (rest, items) = named_expression_list(after_kw, "expected an expression after 'print'")?;
    Ok((
        rest,
        Print {
            items,
            span: span_from(kw.start, rest),
        },
    ))
}

/// `datatable(a: long, b: string) [1, "x", 2, "y"]`: an inline table, values row after row.
///
/// ```ebnf
/// datatable_source ::= "datatable" row_schema
///                      "[" [expression ("," expression)* [","]] "]"
/// ```
pub(crate) fn datatable_source(input: Input<'_>) -> PResult<'_, Datatable> {
    let (after_kw, kw) = keyword("datatable")(input)?;
    let (after_close, columns) = row_schema(after_kw, "datatable")?;
    let (mut rest, _) = require(punct("[")(after_close), after_close, || {
        "expected '[' and the values of the datatable".to_owned()
    })?;
    let mut values = Vec::new();
    loop {
        if let Ok((after, _)) = punct("]")(rest) {
            rest = after;
            break;
        }
        let (after, value) = require(expression(rest), rest, || {
            "expected a value or ']'".to_owned()
        })?;
        values.push(value);
        rest = after;
        match punct(",")(rest) {
            Ok((after_comma, _)) => rest = after_comma,
            Err(_) => {
                let (after, _) = require(punct("]")(rest), rest, || {
                    "expected ',' or ']' after a datatable value".to_owned()
                })?;
                rest = after;
                break;
            }
        }
    }
    Ok((
        rest,
        Datatable {
            columns,
            values,
            span: span_from(kw.start, rest),
        },
    ))
}

/// The declared columns of `datatable` or `externaldata` (`owner`, for messages).
///
/// ```ebnf
/// row_schema ::= "(" datatable_column ("," datatable_column)* ")"
/// ```
pub(crate) fn row_schema<'a>(input: Input<'a>, owner: &str) -> PResult<'a, Vec<DatatableColumn>> {
    let (mut rest, _) = require(punct("(")(input), input, || {
        format!("expected '(' and the columns after '{owner}'")
    })?;
    let mut columns = Vec::new();
    loop {
        let (after, column) = require(datatable_column(rest), rest, || {
            "expected a column 'name: type'".to_owned()
        })?;
        columns.push(column);
        rest = after;
        match punct(",")(rest) {
            Ok((after_comma, _)) => rest = after_comma,
            Err(_) => break,
        }
    }
    require(punct(")")(rest), rest, || {
        format!("expected ',' or ')' after a {owner} column")
    })
    .map(|(rest, _)| (rest, columns))
}

/// `name: type` in a datatable schema.
///
/// ```ebnf
/// datatable_column ::= name ":" type_name
/// ```
pub(crate) fn datatable_column(input: Input<'_>) -> PResult<'_, DatatableColumn> {
    let (after_name, column) = name(input)?;
    let (after_colon, _) = require(punct(":")(after_name), after_name, || {
        format!("expected ':' and a type after column '{}'", column.name)
    })?;
    let (rest, (kql_type, type_span)) = scalar_type(after_colon, "")?;
    let span = column.span.to(type_span);
    Ok((
        rest,
        DatatableColumn {
            name: column,
            kql_type,
            span,
        },
    ))
}

/// A type name (`long`, `string`, …, see `type_name` in `literals.ebnf`) after a `:`; `or`
/// names what else may stand there, for the messages (`" or a table schema such as (*)"`).
pub(crate) fn scalar_type<'a>(input: Input<'a>, or: &str) -> PResult<'a, (KqlType, Span)> {
    let (rest, (type_name, type_span)) = match word(input) {
        Ok(ok) => ok,
        Err(_) => {
            return Err(expected_failure(
                &format!("expected a type name (long, string, datetime, …){or}"),
                input,
            ));
        }
    };
    let Some(kql_type) = KqlType::from_name(type_name) else {
        return Err(syntax_failure(
            format!(
                "unknown type '{type_name}': expected bool, int, long, real, decimal, string, datetime, timespan, guid{}",
                if or.is_empty() {
                    " or dynamic".to_owned()
                } else {
                    format!(", dynamic{or}")
                }
            ),
            type_span,
        ));
    };
    Ok((rest, (kql_type, type_span)))
}

/// `print a = 1, 2`.
impl fmt::Display for Print {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("print ")?;
        write_list(f, &self.items)
    }
}

/// `datatable(a: long) [1, 2]`.
impl fmt::Display for Datatable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("datatable(")?;
        write_list(f, &self.columns)?;
        f.write_str(") [")?;
        write_list(f, &self.values)?;
        f.write_str("]")
    }
}

/// `name: type`.
impl fmt::Display for DatatableColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name, self.kql_type)
    }
}
