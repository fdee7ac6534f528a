//! The comparison level of expressions: `==`, `<`, `=~`, the string operators (`has`,
//! `!contains_cs`, `matches regex`, …), `in (…)` and `between (lo .. hi)`.
//!
//! This level sits between `and` and `+ -` in the precedence table (`expr.rs`) and is
//! non-associative: at most one such test per operand of `and`/`or`.

use super::expr::{
    Precedence, additive_expression, binary, check_depth, expr_depth, expression, into_expr,
    level_operator,
};
use super::lexical::{
    SyntaxError, advance, expected_failure, keyword, nested, punct, require, span_from, word, ws,
};
use super::{Input, PResult, scalar_or_tabular};
use crate::ast::{BinaryOp, Expr, ExprKind, StringOp, StringOpKind};
use crate::{Diagnostic, Span};

/// The string operators by word (without `!` and `_cs`).
const STRING_OPERATORS: &[(&str, StringOpKind)] = &[
    ("has", StringOpKind::Has),
    ("hasprefix", StringOpKind::HasPrefix),
    ("hassuffix", StringOpKind::HasSuffix),
    ("contains", StringOpKind::Contains),
    ("startswith", StringOpKind::StartsWith),
    ("endswith", StringOpKind::EndsWith),
];

/// The word of a string operator kind (`has`, `contains`, …; `matches regex` is separate).
pub(crate) fn string_operator_word(kind: StringOpKind) -> &'static str {
    STRING_OPERATORS
        .iter()
        .find(|(_, k)| *k == kind)
        .map_or("matches regex", |&(word, _)| word)
}

