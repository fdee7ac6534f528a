//! What `join`, `lookup`, `union` and `externaldata` share: a tabular operand (`(T | where x)` or
//! `T`) and `name=value` parameters (`kind=inner`, `hint.strategy=broadcast`,
//! `format="csv"`).

use crate::Span;
use crate::ast::{Literal, Pipeline};
use crate::parser::lexical::{
    advance, backtrack, expected_failure, keyword, nested, punct, require, span_from,
    syntax_failure, word, ws,
};
use crate::parser::literal::number_literal;
use crate::parser::string::{starts_string_part, string_literal};
use crate::parser::{Input, PResult, pipeline, source};
use std::fmt;

/// A tabular expression an operator takes besides its input: the right side of `join` and
/// `lookup`, a leg of `union`. Either a parenthesised pipeline, `(T | where x > 1)`, or a bare
/// source, `T` (a pipeline without operators).
#[derive(Debug, Clone, PartialEq)]
pub struct TabularOperand {
    /// The rows: a pipeline, possibly without operators.
    pub pipeline: Box<Pipeline>,
    /// Written in parentheses (`Display` keeps them).
    pub parenthesized: bool,
    /// The operand, parentheses included.
    pub span: Span,
}

impl TabularOperand {
    /// The table name when the operand is a bare name (`T`, not `(T)`): what `union
    /// withsource=` reports for it.
    pub fn bare_name(&self) -> Option<&crate::ast::Ident> {
        match (&self.pipeline.source, self.parenthesized) {
            (crate::ast::Source::Table(name), false) if self.pipeline.operators.is_empty() => {
                Some(name)
            }
            _ => None,
        }
    }
}

/// The right side of `join` or `lookup`: a parenthesised pipeline or a source (a table name,
/// `datatable(…) […]`, …).
///
/// ```ebnf
/// tabular_operand ::= parenthesized_pipeline | source
/// ```
pub(crate) fn tabular_operand(input: Input<'_>) -> PResult<'_, TabularOperand> {
    let (at, ()) = ws(input)?;
    if at.starts_with('(') {
        let (rest, (pipeline, span)) = parenthesized_pipeline(at)?;
        return Ok((
            rest,
            TabularOperand {
                pipeline: Box::new(pipeline),
                parenthesized: true,
                span,
            },
        ));
    }
    // `join on k` lacks its right side: `on` is the keyword, not a table.
    if !at.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '[')
        || keyword("on")(at).is_ok()
    {
        return backtrack(at);
    }
    let (rest, source) = source(at)?;
    let span = span_from(at.location_offset(), rest);
    Ok((
        rest,
        TabularOperand {
            pipeline: Box::new(Pipeline {
                source,
                operators: Vec::new(),
                span,
            }),
            parenthesized: false,
            span,
        },
    ))
}

/// A pipeline in parentheses, one nesting level deeper (so that `join (T | join (…))` nested
/// past the depth limit is an error, not a stack overflow).
///
/// ```ebnf
/// parenthesized_pipeline ::= "(" pipeline ")"
/// ```
pub(crate) fn parenthesized_pipeline(input: Input<'_>) -> PResult<'_, (Pipeline, Span)> {
    let (after_open, open) = punct("(")(input)?;
    let (rest, pipeline) = nested(after_open, open, |inner| {
        require(pipeline(inner), inner, || {
            "expected a query (a table name, datatable, …) after '('".to_owned()
        })
    })?;
    let (rest, close) = require(punct(")")(rest), rest, || {
        "expected '|' or ')' to close the parenthesised query".to_owned()
    })?;
    Ok((rest, (pipeline, open.to(close))))
}

/// The value of an operator parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum ParameterValue {
    /// A bare word: `inner`, `broadcast`, `csv`, a column name.
    Word(String),
    /// A non-negative whole number: `hint.num_partitions=8`.
    Long(i64),
    /// A string literal: `format="csv"`.
    String(String),
    /// `true` or `false` (also `True`, `TRUE`, `False`, `FALSE`, as Kusto accepts them).
    Bool(bool),
}

impl ParameterValue {
    /// The value as text when it is a word or a string (`kind=inner`, `format="csv"`).
    pub fn as_text(&self) -> Option<&str> {
        match self {
            ParameterValue::Word(s) | ParameterValue::String(s) => Some(s),
            _ => None,
        }
    }
}

