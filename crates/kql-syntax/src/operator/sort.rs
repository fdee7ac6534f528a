//! `sort by` (alias `order by`): order rows by keys, each with a direction and null placement.

use super::OperatorName;
use super::write_list;
use crate::Span;
use crate::ast::{Expr, OperatorKind};
use crate::parser::expr::expression;
use crate::parser::lexical::{expected_failure, keyword, punct, require, span_from};
use crate::parser::{Input, PResult};
use std::fmt;

/// `sort by k1, k2 asc nulls first` (alias `order by`).
#[derive(Debug, Clone, PartialEq)]
pub struct Sort {
    /// The keys, most significant first.
    pub keys: Vec<SortKey>,
}

/// One key of `sort by`.
#[derive(Debug, Clone, PartialEq)]
pub struct SortKey {
    /// The sort expression.
    pub expr: Expr,
    /// `asc` or `desc` if written (KQL's default is `desc`).
    pub direction: Option<SortDirection>,
    /// `nulls first` or `nulls last` if written (default: first for `asc`, last for `desc`).
    pub nulls: Option<NullsOrder>,
    /// The key with its modifiers.
    pub span: Span,
}

/// `asc` / `desc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortDirection {
    /// `asc`
    Asc,
    /// `desc`
    Desc,
}

/// `nulls first` / `nulls last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NullsOrder {
    /// `nulls first`
    First,
    /// `nulls last`
    Last,
}

/// `sort by` / `order by`: order rows by one or more keys.
///
/// ```ebnf
/// sort_operator ::= ("sort" | "order") "by" sort_key ("," sort_key)*
/// ```
pub(crate) fn sort_operator(name: OperatorName, input: Input<'_>) -> PResult<'_, OperatorKind> {
    let Ok((after_by, _)) = keyword("by")(input) else {
        return Err(expected_failure(
            &format!("expected 'by' after '{name}'"),
            input,
        ));
    };
    let (mut rest, first) = require(sort_key(after_by), after_by, || {
        "expected a sort key after 'by'".to_owned()
    })?;
    let mut keys = vec![first];
    while let Ok((after_comma, _)) = punct(",")(rest) {
        let (after_key, key) = require(sort_key(after_comma), after_comma, || {
            "expected a sort key after ','".to_owned()
        })?;
        keys.push(key);
        rest = after_key;
    }
    Ok((rest, OperatorKind::Sort(Sort { keys })))
}

/// One sort key with its optional direction and null placement.
///
/// ```ebnf
/// sort_key ::= expression ["asc" | "desc"] ["nulls" ("first" | "last")]
/// ```
pub(crate) fn sort_key(input: Input<'_>) -> PResult<'_, SortKey> {
    let (mut rest, expr) = expression(input)?;
    let mut direction = None;
    if let Ok((after, _)) = keyword("asc")(rest) {
        direction = Some(SortDirection::Asc);
        rest = after;
    } else if let Ok((after, _)) = keyword("desc")(rest) {
        direction = Some(SortDirection::Desc);
        rest = after;
    }
    let mut nulls = None;
    if let Ok((after_nulls, _)) = keyword("nulls")(rest) {
        if let Ok((after, _)) = keyword("first")(after_nulls) {
            nulls = Some(NullsOrder::First);
            rest = after;
        } else if let Ok((after, _)) = keyword("last")(after_nulls) {
            nulls = Some(NullsOrder::Last);
            rest = after;
        } else {
            return Err(expected_failure(
                "expected 'first' or 'last' after 'nulls'",
                after_nulls,
            ));
        }
    }
    let span = span_from(expr.span.start, rest);
    Ok((
        rest,
        SortKey {
            expr,
            direction,
            nulls,
            span,
        },
    ))
}

/// `sort by k1, k2 desc` (never `order by`).
impl fmt::Display for Sort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("sort by ")?;
        write_list(f, &self.keys)
    }
}

/// `expr [asc|desc] [nulls first|last]`, modifiers only when written.
impl fmt::Display for SortKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.expr)?;
        if let Some(direction) = self.direction {
            write!(f, " {direction}")?;
        }
        if let Some(nulls) = self.nulls {
            write!(f, " {nulls}")?;
        }
        Ok(())
    }
}

/// `asc` / `desc`.
impl fmt::Display for SortDirection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SortDirection::Asc => "asc",
            SortDirection::Desc => "desc",
        })
    }
}

/// `nulls first` / `nulls last`.
impl fmt::Display for NullsOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NullsOrder::First => "nulls first",
            NullsOrder::Last => "nulls last",
        })
    }
}