/// One comparison, string, `in` or `between` test at most: `a < b < c` needs parentheses.
///
/// ```ebnf
/// comparison_expression ::= ("*" &string_operator | additive_expression)
///                           [ comparison_operator additive_expression
///                           | in_operator in_list
///                           | has_any_operator in_list
///                           | between_operator between_range ]
/// comparison_operator   ::= "==" | "!=" | "<>" | "<" | "<=" | ">" | ">=" | "=~" | "!~"
///                         | string_operator
/// ```
pub(crate) fn comparison_expression(input: Input<'_>) -> PResult<'_, Expr> {
    let (rest, left) = match star_operand(input) {
        Some(star) => star,
        None => additive_expression(input)?,
    };
    let Some((after_op, tail, symbol, op_span)) = comparison_operator(rest) else {
        return Ok((rest, left));
    };
    let (rest, expr) = match tail {
        ComparisonTail::Binary(op) => {
            let (rest, right) = require(additive_expression(after_op), after_op, || {
                format!("expected an expression after '{symbol}'")
            })?;
            check_depth(expr_depth(&left).max(expr_depth(&right)) + 1, op_span)?;
            (rest, binary(op, left, right))
        }
        ComparisonTail::In {
            negated,
            case_insensitive,
        } => {
            let (rest, items) = in_list(after_op, &symbol)?;
            let span = span_from(left.span.start, rest);
            let kind = ExprKind::In {
                target: Box::new(left),
                items,
                negated,
                case_insensitive,
            };
            (rest, Expr { kind, span })
        }
        ComparisonTail::HasAny { all } => {
            let (rest, items) = in_list(after_op, &symbol)?;
            let span = span_from(left.span.start, rest);
            let kind = ExprKind::HasAny {
                target: Box::new(left),
                items,
                all,
            };
            (rest, Expr { kind, span })
        }
        ComparisonTail::Between { negated } => {
            let (rest, (low, high)) = between_range(after_op, &symbol)?;
            let span = span_from(left.span.start, rest);
            let kind = ExprKind::Between {
                target: Box::new(left),
                low: Box::new(low),
                high: Box::new(high),
                negated,
            };
            (rest, Expr { kind, span })
        }
    };
    if let Some((_, _, second, second_span)) = comparison_operator(rest) {
        return Err(nom::Err::Failure(SyntaxError::new(
            Diagnostic::syntax(
                format!("'{second}' cannot follow '{symbol}' without parentheses"),
                second_span,
            )
            .with_note(format!(
                "'{symbol}' is at bytes {}..{}",
                op_span.start, op_span.end
            ))
            .with_help(
                "comparisons do not chain; group them with parentheses or join them with 'and'",
            ),
        )));
    }
    Ok((rest, expr))
}

/// What follows a comparison-level operator.
pub(crate) enum ComparisonTail {
    Binary(BinaryOp),
    In {
        negated: bool,
        case_insensitive: bool,
    },
    HasAny {
        all: bool,
    },
    Between {
        negated: bool,
    },
}

/// `*` as the left side of a string operator (`* has "x"`: any column), as Kusto.Language's
/// `StarOnly` signatures allow; `None` anywhere else.
fn star_operand(input: Input<'_>) -> Option<(Input<'_>, Expr)> {
    let (at, ()) = ws(input).ok()?;
    let (rest, span) = punct("*")(at).ok()?;
    match comparison_operator(rest)? {
        (_, ComparisonTail::Binary(BinaryOp::String(_)), _, _) => Some((
            rest,
            Expr {
                kind: ExprKind::Star,
                span,
            },
        )),
        _ => None,
    }
}

/// A comparison-level operator at `input`: symbols, string operators, `in`, `between`.
///
/// ```ebnf
/// string_operator  ::= ["!"] ("has" | "hasprefix" | "hassuffix" | "contains" | "startswith"
///                            | "endswith") ["_cs"]
///                    | ["!"] "containscs" | "notcontains" | "notcontainscs"
///                    | "matches" "regex"
/// in_operator      ::= ["!"] "in" ["~"]
/// has_any_operator ::= "has_any" | "has_all"
/// between_operator ::= ["!"] "between"
/// ```
pub(crate) fn comparison_operator(
    input: Input<'_>,
) -> Option<(Input<'_>, ComparisonTail, String, Span)> {
    if let Some((rest, op, symbol, span)) = level_operator(input, Precedence::Comparison) {
        return Some((rest, ComparisonTail::Binary(op), symbol.to_owned(), span));
    }
    let (at, ()) = ws(input).ok()?;
    let negated = at.starts_with('!');
    let after_bang = if negated { advance(at, 1).0 } else { at };
    // The word must follow `!` directly.
    if after_bang.starts_with(char::is_whitespace) {
        return None;
    }
    let (after_word, (text, _)) = word(after_bang).ok()?;
    let start = at.location_offset();
    let written = |rest: Input<'_>| {
        let end = rest.location_offset();
        (
            at.fragment()[..end - start].to_owned(),
            Span::new(start, end),
        )
    };
    if text == "in" {
        let case_insensitive = after_word.starts_with('~');
        let rest = if case_insensitive {
            advance(after_word, 1).0
        } else {
            after_word
        };
        let (symbol, span) = written(rest);
        let tail = ComparisonTail::In {
            negated,
            case_insensitive,
        };
        return Some((rest, tail, symbol, span));
    }
    if (text == "has_any" || text == "has_all") && !negated {
        let (symbol, span) = written(after_word);
        let tail = ComparisonTail::HasAny {
            all: text == "has_all",
        };
        return Some((after_word, tail, symbol, span));
    }
    if text == "between" {
        let (symbol, span) = written(after_word);
        return Some((
            after_word,
            ComparisonTail::Between { negated },
            symbol,
            span,
        ));
    }
    if text == "matches" && !negated {
        let (rest, _) = keyword("regex")(after_word).ok()?;
        let op = StringOp {
            kind: StringOpKind::MatchesRegex,
            negated: false,
            case_sensitive: false,
        };
        return Some((
            rest,
            ComparisonTail::Binary(BinaryOp::String(op)),
            "matches regex".to_owned(),
            Span::new(start, rest.location_offset()),
        ));
    }
    // Kusto.Language's legacy spellings: `notcontains`, `notcontainscs`, `containscs`.
    let (text, negated) = match (text, negated) {
        ("notcontains", false) => ("contains", true),
        ("notcontainscs", false) => ("contains_cs", true),
        ("containscs", negated) => ("contains_cs", negated),
        other => other,
    };
    let (base, case_sensitive) = match text.strip_suffix("_cs") {
        Some(base) => (base, true),
        None => (text, false),
    };
    let &(_, kind) = STRING_OPERATORS.iter().find(|(w, _)| *w == base)?;
    let op = StringOp {
        kind,
        negated,
        case_sensitive,
    };
    let (symbol, span) = written(after_word);
    Some((
        after_word,
        ComparisonTail::Binary(BinaryOp::String(op)),
        symbol,
        span,
    ))
}

/// The parenthesised candidates of `in`: values, or a tabular expression whose first column
/// holds them (`x in (T)`, `x !in (T | project y)`).
///
/// ```ebnf
/// in_list ::= "(" in_item ("," in_item)* ")"
/// in_item ::= scalar_or_tabular
/// ```
pub(crate) fn in_list<'a>(input: Input<'a>, operator: &str) -> PResult<'a, Vec<Expr>> {
    let Ok((after_open, open)) = punct("(")(input) else {
        return Err(expected_failure(
            &format!("expected '(' and a list of values after '{operator}'"),
            input,
        ));
    };
    let item = |i| scalar_or_tabular(i).map(|(rest, value)| (rest, into_expr(value)));
    nested(after_open, open, |inner| {
        let (mut rest, first) = require(item(inner), inner, || {
            format!("expected a value after '{operator} ('")
        })?;
        let mut items = vec![first];
        loop {
            if let Ok((after_close, _)) = punct(")")(rest) {
                return Ok((after_close, items));
            }
            let Ok((after_comma, _)) = punct(",")(rest) else {
                return Err(expected_failure(
                    &format!("expected ',' or ')' in the list of '{operator}'"),
                    rest,
                ));
            };
            let (after_item, next) = require(item(after_comma), after_comma, || {
                "expected a value after ','".to_owned()
            })?;
            items.push(next);
            rest = after_item;
        }
    })
}

