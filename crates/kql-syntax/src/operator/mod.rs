//! Tabular operators: the dispatch after `|`, the productions shared by several operators, and
//! one file per operator holding its parser fn and its `Display`.
//!
//! [`tabular_operator`] reads the operator name as a whole word (`project-away` is one name,
//! not `project` followed by `-away`), hands supported names to their file, and rejects every
//! other Kusto operator by name with its span, as `Unsupported`.

mod count;
mod distinct;
mod extend;
mod project;
mod sort;
pub(crate) mod source;
mod summarize;
mod take;
mod where_;

use crate::ast::{Operator, OperatorKind, ProjectItem};
use crate::parser::expr::expression;
use crate::parser::lexical::{
    SyntaxError, expected_failure, is_word_char, name, punct, require, span_from,
    unsupported_failure, word, ws,
};
use crate::parser::{Input, PResult};
use crate::{Diagnostic, Span};
use std::fmt;

/// The operators implemented here, by every name they answer to.
const SUPPORTED_OPERATORS: &[&str] = &[
    "where",
    "filter",
    "project",
    "extend",
    "summarize",
    "distinct",
    "take",
    "limit",
    "sort",
    "order",
    "count",
];

/// Kusto tabular operators that are valid KQL but not implemented: rejected by name.
/// Hyphenated names are matched before single words, longest first.
const UNSUPPORTED_OPERATORS: &[&str] = &[
    "graph-mark-components",
    "graph-shortest-paths",
    "project-reorder",
    "project-rename",
    "sample-distinct",
    "graph-to-table",
    "project-smart",
    "project-away",
    "project-keep",
    "assert-schema",
    "macro-expand",
    "graph-match",
    "graph-merge",
    "make-series",
    "top-hitters",
    "parse-where",
    "top-nested",
    "make-graph",
    "mv-expand",
    "mv-apply",
    "parse-kv",
    "as",
    "consume",
    "datatable",
    "evaluate",
    "execute",
    "externaldata",
    "facet",
    "find",
    "fork",
    "getschema",
    "invoke",
    "join",
    "lookup",
    "parse",
    "partition",
    "print",
    "range",
    "reduce",
    "render",
    "sample",
    "scan",
    "search",
    "serialize",
    "top",
    "union",
];

/// One tabular operator after a `|`.
///
/// ```ebnf
/// tabular_operator ::= where_operator | project_operator | extend_operator
///                    | summarize_operator | distinct_operator | take_operator
///                    | sort_operator | count_operator
/// ```
pub(crate) fn tabular_operator(input: Input<'_>) -> PResult<'_, Operator> {
    let (at, ()) = ws(input)?;
    let text: &str = at.fragment();
    let start = at.location_offset();
    for name in UNSUPPORTED_OPERATORS.iter().filter(|n| n.contains('-')) {
        if text.starts_with(name) && !text[name.len()..].starts_with(is_word_char) {
            let span = Span::new(start, start + name.len());
            return Err(unsupported_failure(format!("operator '{name}'"), span));
        }
    }
    let Ok((after_word, (op, span))) = word(at) else {
        return Err(expected_failure(
            "expected a tabular operator after '|'",
            at,
        ));
    };
    // `project-x` is one (unknown) hyphenated name, not `project` followed by `-x`.
    let hyphenated = after_word.starts_with('-')
        && after_word[1..].starts_with(|c: char| c.is_ascii_alphabetic());
    let (op, span) = if hyphenated {
        let len = text
            .find(|c: char| !is_word_char(c) && c != '-')
            .unwrap_or(text.len());
        (&text[..len], Span::new(start, start + len))
    } else {
        (op, span)
    };
    match op {
        "where" | "filter" => where_::where_operator(at),
        "project" => project::project_operator(at),
        "extend" => extend::extend_operator(at),
        "summarize" => summarize::summarize_operator(at),
        "distinct" => distinct::distinct_operator(at),
        "take" | "limit" => take::take_operator(at),
        "sort" | "order" => sort::sort_operator(at),
        "count" => count::count_operator(at),
        _ if UNSUPPORTED_OPERATORS.contains(&op) => {
            Err(unsupported_failure(format!("operator '{op}'"), span))
        }
        _ => {
            let mut diagnostic = Diagnostic::syntax(
                format!("expected a tabular operator after '|', found '{op}'"),
                span,
            );
            let lower = op.to_ascii_lowercase();
            if let Some(known) = SUPPORTED_OPERATORS
                .iter()
                .chain(UNSUPPORTED_OPERATORS)
                .find(|known| **known == lower)
            {
                diagnostic = diagnostic.with_help(format!(
                    "operator names are case-sensitive: did you mean '{known}'?"
                ));
            } else {
                diagnostic = diagnostic.with_help(format!(
                    "supported operators: {}",
                    SUPPORTED_OPERATORS.join(", ")
                ));
            }
            Err(nom::Err::Failure(SyntaxError::new(diagnostic)))
        }
    }
}

/// Builds an operator spanning from its keyword to the last token before `rest`.
fn operator<'a>(keyword: Span, rest: Input<'a>, kind: OperatorKind) -> PResult<'a, Operator> {
    let span = span_from(keyword.start, rest);
    Ok((rest, Operator { kind, span }))
}

