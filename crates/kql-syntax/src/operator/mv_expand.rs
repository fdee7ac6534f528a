//! `mv-expand` (legacy alias `mvexpand`): one row per element of dynamic arrays or property
//! bags, several columns expanded side by side.

use super::OperatorName;
use super::operand::{OperatorParameter, ParameterValue, operator_parameter};
use super::source::scalar_type;
use super::{named_expression, write_list};
use crate::ast::Expr;
use crate::ast::{Ident, OperatorKind, ProjectItem};
use crate::parser::expr::expression;
use crate::parser::lexical::{SyntaxError, keyword, punct, require, word};
use crate::parser::{Input, PResult};
use crate::{Diagnostic, KqlType, Span};
use std::fmt;

/// `mv-expand [bagexpansion=bag|array] [with_itemindex=I] Name = Expr [to typeof(T)], … [limit N]`.
#[derive(Debug, Clone, PartialEq)]
pub struct MvExpand {
    /// Written as the legacy `mvexpand` (whose default row limit is 128).
    pub legacy: bool,
    /// `bagexpansion=` / `kind=`, if written; the default expands bags into one-key bags.
    pub bag_expansion: Option<BagExpansion>,
    /// `with_itemindex=I`: a column `I` with each element's 0-based position.
    pub item_index: Option<Ident>,
    /// The expanded values, at least one, expanded in parallel.
    pub items: Vec<MvExpandItem>,
    /// `limit N`: at most N rows from each input row.
    pub limit: Option<Expr>,
}

/// How a property bag expands (`bagexpansion=`, also written `kind=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BagExpansion {
    /// `bag` (the default): each entry becomes a one-key bag `{"k": v}`.
    Bag,
    /// `array`: each entry becomes a pair `["k", v]`.
    Array,
}

/// One expanded value: `Column`, `Name = Expr`, optionally `to typeof(T)`.
#[derive(Debug, Clone, PartialEq)]
pub struct MvExpandItem {
    /// The column or named expression.
    pub item: ProjectItem,
    /// `to typeof(T)`: the type of the expanded column (else it stays dynamic).
    pub to_type: Option<KqlType>,
    /// From the item to the end of its `to typeof(…)`.
    pub span: Span,
}

/// `mv-expand`: expand dynamic arrays and bags into rows.
///
/// ```ebnf
/// mv_expand_operator ::= ("mv-expand" | "mvexpand") operator_parameter* mv_expand_item ("," mv_expand_item)* ["limit" expression]
/// mv_expand_item     ::= named_expression ["to" "typeof" "(" type_name ")"]
/// ```
///
/// Parameters: `bagexpansion=bag|array` (also `kind=`), `with_itemindex=Name`.
pub(crate) fn mv_expand_operator(
    name: OperatorName,
    input: Input<'_>,
) -> PResult<'_, OperatorKind> {
    let (mut rest, parameters) = mv_expand_parameters(input)?;
    let mut node = MvExpand {
        legacy: name.0 == "mvexpand",
        bag_expansion: None,
        item_index: None,
        items: Vec::new(),
        limit: None,
    };
    for parameter in parameters {
        match (parameter.name.as_str(), &parameter.value) {
            ("bagexpansion" | "kind", ParameterValue::Word(w)) if w == "bag" => {
                node.bag_expansion = Some(BagExpansion::Bag);
            }
            ("bagexpansion" | "kind", ParameterValue::Word(w)) if w == "array" => {
                node.bag_expansion = Some(BagExpansion::Array);
            }
            ("with_itemindex", ParameterValue::Word(w)) => {
                node.item_index = Some(Ident {
                    name: w.clone(),
                    span: parameter.value_span,
                });
            }
            _ => return Err(bad_parameter(&parameter, name)),
        }
    }
    loop {
        let (after, item) = require(mv_expand_item(rest), rest, || {
            if node.items.is_empty() {
                format!("expected a column or expression after '{name}'")
            } else {
                "expected a column or expression after ','".to_owned()
            }
        })?;
        node.items.push(item);
        rest = after;
        match punct(",")(rest) {
            Ok((after_comma, _)) => rest = after_comma,
            Err(_) => break,
        }
    }
    if let Ok((after_limit, _)) = keyword("limit")(rest) {
        let (after, limit) = require(expression(after_limit), after_limit, || {
            "expected a row count after 'limit'".to_owned()
        })?;
        node.limit = Some(limit);
        rest = after;
    }
    Ok((rest, OperatorKind::MvExpand(node)))
}

