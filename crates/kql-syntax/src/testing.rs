//! Test helpers: AST comparison ignoring spans, and `«…»` span markers (STYLE.md §6).

use crate::ast::{
    DistinctColumns, Expr, ExprKind, Ident, Literal, OperatorKind, ProjectItem, Query, Source,
};
use crate::{Diagnostic, DiagnosticKind, Span, parse_query};

/// A copy of `query` with every span set to `0..0`.
pub(crate) fn strip_spans(query: &Query) -> Query {
    let mut query = query.clone();
    query.span = Span::default();
    query.body.span = Span::default();
    match &mut query.body.source {
        Source::Table(ident) => strip_ident(ident),
        Source::Print(print) => {
            print.span = Span::default();
            print.items.iter_mut().for_each(strip_item);
        }
        Source::Datatable(datatable) => {
            datatable.span = Span::default();
            for column in &mut datatable.columns {
                column.span = Span::default();
                strip_ident(&mut column.name);
            }
            datatable.values.iter_mut().for_each(strip_expr);
        }
    }
    for operator in &mut query.body.operators {
        operator.span = Span::default();
        match &mut operator.kind {
            OperatorKind::Where(e) | OperatorKind::Take(e) => strip_expr(e),
            OperatorKind::Project(items) | OperatorKind::Extend(items) => {
                items.iter_mut().for_each(strip_item);
            }
            OperatorKind::Summarize(s) => {
                s.aggregates.iter_mut().for_each(strip_item);
                s.by.iter_mut().for_each(strip_item);
            }
            OperatorKind::Distinct(DistinctColumns::All(span)) => *span = Span::default(),
            OperatorKind::Distinct(DistinctColumns::Columns(columns)) => {
                columns.iter_mut().for_each(strip_ident);
            }
            OperatorKind::Sort(keys) => {
                for key in keys {
                    key.span = Span::default();
                    strip_expr(&mut key.expr);
                }
            }
            OperatorKind::Count => {}
        }
    }
    query
}

fn strip_ident(ident: &mut Ident) {
    ident.span = Span::default();
}

fn strip_item(item: &mut ProjectItem) {
    item.span = Span::default();
    if let Some(name) = &mut item.name {
        strip_ident(name);
    }
    strip_expr(&mut item.expr);
}

fn strip_expr(expr: &mut Expr) {
    expr.span = Span::default();
    match &mut expr.kind {
        ExprKind::Literal(_) => {}
        ExprKind::Name(ident) => strip_ident(ident),
        ExprKind::Call { name, args } => {
            strip_ident(name);
            args.iter_mut().for_each(strip_expr);
        }
        ExprKind::Binary { left, right, .. } => {
            strip_expr(left);
            strip_expr(right);
        }
        ExprKind::Unary { operand, .. } | ExprKind::Paren(operand) => strip_expr(operand),
        ExprKind::In { target, items, .. } => {
            strip_expr(target);
            items.iter_mut().for_each(strip_expr);
        }
        ExprKind::Between {
            target, low, high, ..
        } => {
            strip_expr(target);
            strip_expr(low);
            strip_expr(high);
        }
        ExprKind::Index { target, index } => {
            strip_expr(target);
            strip_expr(index);
        }
        ExprKind::Member { target, name } => {
            strip_expr(target);
            strip_ident(name);
        }
    }
}

/// True when the two queries are the same tree apart from spans. Compared through `Debug`, so
/// that `real(nan)` equals itself.
pub(crate) fn same_ast(a: &Query, b: &Query) -> bool {
    format!("{:?}", strip_spans(a)) == format!("{:?}", strip_spans(b))
}

/// Removes the `«` `»` markers from `marked`, returning the query text and the marked span.
pub(crate) fn unmark(marked: &str) -> (String, Span) {
    let start = marked.find('«').expect("a « marker");
    let text_without_open = marked.replacen('«', "", 1);
    let end = text_without_open.find('»').expect("a » marker");
    (
        text_without_open.replacen('»', "", 1),
        Span::new(start, end),
    )
}

/// Parses the unmarked query and asserts it fails with `kind`, a message containing
/// `message`, and exactly the marked span.
pub(crate) fn assert_error(marked: &str, kind: DiagnosticKind, message: &str) -> Diagnostic {
    let (text, span) = unmark(marked);
    let error = match parse_query(&text) {
        Ok(query) => panic!("{text:?} parsed, but should fail: {query}"),
        Err(error) => error,
    };
    assert!(
        error.message.contains(message),
        "{text:?}: message {:?} does not contain {message:?}",
        error.message
    );
    assert_eq!(error.kind, kind, "{text:?}: {}", error.message);
    assert_eq!(
        error.span,
        Some(span),
        "{text:?}: {} points at {:?}, expected {:?}",
        error.message,
        error.span.map(|s| s.text(&text)),
        span.text(&text)
    );
    error
}

/// Parses `text`, prints it, re-parses the print, and checks both trees and both prints agree.
/// Returns the canonical text.
pub(crate) fn assert_round_trip(text: &str) -> String {
    let first = parse_query(text).unwrap_or_else(|e| panic!("{text:?}: {e} at {:?}", e.span));
    let printed = first.to_string();
    let second = parse_query(&printed)
        .unwrap_or_else(|e| panic!("reprint {printed:?} of {text:?} fails: {e} at {:?}", e.span));
    assert!(
        same_ast(&first, &second),
        "{text:?} printed as {printed:?} re-parses differently:\n{:#?}\nvs\n{:#?}",
        strip_spans(&first),
        strip_spans(&second)
    );
    assert_eq!(second.to_string(), printed, "printing is idempotent");
    printed
}

/// The predicate of `T | where <text>` as a fully parenthesised S-expression.
pub(crate) fn tree(text: &str) -> String {
    let query = parse_query(&format!("T | where {text}"))
        .unwrap_or_else(|e| panic!("{text}: {e} at {:?}", e.span));
    let OperatorKind::Where(predicate) = &query.body.operators[0].kind else {
        panic!("not a where")
    };
    sexpr(predicate)
}

pub(crate) fn sexpr(expr: &Expr) -> String {
    let list = |exprs: &[Expr]| exprs.iter().map(sexpr).collect::<Vec<_>>().join(" ");
    match &expr.kind {
        ExprKind::Literal(Literal::String(s)) => format!("{s:?}"),
        ExprKind::Literal(l) => format!("{l:?}"),
        ExprKind::Name(name) => name.name.clone(),
        ExprKind::Call { name, args } => format!("(call {} {})", name.name, list(args)),
        ExprKind::Binary { op, left, right } => {
            format!("({op} {} {})", sexpr(left), sexpr(right))
        }
        ExprKind::Unary { op, operand } => format!("({op} {})", sexpr(operand)),
        ExprKind::In {
            target,
            items,
            negated,
            case_insensitive,
        } => format!(
            "({}in{} {} [{}])",
            if *negated { "!" } else { "" },
            if *case_insensitive { "~" } else { "" },
            sexpr(target),
            list(items)
        ),
        ExprKind::Between {
            target,
            low,
            high,
            negated,
        } => format!(
            "({}between {} {} {})",
            if *negated { "!" } else { "" },
            sexpr(target),
            sexpr(low),
            sexpr(high)
        ),
        ExprKind::Index { target, index } => {
            format!("(index {} {})", sexpr(target), sexpr(index))
        }
        ExprKind::Member { target, name } => format!("(. {} {})", sexpr(target), name.name),
        ExprKind::Paren(inner) => format!("(paren {})", sexpr(inner)),
    }
}