/// An optionally named expression in `project`, `extend`, `summarize` and `by`.
///
/// ```ebnf
/// named_expression ::= [name "="] expression
/// ```
///
/// A tuple of names (`(a, b) = arg_max(…)`) is valid KQL, rejected by name.
pub(crate) fn named_expression(input: Input<'_>) -> PResult<'_, ProjectItem> {
    if let Some(span) = tuple_names(input) {
        return Err(unsupported_failure("assigning to a tuple of names", span));
    }
    if let Ok((after_name, ident)) = name(input)
        && let Ok((after_eq, _)) = punct("=")(after_name)
        && !after_eq.starts_with(['=', '~'])
    {
        let (rest, expr) = require(expression(after_eq), after_eq, || {
            format!("expected an expression after '{ident} ='")
        })?;
        let span = ident.span.to(expr.span);
        return Ok((
            rest,
            ProjectItem {
                name: Some(ident),
                expr,
                span,
            },
        ));
    }
    let (rest, expr) = expression(input)?;
    let span = expr.span;
    Ok((
        rest,
        ProjectItem {
            name: None,
            expr,
            span,
        },
    ))
}

/// The span of `(a, b) =` at `input`, if that is what is there.
fn tuple_names(input: Input<'_>) -> Option<Span> {
    let (mut rest, open) = punct("(")(input).ok()?;
    let mut count = 0;
    loop {
        (rest, _) = name(rest).ok()?;
        count += 1;
        if let Ok((after, _)) = punct(",")(rest) {
            rest = after;
            continue;
        }
        let (after_close, close) = punct(")")(rest).ok()?;
        let (after_eq, _) = punct("=")(after_close).ok()?;
        return (count > 1 && !after_eq.starts_with(['=', '~'])).then_some(open.to(close));
    }
}

/// A comma-separated list of named expressions, at least one; `expected_first` is the message
/// when the first is missing (`expected a column or expression after 'project'`).
///
/// ```ebnf
/// named_expression_list ::= named_expression ("," named_expression)*
/// ```
pub(crate) fn named_expression_list<'a>(
    input: Input<'a>,
    expected_first: &str,
) -> PResult<'a, Vec<ProjectItem>> {
    let (mut rest, first) = require(named_expression(input), input, || expected_first.to_owned())?;
    let mut items = vec![first];
    while let Ok((after_comma, _)) = punct(",")(rest) {
        let (after_item, item) = require(named_expression(after_comma), after_comma, || {
            "expected a column or expression after ','".to_owned()
        })?;
        items.push(item);
        rest = after_item;
    }
    Ok((rest, items))
}

/// Writes items separated by `, `.
fn write_list<T: fmt::Display>(f: &mut fmt::Formatter<'_>, items: &[T]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}

/// `name = expr` or `expr`.
impl fmt::Display for ProjectItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.name {
            Some(name) => write!(f, "{name} = {}", self.expr),
            None => write!(f, "{}", self.expr),
        }
    }
}

/// The operator as canonical KQL, without the leading `|`: `where x > 1`.
impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.kind)
    }
}

