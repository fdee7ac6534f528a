//! `parse-kv`: extract the values of listed keys from a string of key-value pairs.

use super::OperatorName;
use super::operand::{OperatorParameter, ParameterValue, operator_parameter};
use super::write_list;
use crate::ast::{DatatableColumn, Expr, OperatorKind};
use crate::parser::expr::expression;
use crate::parser::lexical::{SyntaxError, keyword, name, punct, require};
use crate::parser::{Input, PResult};
use crate::{Diagnostic, KqlType, Span};
use std::fmt;

/// `parse-kv Expr as (Key: type, …) [with (option = value, …)]`.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseKv {
    /// The string to read.
    pub expr: Expr,
    /// The keys to extract, each a column of its type.
    pub keys: Vec<DatatableColumn>,
    /// The `with (…)` options, as written: `pair_delimiter`, `kv_delimiter`, `quote`,
    /// `escape` (these two repeatable), `greedy`, `regex`.
    pub options: Vec<OperatorParameter>,
}

/// Option names `parse-kv` takes in `with (…)`.
const OPTIONS: &[&str] = &[
    "pair_delimiter",
    "kv_delimiter",
    "quote",
    "escape",
    "greedy",
    "regex",
];

/// `parse-kv`: columns from key-value pairs in a string.
///
/// ```ebnf
/// parse_kv_operator ::= "parse-kv" expression "as" "(" parse_kv_key ("," parse_kv_key)* ")" ["with" "(" [operator_parameter ("," operator_parameter)*] ")"]
/// parse_kv_key      ::= name [":" type_name]
/// ```
///
/// Options: `pair_delimiter`, `kv_delimiter`, `quote`, `escape` (strings), `greedy` (bool),
/// `regex` (a string).
pub(crate) fn parse_kv_operator(name: OperatorName, input: Input<'_>) -> PResult<'_, OperatorKind> {
    let (rest, expr) = require(expression(input), input, || {
        format!("expected the expression to parse after '{name}'")
    })?;
    let (rest, _) = require(keyword("as")(rest), rest, || {
        "expected 'as' and the keys in parentheses, e.g. as (a: long, b: string)".to_owned()
    })?;
    let (mut rest, _) = require(punct("(")(rest), rest, || {
        "expected '(' and the keys after 'as'".to_owned()
    })?;
    let mut keys = Vec::new();
    loop {
        let (after, key) = require(parse_kv_key(rest), rest, || {
            "expected a key 'name: type'".to_owned()
        })?;
        keys.push(key);
        rest = after;
        match punct(",")(rest) {
            Ok((after_comma, _)) => rest = after_comma,
            Err(_) => break,
        }
    }
    let (mut rest, _) = require(punct(")")(rest), rest, || {
        "expected ',' or ')' after a key".to_owned()
    })?;
    let mut options = Vec::new();
    if let Ok((after_with, _)) = keyword("with")(rest) {
        let (after_open, _) = require(punct("(")(after_with), after_with, || {
            "expected '(' and options after 'with'".to_owned()
        })?;
        rest = after_open;
        if let Ok((after_close, _)) = punct(")")(rest) {
            rest = after_close;
        } else {
            loop {
                let (after, option) = require(operator_parameter(rest), rest, || {
                    "expected an option such as pair_delimiter=','".to_owned()
                })?;
                check_option(&option)?;
                options.push(option);
                rest = after;
                match punct(",")(rest) {
                    Ok((after_comma, _)) => rest = after_comma,
                    Err(_) => break,
                }
            }
            let (after_close, _) = require(punct(")")(rest), rest, || {
                "expected ',' or ')' after an option".to_owned()
            })?;
            rest = after_close;
        }
    }
    Ok((
        rest,
        OperatorKind::ParseKv(ParseKv {
            expr,
            keys,
            options,
        }),
    ))
}

/// `name` or `name: type` (a string when the type is left out).
fn parse_kv_key(input: Input<'_>) -> PResult<'_, DatatableColumn> {
    let (rest, key) = name(input)?;
    match punct(":")(rest) {
        Ok((after_colon, _)) => {
            let (rest, (kql_type, type_span)) = super::source::scalar_type(after_colon, "")?;
            let span = key.span.to(type_span);
            Ok((
                rest,
                DatatableColumn {
                    name: key,
                    kql_type,
                    span,
                },
            ))
        }
        Err(_) => {
            let span = key.span;
            Ok((
                rest,
                DatatableColumn {
                    name: key,
                    kql_type: KqlType::String,
                    span,
                },
            ))
        }
    }
}

/// An option's name and value kind.
fn check_option(option: &OperatorParameter) -> Result<(), nom::Err<SyntaxError>> {
    let fail = |message: String, span: Span| {
        Err(nom::Err::Failure(SyntaxError::new(Diagnostic::syntax(
            message, span,
        ))))
    };
    match (option.name.as_str(), &option.value) {
        ("greedy", ParameterValue::Bool(_)) => Ok(()),
        ("greedy", _) => fail(
            "expected true or false after 'greedy='".to_owned(),
            option.value_span,
        ),
        (known, ParameterValue::String(_)) if OPTIONS.contains(&known) => Ok(()),
        (known, _) if OPTIONS.contains(&known) => fail(
            format!("expected a string after '{known}='"),
            option.value_span,
        ),
        (other, _) => Err(nom::Err::Failure(SyntaxError::new(
            Diagnostic::syntax(
                format!("unknown parse-kv option '{other}'"),
                option.name_span,
            )
            .with_help(format!("parse-kv takes {}", OPTIONS.join(", "))),
        ))),
    }
}

/// `parse-kv s as (a: long) with (pair_delimiter=",", kv_delimiter=":")`.
impl fmt::Display for ParseKv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "parse-kv {} as (", self.expr)?;
        write_list(f, &self.keys)?;
        f.write_str(")")?;
        if !self.options.is_empty() {
            f.write_str(" with (")?;
            write_list(f, &self.options)?;
            f.write_str(")")?;
        }
        Ok(())
    }
}