/// `name=value` before an operator's operands, or in `externaldata`'s `with (…)`.
#[derive(Debug, Clone, PartialEq)]
pub struct OperatorParameter {
    /// The name, dots included: `kind`, `hint.strategy`, `ignoreFirstRecord`.
    pub name: String,
    /// Where the name is.
    pub name_span: Span,
    /// The value.
    pub value: ParameterValue,
    /// Where the value is.
    pub value_span: Span,
}

/// Words that are boolean literals in parameter values (Kusto accepts three spellings).
const TRUE_WORDS: &[&str] = &["true", "True", "TRUE"];
/// See [`TRUE_WORDS`].
const FALSE_WORDS: &[&str] = &["false", "False", "FALSE"];

/// One `name=value` parameter; backtracks (without consuming) unless the input starts with a
/// name followed by a single `=`.
///
/// ```ebnf
/// operator_parameter ::= word ("." word)* "=" (string_literal | number_literal | word)
/// ```
///
/// A value word `true`/`True`/`TRUE` (or the `false` forms) is a boolean.
pub(crate) fn operator_parameter(input: Input<'_>) -> PResult<'_, OperatorParameter> {
    let (at, ()) = ws(input)?;
    let (mut rest, (first, first_span)) = word(at)?;
    let mut name = first.to_owned();
    let mut name_span = first_span;
    while rest.starts_with('.') {
        let (after_dot, _) = advance(rest, 1);
        let Ok((after, (part, span))) = word(after_dot) else {
            return backtrack(at);
        };
        if after_dot.location_offset() != span.start {
            return backtrack(at);
        }
        name.push('.');
        name.push_str(part);
        name_span = name_span.to(span);
        rest = after;
    }
    let Ok((after_eq, _)) = punct("=")(rest) else {
        return backtrack(at);
    };
    if after_eq.starts_with(['=', '~']) {
        return backtrack(at);
    }
    let (value_at, ()) = ws(after_eq)?;
    let (rest, (value, value_span)) = if starts_string_part(value_at.fragment()) {
        let (rest, (text, span)) = string_literal(value_at)?;
        (rest, (ParameterValue::String(text), span))
    } else if value_at.starts_with(|c: char| c.is_ascii_digit()) {
        match number_literal(value_at)? {
            (rest, (Literal::Long(v), span)) => (rest, (ParameterValue::Long(v), span)),
            (_, (_, span)) => {
                return Err(syntax_failure(
                    format!("expected a whole number, a word or a string after '{name}='"),
                    span,
                ));
            }
        }
    } else {
        let Ok((rest, (text, span))) = word(value_at) else {
            return Err(expected_failure(
                &format!("expected a value after '{name}='"),
                value_at,
            ));
        };
        let value = if TRUE_WORDS.contains(&text) {
            ParameterValue::Bool(true)
        } else if FALSE_WORDS.contains(&text) {
            ParameterValue::Bool(false)
        } else {
            ParameterValue::Word(text.to_owned())
        };
        (rest, (value, span))
    };
    Ok((
        rest,
        OperatorParameter {
            name,
            name_span,
            value,
            value_span,
        },
    ))
}

/// Zero or more parameters separated by whitespace.
pub(crate) fn operator_parameters(input: Input<'_>) -> PResult<'_, Vec<OperatorParameter>> {
    let mut rest = input;
    let mut parameters = Vec::new();
    loop {
        match operator_parameter(rest) {
            Ok((after, parameter)) => {
                parameters.push(parameter);
                rest = after;
            }
            Err(nom::Err::Error(_)) => return Ok((rest, parameters)),
            Err(e) => return Err(e),
        }
    }
}

/// The parameter's span, name to value.
impl OperatorParameter {
    /// From the name to the end of the value.
    pub fn span(&self) -> Span {
        self.name_span.to(self.value_span)
    }
}

/// `(T | where x)` or `T`.
impl fmt::Display for TabularOperand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.parenthesized {
            write!(f, "({})", self.pipeline)
        } else {
            write!(f, "{}", self.pipeline)
        }
    }
}

/// `name=value`, the value canonical (`true`, `"csv"`).
impl fmt::Display for OperatorParameter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.name, self.value)
    }
}

/// A word as written, a number, a quoted string, `true` / `false`.
impl fmt::Display for ParameterValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParameterValue::Word(w) => f.write_str(w),
            ParameterValue::Long(v) => write!(f, "{v}"),
            ParameterValue::String(s) => write!(f, "{}", Literal::String(s.clone())),
            ParameterValue::Bool(b) => write!(f, "{b}"),
        }
    }
}