/// Canonical names: `where` (not `filter`), `take` (not `limit`), `sort by` (not `order by`).
impl fmt::Display for OperatorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OperatorKind::Where(predicate) => where_::fmt_where(f, predicate),
            OperatorKind::Project(items) => project::fmt_project(f, items),
            OperatorKind::Extend(items) => extend::fmt_extend(f, items),
            OperatorKind::Summarize(summarize) => write!(f, "{summarize}"),
            OperatorKind::Distinct(columns) => write!(f, "distinct {columns}"),
            OperatorKind::Take(count) => take::fmt_take(f, count),
            OperatorKind::Sort(keys) => sort::fmt_sort(f, keys),
            OperatorKind::Count => count::fmt_count(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::DiagnosticKind::{Syntax, Unsupported};
    use crate::ast::{
        DistinctColumns, ExprKind, NullsOrder, OperatorKind, SortDirection, Summarize,
    };
    use crate::testing::{assert_error, assert_round_trip, same_ast};
    use crate::{Span, parse_query};

    fn operators(text: &str) -> Vec<OperatorKind> {
        let query = parse_query(text).unwrap_or_else(|e| panic!("{text}: {e} at {:?}", e.span));
        query.body.operators.into_iter().map(|o| o.kind).collect()
    }

    fn names(items: &[crate::ast::ProjectItem]) -> Vec<Option<&str>> {
        items
            .iter()
            .map(|i| i.name.as_ref().map(|n| n.name.as_str()))
            .collect()
    }

    #[test]
    fn where_and_filter() {
        assert!(same_ast(
            &parse_query("T | where x").unwrap(),
            &parse_query("T |  filter x").unwrap()
        ));
        assert_eq!(assert_round_trip("T | filter x > 1"), "T | where x > 1");
    }

    #[test]
    fn project_plain_renamed_and_computed() {
        let ops = operators("T | project a, b = c, d * 2, ['e f'] = 1");
        let OperatorKind::Project(items) = &ops[0] else {
            panic!()
        };
        assert_eq!(names(items), [None, Some("b"), None, Some("e f")]);
        assert!(matches!(items[2].expr.kind, ExprKind::Binary { .. }));
        assert_eq!(
            assert_round_trip("T | project a, b=c, d*2"),
            "T | project a, b = c, d * 2"
        );
        // `a == 1` is a comparison, not a rename.
        let ops = operators("T | project a == 1, b =~ 'x'");
        let OperatorKind::Project(items) = &ops[0] else {
            panic!()
        };
        assert_eq!(names(items), [None, None]);
    }

    #[test]
    fn project_item_spans() {
        let text = "T | project b = c * 2";
        let query = parse_query(text).unwrap();
        let OperatorKind::Project(items) = &query.body.operators[0].kind else {
            panic!()
        };
        assert_eq!(items[0].span.text(text), "b = c * 2");
        assert_eq!(items[0].expr.span.text(text), "c * 2");
        assert_eq!(query.body.operators[0].span, Span::new(4, text.len()));
    }

    #[test]
    fn extend() {
        let ops = operators("T | extend b = a * 2, a + 1");
        let OperatorKind::Extend(items) = &ops[0] else {
            panic!()
        };
        assert_eq!(names(items), [Some("b"), None]);
        assert_round_trip("T | extend b = a * 2, a + 1");
    }

    #[test]
    fn summarize_forms() {
        let ops = operators("T | summarize count(), n = dcount(x) by k, day = bin(t, 1d)");
        let OperatorKind::Summarize(Summarize { aggregates, by }) = &ops[0] else {
            panic!()
        };
        assert_eq!(names(aggregates), [None, Some("n")]);
        assert_eq!(names(by), [None, Some("day")]);
        let ops = operators("T | summarize by x, y");
        let OperatorKind::Summarize(Summarize { aggregates, by }) = &ops[0] else {
            panic!()
        };
        assert!(aggregates.is_empty());
        assert_eq!(names(by), [None, None]);
        let ops = operators("T | summarize count()");
        let OperatorKind::Summarize(Summarize { by, .. }) = &ops[0] else {
            panic!()
        };
        assert!(by.is_empty());
        for text in [
            "T | summarize count() by k",
            "T | summarize by x",
            "T | summarize n = count(), avg(x) by k = tostring(k)",
        ] {
            assert_eq!(assert_round_trip(text), text);
        }
    }

    #[test]
    fn distinct_columns_or_all() {
        let ops = operators("T | distinct a, ['b c']");
        let OperatorKind::Distinct(DistinctColumns::Columns(columns)) = &ops[0] else {
            panic!()
        };
        assert_eq!(columns[1].name, "b c");
        assert!(matches!(
            operators("T | distinct *")[0],
            OperatorKind::Distinct(DistinctColumns::All(_))
        ));
        assert_eq!(assert_round_trip("T | distinct *"), "T | distinct *");
        assert_eq!(
            assert_round_trip("T | distinct a, ['b c']"),
            "T | distinct a, ['b c']"
        );
    }

    #[test]
    fn take_and_limit() {
        assert!(same_ast(
            &parse_query("T | take 10").unwrap(),
            &parse_query("T |  limit 10").unwrap()
        ));
        assert_eq!(assert_round_trip("T | limit 5"), "T | take 5");
    }

    #[test]
    fn sort_and_order_with_modifiers() {
        let ops = operators("T | order by a, b asc, c desc nulls first, d nulls last");
        let OperatorKind::Sort(keys) = &ops[0] else {
            panic!()
        };
        let modifiers: Vec<_> = keys.iter().map(|k| (k.direction, k.nulls)).collect();
        assert_eq!(
            modifiers,
            [
                (None, None),
                (Some(SortDirection::Asc), None),
                (Some(SortDirection::Desc), Some(NullsOrder::First)),
                (None, Some(NullsOrder::Last)),
            ]
        );
        assert_eq!(
            assert_round_trip("T | order by a, b asc, c desc nulls first, d nulls last"),
            "T | sort by a, b asc, c desc nulls first, d nulls last"
        );
    }

    #[test]
    fn count() {
        assert_eq!(operators("T | count"), [OperatorKind::Count]);
        assert_eq!(
            assert_round_trip("T | count | take 1"),
            "T | count | take 1"
        );
    }

    #[test]
    fn operator_errors() {
        assert_error(
            "T | project «»",
            Syntax,
            "expected a column or expression after 'project', found end of query",
        );
        assert_error(
            "T | project a, «|»",
            Syntax,
            "expected a column or expression after ','",
        );
        assert_error(
            "T | project a = «,» b",
            Syntax,
            "expected an expression after 'a ='",
        );
        assert_error(
            "T | extend «)»",
            Syntax,
            "expected a column or expression after 'extend'",
        );
        assert_error(
            "T | summarize «|» take 1",
            Syntax,
            "expected an aggregate or 'by' after 'summarize'",
        );
        assert_error(
            "T | summarize count() by «»",
            Syntax,
            "expected a group key after 'by'",
        );
        assert_error(
            "T | summarize count() by a, «)»",
            Syntax,
            "expected a group key after ','",
        );
        assert_error(
            "T | distinct «1»",
            Syntax,
            "expected a column name or '*' after 'distinct'",
        );
        assert_error(
            "T | distinct a, «1»",
            Syntax,
            "expected a column name after ','",
        );
        assert_error("T | distinct a, b «+» 1", Syntax, "unexpected '+'");
        assert_error("T | take «»", Syntax, "expected a row count after 'take'");
        assert_error(
            "T | limit «|»",
            Syntax,
            "expected a row count after 'limit'",
        );
        assert_error("T | sort «x»", Syntax, "expected 'by' after 'sort'");
        assert_error("T | order «»", Syntax, "expected 'by' after 'order'");
        assert_error("T | sort by «»", Syntax, "expected a sort key after 'by'");
        assert_error(
            "T | sort by x nulls «up»",
            Syntax,
            "expected 'first' or 'last' after 'nulls'",
        );
        assert_error(
            "T | sort by x «ascending»",
            Syntax,
            "unexpected 'ascending'",
        );
        assert_error("T | count «x»", Syntax, "unexpected 'x'");
        assert_error(
            "T | summarize «hint.»strategy = shuffle count() by x",
            Unsupported,
            "summarize hints are not supported yet",
        );
        assert_error(
            "T | summarize «(a, b)» = arg_max(t, x) by k",
            Unsupported,
            "assigning to a tuple of names is not supported yet",
        );
    }
}
