//! `evaluate`: call a plugin on the input. kqlake has `bag_unpack`, `pivot` and `narrow`; every
//! other plugin is rejected by name.

use super::OperatorName;
use super::operand::{OperatorParameter, operator_parameters};
use super::source::datatable_column;
use super::write_list;
use crate::ast::{DatatableColumn, Expr, ExprKind, Ident, OperatorKind};
use crate::parser::expr::expression;
use crate::parser::lexical::{
    SyntaxError, punct, require, span_from, syntax_failure, unsupported_failure,
};
use crate::parser::{Input, PResult};
use crate::{Diagnostic, Span};
use std::fmt;

/// The plugins kqlake implements.
pub(crate) const PLUGINS: &[&str] = &["bag_unpack", "narrow", "pivot"];

/// `evaluate [hints] plugin(args) [: (schema)]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluate {
    /// `hint.distribution=…`, `hint.remote=…`: accepted, they do not change the result.
    pub hints: Vec<OperatorParameter>,
    /// The plugin's name.
    pub plugin: Ident,
    /// The arguments, in order (named ones are [`ExprKind::NamedArgument`]).
    pub args: Vec<Expr>,
    /// The call, from the name to the closing `)`.
    pub call_span: Span,
    /// `: (a: long, …)`: the output columns, declared.
    pub schema: Option<OutputSchema>,
}

/// A plugin's declared output schema: `(*, Name: string, Age: long)`.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputSchema {
    /// Starts with `*`: the input's columns come first.
    pub star: bool,
    /// The declared columns, in order.
    pub columns: Vec<DatatableColumn>,
    /// From `(` to `)`.
    pub span: Span,
}

/// Parameters `evaluate` accepts: hints that never change the result.
const HINTS: &[&str] = &[
    "hint.distribution",
    "hint.remote",
    "hint.pass_filters",
    "hint.pass_filters_column",
];

/// `evaluate`: a plugin over the input.
///
/// ```ebnf
/// evaluate_operator ::= "evaluate" operator_parameter* name "(" [expression ("," expression)*] ")" [":" output_schema]
/// output_schema     ::= "(" ("*" | datatable_column) ("," datatable_column)* ")"
/// ```
///
/// The call is read as an expression that must be a call; plugins other than `bag_unpack`,
/// `pivot` and `narrow` are rejected by name.
pub(crate) fn evaluate_operator(name: OperatorName, input: Input<'_>) -> PResult<'_, OperatorKind> {
    let (rest, hints) = operator_parameters(input)?;
    if let Some(bad) = hints.iter().find(|h| !HINTS.contains(&h.name.as_str())) {
        return Err(nom::Err::Failure(SyntaxError::new(
            Diagnostic::syntax(
                format!("unknown {name} parameter '{}'", bad.name),
                bad.name_span,
            )
            .with_help(
                "evaluate takes the hints hint.distribution, hint.remote and hint.pass_filters",
            ),
        )));
    }
    let (rest, call) = require(expression(rest), rest, || {
        "expected a plugin call such as bag_unpack(d) after 'evaluate'".to_owned()
    })?;
    let ExprKind::Call { name: plugin, args } = call.kind else {
        return Err(syntax_failure(
            "expected a plugin call such as bag_unpack(d) after 'evaluate'",
            call.span,
        ));
    };
    if !PLUGINS.contains(&plugin.name.as_str()) {
        return Err(unsupported_failure(
            format!("plugin '{}'", plugin.name),
            plugin.span,
        ));
    }
    let (rest, schema) = match punct(":")(rest) {
        Ok((after_colon, _)) => {
            let (rest, schema) = output_schema(after_colon)?;
            (rest, Some(schema))
        }
        Err(_) => (rest, None),
    };
    Ok((
        rest,
        OperatorKind::Evaluate(Evaluate {
            hints,
            plugin,
            args,
            call_span: call.span,
            schema,
        }),
    ))
}

/// `(*, a: long, …)` after `:`.
fn output_schema(input: Input<'_>) -> PResult<'_, OutputSchema> {
    let (mut rest, open) = require(punct("(")(input), input, || {
        "expected '(' and the output columns after ':'".to_owned()
    })?;
    let mut schema = OutputSchema {
        star: false,
        columns: Vec::new(),
        span: open,
    };
    if let Ok((after, _)) = punct("*")(rest) {
        schema.star = true;
        rest = after;
    } else {
        let (after, column) = require(datatable_column(rest), rest, || {
            "expected '*' or a column 'name: type'".to_owned()
        })?;
        schema.columns.push(column);
        rest = after;
    }
    while let Ok((after_comma, _)) = punct(",")(rest) {
        let (after, column) = require(datatable_column(after_comma), after_comma, || {
            "expected a column 'name: type' after ','".to_owned()
        })?;
        schema.columns.push(column);
        rest = after;
    }
    let (rest, _) = require(punct(")")(rest), rest, || {
        "expected ',' or ')' in the output schema".to_owned()
    })?;
    schema.span = span_from(open.start, rest);
    Ok((rest, schema))
}

/// `(*, a: long)`.
impl fmt::Display for OutputSchema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(")?;
        if self.star {
            f.write_str("*")?;
            if !self.columns.is_empty() {
                f.write_str(", ")?;
            }
        }
        write_list(f, &self.columns)?;
        f.write_str(")")
    }
}

/// `evaluate bag_unpack(d, "p_") : (*, a: long)`.
impl fmt::Display for Evaluate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("evaluate ")?;
        for hint in &self.hints {
            write!(f, "{hint} ")?;
        }
        write!(f, "{}(", self.plugin)?;
        write_list(f, &self.args)?;
        f.write_str(")")?;
        if let Some(schema) = &self.schema {
            write!(f, " : {schema}")?;
        }
        Ok(())
    }
}
