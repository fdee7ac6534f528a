//! `sort by` (alias `order by`): order rows by keys, each with a direction and null placement.

use super::{operator, write_list};
use crate::ast::{NullsOrder, Operator, OperatorKind, SortDirection, SortKey};
use crate::parser::expr::expression;
use crate::parser::lexical::{expected_failure, keyword, require, span_from};
use crate::parser::{Input, PResult};
use std::fmt;

/// `sort by` / `order by`: order rows by one or more keys.
///
/// ```ebnf
/// sort_operator ::= ("sort" | "order") "by" sort_key ("," sort_key)*
/// ```
pub(crate) fn sort_operator(input: Input<'_>) -> PResult<'_, Operator> {
    let (after_kw, (kw, span)) = match keyword("sort")(input) {
        Ok((rest, span)) => (rest, ("sort", span)),
        Err(_) => {
            let (rest, span) = keyword("order")(input)?;
            (rest, ("order", span))
        }
    };
    let Ok((after_by, _)) = keyword("by")(after_kw) else {
        return Err(expected_failure(
            &format!("expected 'by' after '{kw}'"),
            after_kw,
        ));
    };
    let (mut rest, first) = require(sort_key(after_by), after_by, || {
        "expected a sort key after 'by'".to_owned()
    })?;
    let mut keys = vec![first];
    while let Ok((after_comma, _)) = crate::parser::lexical::punct(",")(rest) {
        let (after_key, key) = require(sort_key(after_comma), after_comma, || {
            "expected a sort key after ','".to_owned()
        })?;
        keys.push(key);
        rest = after_key;
    }
    operator(span, rest, OperatorKind::Sort(keys))
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

/// `sort by k1, k2 desc`.
pub(super) fn fmt_sort(f: &mut fmt::Formatter<'_>, keys: &[SortKey]) -> fmt::Result {
    f.write_str("sort by ")?;
    write_list(f, keys)
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
