//! `extend`: add computed columns.

use super::summarize::tuple_names;
use super::{OperatorName, named_expression, write_list};
use crate::ast::{Ident, OperatorKind, ProjectItem};
use crate::parser::expr::expression;
use crate::parser::lexical::{punct, require};
use crate::parser::{Input, PResult};
use std::fmt;

/// `extend b = expr, expr, (c, d) = series_stats(x)`: the input's columns plus computed ones.
#[derive(Debug, Clone, PartialEq)]
pub struct Extend {
    /// The new (or replaced) columns, in order.
    pub items: Vec<ProjectItem>,
    /// For each item, the names of `(c, d) = …` (the first columns of a function that yields
    /// several); empty for an ordinary item.
    pub tuples: Vec<Vec<Ident>>,
}

/// `extend b = a * 2, a + 1, (s, i) = series_fit_line(y)`: append computed columns.
///
/// ```ebnf
/// extend_operator ::= "extend" extend_item ("," extend_item)*
/// extend_item     ::= "(" name ("," name)* ")" "=" expression | named_expression
/// ```
pub(crate) fn extend_operator(_name: OperatorName, input: Input<'_>) -> PResult<'_, OperatorKind> {
    let (rest, (items, tuples)) =
        items_with_tuples(input, "extend", "expected an expression after ','")?;
    Ok((rest, OperatorKind::Extend(Extend { items, tuples })))
}

/// The items of `extend` and `project` (`extend_item`s): named expressions, or a tuple of names
/// given to a function that yields several columns; with, per item, its tuple's names (empty
/// for an ordinary item). `after_comma` words the error of a missing item after a comma.
pub(crate) fn items_with_tuples<'a>(
    input: Input<'a>,
    operator: &str,
    after_comma: &str,
) -> PResult<'a, (Vec<ProjectItem>, Vec<Vec<Ident>>)> {
    let mut items = Vec::new();
    let mut tuples = Vec::new();
    let mut rest = input;
    loop {
        let at = rest;
        if let Some((after_eq, names, open)) = tuple_names(at) {
            let (after, expr) = require(expression(after_eq), after_eq, || {
                "expected an expression after the names".to_owned()
            })?;
            let span = open.to(expr.span);
            items.push(ProjectItem {
                name: None,
                expr,
                span,
            });
            tuples.push(names);
            rest = after;
        } else {
            let (after, item) = require(named_expression(at), at, || {
                if items.is_empty() {
                    format!("expected a column or expression after '{operator}'")
                } else {
                    after_comma.to_owned()
                }
            })?;
            items.push(item);
            tuples.push(Vec::new());
            rest = after;
        }
        match punct(",")(rest) {
            Ok((after_comma, _)) => rest = after_comma,
            Err(_) => break,
        }
    }
    Ok((rest, (items, tuples)))
}

/// Writes `items` as [`items_with_tuples`] reads them.
pub(crate) fn write_items_with_tuples(
    f: &mut fmt::Formatter<'_>,
    items: &[ProjectItem],
    tuples: &[Vec<Ident>],
) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        match tuples.get(i).filter(|t| !t.is_empty()) {
            Some(names) => {
                f.write_str("(")?;
                write_list(f, names)?;
                write!(f, ") = {}", item.expr)?;
            }
            None => write!(f, "{item}")?,
        }
    }
    Ok(())
}

/// `extend b = a * 2, a + 1, (s, i) = series_fit_line(y)`.
impl fmt::Display for Extend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("extend ")?;
        write_items_with_tuples(f, &self.items, &self.tuples)
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::assert_round_trip;

    #[test]
    fn tuples_round_trip() {
        for text in [
            "T | extend (a, b) = series_fit_line(y), c = 1",
            "T | extend x, (s) = series_stats(y)",
        ] {
            assert_eq!(assert_round_trip(text), text);
        }
    }
}
