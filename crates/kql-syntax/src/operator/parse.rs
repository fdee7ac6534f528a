//! `parse` and `parse-where`: extract columns from a string by a pattern of constants, `*`
//! and typed column names.

use super::OperatorName;
use super::operand::{OperatorParameter, ParameterValue, operator_parameters};
use super::source::scalar_type;
use crate::ast::{Expr, Ident, Literal, OperatorKind};
use crate::parser::expr::expression;
use crate::parser::lexical::{SyntaxError, keyword, name, punct, require, ws};
use crate::parser::string::{starts_string_part, string_literal};
use crate::parser::{Input, PResult};
use crate::{Diagnostic, KqlType, Span};
use std::fmt;

/// `parse [kind=…] [flags=…] Expr with Pattern`.
#[derive(Debug, Clone, PartialEq)]
pub struct Parse {
    /// `kind=simple|regex|relaxed`, if written (the default is `simple`).
    pub kind: Option<ParseKind>,
    /// `flags=Ui`: regex flags (with `kind=regex` only).
    pub flags: Option<Ident>,
    /// The parsed value (converted to a string).
    pub expr: Expr,
    /// The pattern after `with`, at least one part.
    pub pattern: Vec<ParsePart>,
}

/// `parse-where …`: `parse`, keeping only the rows that match.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseWhere {
    /// The same parts as `parse`.
    pub parse: Parse,
}

/// How `parse` matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseKind {
    /// `simple`: literal constants, strict.
    Simple,
    /// `regex`: the constants are regular expressions, strict.
    Regex,
    /// `relaxed`: literal constants; columns that do not convert are null alone.
    Relaxed,
}

impl ParseKind {
    /// The keyword.
    pub fn name(self) -> &'static str {
        match self {
            ParseKind::Simple => "simple",
            ParseKind::Regex => "regex",
            ParseKind::Relaxed => "relaxed",
        }
    }
}

/// One part of a parse pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum ParsePart {
    /// `*`: skip any text.
    Star(Span),
    /// A string constant (a regex with `kind=regex`).
    Text {
        /// The decoded text.
        text: String,
        /// Where it is.
        span: Span,
    },
    /// `Name` or `Name:type`: a column.
    Column {
        /// The column name.
        name: Ident,
        /// The type after `:`, if written (the default is `string`).
        kql_type: Option<KqlType>,
        /// From the name to the type.
        span: Span,
    },
}

impl ParsePart {
    /// Where the part is.
    pub fn span(&self) -> Span {
        match self {
            ParsePart::Star(span)
            | ParsePart::Text { span, .. }
            | ParsePart::Column { span, .. } => *span,
        }
    }
}

/// `parse`: extend the input with columns extracted from a string.
///
/// ```ebnf
/// parse_operator ::= "parse" parse_tail
/// parse_tail     ::= operator_parameter* expression "with" parse_part+
/// parse_part     ::= "*" | string_literal | name [":" type_name]
/// ```
///
/// Parameters: `kind=simple|regex|relaxed`, `flags=` (regex flags, with `kind=regex`).
pub(crate) fn parse_operator(name: OperatorName, input: Input<'_>) -> PResult<'_, OperatorKind> {
    let (rest, parse) = parse_tail(name, input, false)?;
    Ok((rest, OperatorKind::Parse(parse)))
}

/// `parse-where`: `parse`, dropping the rows that do not match.
///
/// ```ebnf
/// parse_where_operator ::= "parse-where" parse_tail
/// ```
///
/// Parameters: `kind=simple|regex` and `flags=`.
pub(crate) fn parse_where_operator(
    name: OperatorName,
    input: Input<'_>,
) -> PResult<'_, OperatorKind> {
    let (rest, parse) = parse_tail(name, input, true)?;
    Ok((rest, OperatorKind::ParseWhere(ParseWhere { parse })))
}

