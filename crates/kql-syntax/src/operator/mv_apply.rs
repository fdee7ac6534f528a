//! `mv-apply`: expand dynamic arrays into a subtable per input row and apply a subquery to
//! each subtable.

use super::mv_expand::{MvExpandItem, mv_expand_item};
use super::operand::{OperatorParameter, ParameterValue, operator_parameter};
use super::{OperatorName, tabular_operator, write_list};
use crate::ast::{Expr, Ident, Operator, OperatorKind};
use crate::parser::expr::expression;
use crate::parser::lexical::{SyntaxError, keyword, nested, punct, require, word};
use crate::parser::{Input, PResult};
use crate::{Diagnostic, Span};
use std::fmt;

/// `mv-apply [with_itemindex=I] Name = Expr to typeof(T), … [limit N] on (Subquery)`.
#[derive(Debug, Clone, PartialEq)]
pub struct MvApply {
    /// `with_itemindex=I`: a column `I` with each element's 0-based position.
    pub item_index: Option<Ident>,
    /// The expanded values, at least one, expanded in parallel.
    pub items: Vec<MvExpandItem>,
    /// `limit N`: at most N elements from each input row.
    pub limit: Option<Expr>,
    /// The subquery's operators (its source is each row's subtable), at least one.
    pub subquery: Vec<Operator>,
    /// The parenthesised subquery.
    pub subquery_span: Span,
}

/// `mv-apply`: a subquery over each row's expanded arrays.
///
/// ```ebnf
/// mv_apply_operator ::= "mv-apply" ["with_itemindex" "=" name] mv_expand_item ("," mv_expand_item)* ["limit" expression] "on" "(" tabular_operator ("|" tabular_operator)* ")"
/// ```
pub(crate) fn mv_apply_operator(name: OperatorName, input: Input<'_>) -> PResult<'_, OperatorKind> {
    let mut rest = input;
    let mut item_index = None;
    if let Ok((_, ("with_itemindex", _))) = word(rest) {
        let (after, parameter) = operator_parameter(rest)?;
        item_index = Some(index_name(&parameter)?);
        rest = after;
    }
    let mut items = Vec::new();
    loop {
        let (after, item) = require(mv_expand_item(rest), rest, || {
            if items.is_empty() {
                format!("expected a column or expression after '{name}'")
            } else {
                "expected a column or expression after ','".to_owned()
            }
        })?;
        items.push(item);
        rest = after;
        match punct(",")(rest) {
            Ok((after_comma, _)) => rest = after_comma,
            Err(_) => break,
        }
    }
    let mut limit = None;
    if let Ok((after_limit, _)) = keyword("limit")(rest) {
        let (after, value) = require(expression(after_limit), after_limit, || {
            "expected a row count after 'limit'".to_owned()
        })?;
        limit = Some(value);
        rest = after;
    }
    let (rest, _) = require(keyword("on")(rest), rest, || {
        "expected 'on' and a parenthesised subquery in mv-apply".to_owned()
    })?;
    let (after_open, open) = require(punct("(")(rest), rest, || {
        "expected '(' and a subquery after 'on'".to_owned()
    })?;
    let (rest, subquery) = nested(after_open, open, |inner| {
        let (mut rest, first) = tabular_operator(inner)?;
        let mut operators = vec![first];
        while let Ok((after_bar, _)) = punct("|")(rest) {
            let (after, operator) = tabular_operator(after_bar)?;
            operators.push(operator);
            rest = after;
        }
        Ok((rest, operators))
    })?;
    let (rest, close) = require(punct(")")(rest), rest, || {
        "expected '|' or ')' to close mv-apply's subquery".to_owned()
    })?;
    Ok((
        rest,
        OperatorKind::MvApply(MvApply {
            item_index,
            items,
            limit,
            subquery,
            subquery_span: open.to(close),
        }),
    ))
}

/// The column name of `with_itemindex=name`.
fn index_name(parameter: &OperatorParameter) -> Result<Ident, nom::Err<SyntaxError>> {
    match &parameter.value {
        ParameterValue::Word(w) => Ok(Ident {
            name: w.clone(),
            span: parameter.value_span,
        }),
        _ => Err(nom::Err::Failure(SyntaxError::new(Diagnostic::syntax(
            "expected a column name after 'with_itemindex='",
            parameter.value_span,
        )))),
    }
}

/// `mv-apply with_itemindex=I a to typeof(long) limit 5 on (top 1 by a)`.
impl fmt::Display for MvApply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("mv-apply ")?;
        if let Some(index) = &self.item_index {
            write!(f, "with_itemindex={index} ")?;
        }
        write_list(f, &self.items)?;
        if let Some(limit) = &self.limit {
            write!(f, " limit {limit}")?;
        }
        f.write_str(" on (")?;
        for (i, operator) in self.subquery.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            write!(f, "{operator}")?;
        }
        f.write_str(")")
    }
}