/// The inclusive range of `between`.
///
/// ```ebnf
/// between_range ::= "(" expression ".." expression ")"
/// ```
pub(crate) fn between_range<'a>(input: Input<'a>, operator: &str) -> PResult<'a, (Expr, Expr)> {
    let Ok((after_open, open)) = punct("(")(input) else {
        return Err(expected_failure(
            &format!("expected '(' and a range 'low .. high' after '{operator}'"),
            input,
        ));
    };
    nested(after_open, open, |inner| {
        let (rest, low) = require(expression(inner), inner, || {
            format!("expected the lower bound after '{operator} ('")
        })?;
        let Ok((after_dots, _)) = punct("..")(rest) else {
            return Err(expected_failure(
                &format!("expected '..' between the bounds of '{operator}'"),
                rest,
            ));
        };
        let (rest, high) = require(expression(after_dots), after_dots, || {
            "expected the upper bound after '..'".to_owned()
        })?;
        let Ok((rest, _)) = punct(")")(rest) else {
            return Err(expected_failure(
                &format!("expected ')' to close the range of '{operator}'"),
                rest,
            ));
        };
        Ok((rest, (low, high)))
    })
}

#[cfg(test)]
mod tests {
    use crate::testing::tree;

    #[test]
    fn comparison_operators() {
        for op in ["==", "!=", "<>", "<", "<=", ">", ">=", "=~", "!~"] {
            let expected = if op == "<>" { "!=" } else { op };
            assert_eq!(tree(&format!("a {op} b")), format!("({expected} a b)"));
            assert_eq!(tree(&format!("a{op}b")), format!("({expected} a b)"));
        }
    }

    #[test]
    fn string_operators_every_form() {
        for base in [
            "has",
            "hasprefix",
            "hassuffix",
            "contains",
            "startswith",
            "endswith",
        ] {
            for op in [
                base.to_owned(),
                format!("{base}_cs"),
                format!("!{base}"),
                format!("!{base}_cs"),
            ] {
                assert_eq!(tree(&format!("s {op} \"x\"")), format!("({op} s \"x\")"));
            }
        }
        assert_eq!(
            tree(r#"s matches regex "^a.*""#),
            r#"(matches regex s "^a.*")"#
        );
        assert_eq!(
            tree(r#"s has "a" and t !contains_cs 'b'"#),
            r#"(and (has s "a") (!contains_cs t "b"))"#
        );
        assert_eq!(tree(r#"* has "x" or a"#), r#"(or (has * "x") a)"#);
        assert_eq!(
            tree(r#"s notcontains "a" or s notcontainscs "b" or s containscs "c""#),
            r#"(or (!contains s "a") (!contains_cs s "b") (contains_cs s "c"))"#
        );
        // `has` as a name prefix is not the operator.
        assert_eq!(tree("hasx == 1"), "(== hasx Long(1))");
    }

    #[test]
    fn in_and_between() {
        assert_eq!(tree("x in (1, 2)"), "(in x [Long(1) Long(2)])");
        assert_eq!(tree(r#"x !in ("a")"#), r#"(!in x ["a"])"#);
        assert_eq!(tree(r#"x in~ ("a", "b")"#), r#"(in~ x ["a" "b"])"#);
        assert_eq!(tree(r#"x !in~ ("a")"#), r#"(!in~ x ["a"])"#);
        assert_eq!(tree("x between (1 .. 10)"), "(between x Long(1) Long(10))");
        assert_eq!(tree("x !between (1..10)"), "(!between x Long(1) Long(10))");
        assert_eq!(
            tree(r#"s has_any ("a", dynamic(["b"]))"#),
            r#"(has_any s ["a" Dynamic(Array([Scalar(String("b"))]))])"#
        );
        assert_eq!(tree(r#"s has_all ("a")"#), r#"(has_all s ["a"])"#);
        assert_eq!(
            tree("x + 1 between (a - 1 .. b) and y"),
            "(and (between (+ x Long(1)) (- a Long(1)) b) y)"
        );
        assert_eq!(
            tree("t between (ago(1d) .. now())"),
            "(between t (call ago TimeSpan(864000000000)) (call now ))"
        );
        // `int` starts with `in` but is a name.
        assert_eq!(tree("integer > 1"), "(> integer Long(1))");
    }
}