/// What follows `parse` or `parse-where`.
fn parse_tail(name: OperatorName, input: Input<'_>, is_where: bool) -> PResult<'_, Parse> {
    let (rest, parameters) = operator_parameters(input)?;
    let mut kind = None;
    let mut flags = None;
    for parameter in &parameters {
        match (parameter.name.as_str(), &parameter.value) {
            ("kind", ParameterValue::Word(w)) if w == "simple" => kind = Some(ParseKind::Simple),
            ("kind", ParameterValue::Word(w)) if w == "regex" => kind = Some(ParseKind::Regex),
            ("kind", ParameterValue::Word(w)) if w == "relaxed" && !is_where => {
                kind = Some(ParseKind::Relaxed);
            }
            ("flags", ParameterValue::Word(w) | ParameterValue::String(w)) => {
                flags = Some(Ident {
                    name: w.clone(),
                    span: parameter.value_span,
                });
            }
            _ => return Err(bad_parameter(parameter, name, is_where)),
        }
    }
    if let Some(flags) = &flags
        && kind != Some(ParseKind::Regex)
    {
        return Err(nom::Err::Failure(SyntaxError::new(
            Diagnostic::syntax(format!("'flags=' needs 'kind=regex' in {name}"), flags.span)
                .with_help("write kind=regex before flags="),
        )));
    }
    let (rest, expr) = require(expression(rest), rest, || {
        format!("expected the expression to parse after '{name}'")
    })?;
    let (mut rest, _) = require(keyword("with")(rest), rest, || {
        "expected 'with' and a pattern after the parsed expression".to_owned()
    })?;
    let mut pattern = Vec::new();
    loop {
        match parse_part(rest) {
            Ok((after, part)) => {
                pattern.push(part);
                rest = after;
            }
            Err(nom::Err::Error(_)) if !pattern.is_empty() => break,
            Err(nom::Err::Error(_)) => {
                return Err(crate::parser::lexical::expected_failure(
                    "expected a pattern of strings, '*' and column names after 'with'",
                    rest,
                ));
            }
            Err(e) => return Err(e),
        }
    }
    Ok((
        rest,
        Parse {
            kind,
            flags,
            expr,
            pattern,
        },
    ))
}

/// One part of the pattern; backtracks at anything else.
fn parse_part(input: Input<'_>) -> PResult<'_, ParsePart> {
    let (at, ()) = ws(input)?;
    if let Ok((rest, span)) = punct("*")(at) {
        return Ok((rest, ParsePart::Star(span)));
    }
    if starts_string_part(at.fragment()) {
        let (rest, (text, span)) = string_literal(at)?;
        return Ok((rest, ParsePart::Text { text, span }));
    }
    let (rest, column) = name(at)?;
    match punct(":")(rest) {
        Ok((after_colon, _)) => {
            let (rest, (ty, type_span)) = scalar_type(after_colon, "")?;
            let span = column.span.to(type_span);
            Ok((
                rest,
                ParsePart::Column {
                    name: column,
                    kql_type: Some(ty),
                    span,
                },
            ))
        }
        Err(_) => {
            let span = column.span;
            Ok((
                rest,
                ParsePart::Column {
                    name: column,
                    kql_type: None,
                    span,
                },
            ))
        }
    }
}

/// The error for a parameter `parse` does not take, or a value it cannot have.
fn bad_parameter(
    parameter: &OperatorParameter,
    name: OperatorName,
    is_where: bool,
) -> nom::Err<SyntaxError> {
    let kinds = if is_where {
        "simple (the default) or regex"
    } else {
        "simple (the default), regex or relaxed"
    };
    let diagnostic = match parameter.name.as_str() {
        "kind" => Diagnostic::syntax(
            format!("unknown {name} kind '{}'", parameter.value),
            parameter.value_span,
        )
        .with_help(format!("{name} supports kind={kinds}")),
        "flags" => Diagnostic::syntax(
            "expected regex flags such as 'Ui' after 'flags='",
            parameter.value_span,
        ),
        other => Diagnostic::syntax(
            format!("unknown {name} parameter '{other}'"),
            parameter.name_span,
        )
        .with_help(format!("{name} takes kind= and flags=")),
    };
    nom::Err::Failure(SyntaxError::new(diagnostic))
}

/// `*`, `"text"`, `name`, `name: long`.
impl fmt::Display for ParsePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParsePart::Star(_) => f.write_str("*"),
            ParsePart::Text { text, .. } => write!(f, "{}", Literal::String(text.clone())),
            ParsePart::Column { name, kql_type, .. } => match kql_type {
                Some(ty) => write!(f, "{name}: {}", ty.name()),
                None => write!(f, "{name}"),
            },
        }
    }
}

impl Parse {
    /// `kind=regex flags=Ui Expr with * "a" x: long`: what follows the operator name.
    fn write_tail(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(kind) = self.kind {
            write!(f, "kind={} ", kind.name())?;
        }
        if let Some(flags) = &self.flags {
            write!(f, "flags={} ", flags.name)?;
        }
        write!(f, "{} with", self.expr)?;
        for part in &self.pattern {
            write!(f, " {part}")?;
        }
        Ok(())
    }
}

/// `parse kind=regex Expr with …`.
impl fmt::Display for Parse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("parse ")?;
        self.write_tail(f)
    }
}

/// `parse-where kind=regex Expr with …`.
impl fmt::Display for ParseWhere {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("parse-where ")?;
        self.parse.write_tail(f)
    }
}
