//! `top-nested`: hierarchical top values, one clause per level.

use super::{OperatorName, named_expression, write_list};
use crate::Span;
use crate::ast::{Expr, OperatorKind, ProjectItem, SortDirection};
use crate::parser::expr::expression;
use crate::parser::lexical::{expected_failure, keyword, punct, require, span_from, ws};
use crate::parser::{Input, PResult};
use std::fmt;

/// `top-nested 2 of State by sum(x), top-nested 3 of City by count()`: the top values of
/// each level within each value of the level before.
#[derive(Debug, Clone, PartialEq)]
pub struct TopNested {
    /// The levels, outermost first.
    pub clauses: Vec<TopNestedClause>,
}

/// One level: `top-nested [N] of [Name =] Expr [with others = Value] by [Name =] Aggregation
/// [asc|desc]`.
#[derive(Debug, Clone, PartialEq)]
pub struct TopNestedClause {
    /// How many values to keep per group of the level before; all of them without it.
    pub count: Option<Expr>,
    /// The value that partitions this level (its column is named like a `project` item).
    pub of: ProjectItem,
    /// `with others = Value`: one more row per group for the values not kept, holding Value.
    pub others: Option<Expr>,
    /// The aggregation that ranks the values (its column is `aggregated_<of>` unless named).
    pub by: ProjectItem,
    /// `asc` or `desc` (the default: the largest first).
    pub direction: Option<SortDirection>,
    /// From `top-nested` to the end of the clause.
    pub span: Span,
}

/// `top-nested` clauses, comma-separated; the operator name starts the first one.
///
/// ```ebnf
/// top_nested_operator ::= "top-nested" top_nested_clause ("," "top-nested" top_nested_clause)*
/// top_nested_clause   ::= [expression] "of" named_expression
///                         ["with" "others" "=" expression] "by" named_expression ["asc" | "desc"]
/// ```
pub(crate) fn top_nested_operator(
    name: OperatorName,
    input: Input<'_>,
) -> PResult<'_, OperatorKind> {
    // The dispatcher has read the first `top-nested`: its span ends where `input` starts.
    let first_start = input.location_offset() - name.0.len();
    let (mut rest, first) = top_nested_clause(input, first_start)?;
    let mut clauses = vec![first];
    while let Ok((after_comma, _)) = punct(",")(rest) {
        let Ok((after_keyword, keyword_span)) = keyword("top-nested")(after_comma) else {
            return Err(expected_failure(
                "expected 'top-nested' after ',' in 'top-nested'",
                after_comma,
            ));
        };
        let (after, clause) = top_nested_clause(after_keyword, keyword_span.start)?;
        clauses.push(clause);
        rest = after;
    }
    Ok((rest, OperatorKind::TopNested(TopNested { clauses })))
}

fn top_nested_clause(input: Input<'_>, start: usize) -> PResult<'_, TopNestedClause> {
    let (rest, count) = if keyword("of")(input).is_ok() {
        (input, None)
    } else {
        let (rest, count) = require(expression(input), input, || {
            "expected a row count or 'of' after 'top-nested'".to_owned()
        })?;
        (rest, Some(count))
    };
    let Ok((after_of, _)) = keyword("of")(rest) else {
        return Err(expected_failure("expected 'of' in 'top-nested'", rest));
    };
    let (rest, of) = require(named_expression(after_of), after_of, || {
        "expected an expression after 'of'".to_owned()
    })?;
    let (rest, others) = match keyword("with")(rest) {
        Ok((after_with, _)) => {
            let Ok((after_others, _)) = keyword("others")(after_with) else {
                return Err(expected_failure(
                    "expected 'others' after 'with'",
                    after_with,
                ));
            };
            let Ok((after_eq, _)) = punct("=")(after_others) else {
                return Err(expected_failure(
                    "expected '=' after 'with others'",
                    after_others,
                ));
            };
            let (rest, value) = require(expression(after_eq), after_eq, || {
                "expected a value after 'with others ='".to_owned()
            })?;
            (rest, Some(value))
        }
        Err(_) => (rest, None),
    };
    let Ok((after_by, _)) = keyword("by")(rest) else {
        return Err(expected_failure("expected 'by' in 'top-nested'", rest));
    };
    let (mut rest, by) = require(named_expression(after_by), after_by, || {
        "expected an aggregation after 'by'".to_owned()
    })?;
    let mut direction = None;
    if let Ok((after, _)) = keyword("asc")(rest) {
        direction = Some(SortDirection::Asc);
        rest = after;
    } else if let Ok((after, _)) = keyword("desc")(rest) {
        direction = Some(SortDirection::Desc);
        rest = after;
    }
    let (_, ()) = ws(rest)?;
    let span = span_from(start, rest);
    Ok((
        rest,
        TopNestedClause {
            count,
            of,
            others,
            by,
            direction,
            span,
        },
    ))
}

/// `top-nested 2 of a by sum(x), top-nested of b with others = "x" by count() asc`.
impl fmt::Display for TopNested {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_list(f, &self.clauses)
    }
}

/// `top-nested [N] of expr [with others = v] by agg [asc|desc]`.
impl fmt::Display for TopNestedClause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("top-nested ")?;
        if let Some(count) = &self.count {
            write!(f, "{count} ")?;
        }
        write!(f, "of {}", self.of)?;
        if let Some(others) = &self.others {
            write!(f, " with others = {others}")?;
        }
        write!(f, " by {}", self.by)?;
        if let Some(direction) = self.direction {
            write!(f, " {direction}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::DiagnosticKind::Syntax;
    use crate::ast::{OperatorKind, SortDirection};
    use crate::parse_query;
    use crate::testing::{assert_error, assert_round_trip};

    #[test]
    fn clauses_with_and_without_count_others_and_direction() {
        let text = "T | top-nested 2 of s with others = \"o\" by t = sum(v) asc, top-nested of c by count()";
        let query = parse_query(text).unwrap();
        let OperatorKind::TopNested(top) = &query.body.operators[0].kind else {
            panic!()
        };
        assert_eq!(top.clauses.len(), 2);
        let (a, b) = (&top.clauses[0], &top.clauses[1]);
        assert!(a.count.is_some() && a.others.is_some());
        assert_eq!(a.direction, Some(SortDirection::Asc));
        assert_eq!(a.by.name.as_ref().unwrap().name, "t");
        assert!(b.count.is_none() && b.others.is_none() && b.direction.is_none());
        assert_eq!(
            a.span.text(text),
            "top-nested 2 of s with others = \"o\" by t = sum(v) asc"
        );
        assert_eq!(b.span.text(text), "top-nested of c by count()");
        assert_eq!(assert_round_trip(text), text);
    }

    #[test]
    fn errors_point_at_the_missing_part() {
        assert_error(
            "T | top-nested 2 of s with others «by» count()",
            Syntax,
            "expected '=' after 'with others'",
        );
        assert_error(
            "T | top-nested 2 of s with «=» 1 by count()",
            Syntax,
            "expected 'others' after 'with'",
        );
        assert_error(
            "T | top-nested 2 of s «»",
            Syntax,
            "expected 'by' in 'top-nested'",
        );
    }
}
