//! Test helpers: AST comparison ignoring spans, and `«…»` span markers (STYLE.md §6).

use crate::ast::{Expr, ExprKind, Literal, OperatorKind, Query};
use crate::{Diagnostic, DiagnosticKind, Span, parse_query};

/// The tree's `Debug` text with every span (printed `start..end`) replaced by `_`, so that two
/// trees compare apart from spans without a per-node walk that each new operator would need.
/// Spans are only replaced outside quoted strings, so a string literal `"1..2"` stays.
pub(crate) fn without_spans(query: &Query) -> String {
    let text = format!("{query:#?}");
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                '\\' => out.extend(chars.next()),
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if c == '"' {
            in_string = true;
            out.push(c);
            continue;
        }
        if c.is_ascii_digit() && !out.ends_with(|p: char| p.is_alphanumeric() || p == '_') {
            let mut number = c.to_string();
            while let Some(d) = chars.next_if(char::is_ascii_digit) {
                number.push(d);
            }
            let mut lookahead = chars.clone();
            if lookahead.next() == Some('.')
                && lookahead.next() == Some('.')
                && lookahead.peek().is_some_and(char::is_ascii_digit)
            {
                chars = lookahead;
                while chars.next_if(char::is_ascii_digit).is_some() {}
                out.push('_');
            } else {
                out.push_str(&number);
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// True when the two queries are the same tree apart from spans. Compared through `Debug`, so
/// that `real(nan)` equals itself.
pub(crate) fn same_ast(a: &Query, b: &Query) -> bool {
    without_spans(a) == without_spans(b)
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
        "{text:?} printed as {printed:?} re-parses differently:\n{}\nvs\n{}",
        without_spans(&first),
        without_spans(&second)
    );
    assert_eq!(second.to_string(), printed, "printing is idempotent");
    printed
}

/// The predicate of `T | where <text>` as a fully parenthesised S-expression.
pub(crate) fn tree(text: &str) -> String {
    let query = parse_query(&format!("T | where {text}"))
        .unwrap_or_else(|e| panic!("{text}: {e} at {:?}", e.span));
    let OperatorKind::Where(where_) = &query.body.operators[0].kind else {
        panic!("not a where")
    };
    sexpr(&where_.predicate)
}

pub(crate) fn sexpr(expr: &Expr) -> String {
    let list = |exprs: &[Expr]| exprs.iter().map(sexpr).collect::<Vec<_>>().join(" ");
    match &expr.kind {
        ExprKind::Literal(Literal::String(s)) => format!("{s:?}"),
        ExprKind::Literal(l) => format!("{l:?}"),
        ExprKind::Name(name) => name.name.clone(),
        ExprKind::Call { name, args } => format!("(call {} {})", name.name, list(args)),
        ExprKind::Logical { op, operands } => {
            let word = crate::parser::expr::logical_operator_text(*op);
            format!("({word} {})", list(operands))
        }
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
        ExprKind::HasAny { target, items, all } => format!(
            "({} {} [{}])",
            if *all { "has_all" } else { "has_any" },
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
        ExprKind::Star => "*".to_owned(),
        ExprKind::NamedArgument { name, value } => format!("(= {} {})", name.name, sexpr(value)),
        ExprKind::Tabular(pipeline) => format!("(tabular {pipeline})"),
    }
}

#[test]
fn same_ast_ignores_spans_only() {
    let parse = |text| parse_query(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    assert!(same_ast(
        &parse("T | where x == 1"),
        &parse("  T|where   x==1")
    ));
    assert!(!same_ast(
        &parse("T | where x == 1"),
        &parse("T | where x == 2")
    ));
    assert!(!same_ast(
        &parse("T | where x == 1"),
        &parse("T | where y == 1")
    ));
    assert!(!same_ast(
        &parse(r#"T | where s == "1..2""#),
        &parse(r#"T | where s == "3..4""#)
    ));
    assert!(!same_ast(&parse("T | take 10"), &parse("T | take 100")));
    let printed = without_spans(&parse("T | distinct * | where x between (1 .. 10)"));
    assert!(!printed.contains(".."), "{printed}");
}