/// The parameter names `mv-expand` takes: only these start a parameter, so `p = split(s, ",")`
/// is an item.
const PARAMETERS: &[&str] = &["bagexpansion", "kind", "with_itemindex"];

/// The parameters before the items: `name=value` where `name` is one of [`PARAMETERS`].
fn mv_expand_parameters(input: Input<'_>) -> PResult<'_, Vec<OperatorParameter>> {
    let mut rest = input;
    let mut parameters = Vec::new();
    while let Ok((_, (word, _))) = word(rest) {
        if !PARAMETERS.contains(&word) {
            break;
        }
        match operator_parameter(rest) {
            Ok((after, parameter)) => {
                parameters.push(parameter);
                rest = after;
            }
            Err(nom::Err::Error(_)) => break,
            Err(e) => return Err(e),
        }
    }
    Ok((rest, parameters))
}

/// One item of `mv-expand`.
pub(crate) fn mv_expand_item(input: Input<'_>) -> PResult<'_, MvExpandItem> {
    let (rest, item) = named_expression(input)?;
    let mut span = item.span;
    let (rest, to_type) = match keyword("to")(rest) {
        Ok((after_to, _)) => {
            let (after, (ty, end)) = typeof_clause(after_to)?;
            span = span.to(end);
            (after, Some(ty))
        }
        Err(_) => (rest, None),
    };
    Ok((
        rest,
        MvExpandItem {
            item,
            to_type,
            span,
        },
    ))
}

/// `typeof(T)` after `to`: the type and the span of the closing `)`.
pub(crate) fn typeof_clause(input: Input<'_>) -> PResult<'_, (KqlType, Span)> {
    let (rest, _) = require(keyword("typeof")(input), input, || {
        "expected 'typeof(type)' after 'to'".to_owned()
    })?;
    let (rest, _) = require(punct("(")(rest), rest, || {
        "expected '(' after 'typeof'".to_owned()
    })?;
    let (rest, (ty, _)) = scalar_type(rest, "")?;
    let (rest, close) = require(punct(")")(rest), rest, || {
        "expected ')' after the type name".to_owned()
    })?;
    Ok((rest, (ty, close)))
}

/// The error for a parameter `mv-expand` does not take, or a value it cannot have.
fn bad_parameter(parameter: &OperatorParameter, name: OperatorName) -> nom::Err<SyntaxError> {
    let diagnostic = match parameter.name.as_str() {
        "bagexpansion" | "kind" => Diagnostic::syntax(
            format!("unknown {}= value '{}'", parameter.name, parameter.value),
            parameter.value_span,
        )
        .with_help("property bags expand as 'bag' (the default) or 'array'"),
        "with_itemindex" => Diagnostic::syntax(
            "expected a column name after 'with_itemindex='",
            parameter.value_span,
        ),
        other => Diagnostic::syntax(
            format!("unknown {name} parameter '{other}'"),
            parameter.name_span,
        )
        .with_help(format!(
            "{name} takes bagexpansion= (or kind=) and with_itemindex="
        )),
    };
    nom::Err::Failure(SyntaxError::new(diagnostic))
}

/// `Name = Expr to typeof(T)`.
impl fmt::Display for MvExpandItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.item)?;
        if let Some(ty) = self.to_type {
            write!(f, " to typeof({})", ty.name())?;
        }
        Ok(())
    }
}

/// `mv-expand bagexpansion=array with_itemindex=I a, b to typeof(long) limit 5`.
impl fmt::Display for MvExpand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.legacy {
            "mvexpand "
        } else {
            "mv-expand "
        })?;
        match self.bag_expansion {
            Some(BagExpansion::Bag) => f.write_str("bagexpansion=bag ")?,
            Some(BagExpansion::Array) => f.write_str("bagexpansion=array ")?,
            None => {}
        }
        if let Some(index) = &self.item_index {
            write!(f, "with_itemindex={index} ")?;
        }
        write_list(f, &self.items)?;
        if let Some(limit) = &self.limit {
            write!(f, " limit {limit}")?;
        }
        Ok(())
    }
}
