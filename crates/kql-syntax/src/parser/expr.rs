//! Scalar expression productions and the one precedence table.
//!
//! Levels, lowest first (see [`Precedence`]): `or`; `and`; the non-associative comparison level
//! (`==`, `<`, `=~`, `has`, `contains`, `in`, `between`, …); `+ -`; `* / %`; prefix `- +`;
//! postfix calls, `[index]` and `.member`. Binary levels are parsed iteratively and prefix
//! operators in a loop, so only parentheses, calls, brackets and lists recurse; those count
//! against the nesting limit ([`super::MAX_DEPTH`]). Chains of `and` and `or` become one flat
//! [`ExprKind::Logical`] node, so their length is not depth: a 2,000-term `or` is one level.
//! Other operator chains (`a + b + …`, `x.a.b.…`, `- - x`) build trees as deep as they are
//! long and are bounded by [`MAX_EXPR_DEPTH`].

use super::lexical::{
    SyntaxError, advance, backtrack, expected_failure, is_word_char, keyword, name, nested, punct,
    require, span_from, syntax_failure, word, ws,
};
use super::literal::literal;
use super::{Input, MAX_EXPR_DEPTH, PResult, scalar_or_tabular};
use crate::ast::{BinaryOp, Expr, ExprKind, Expression, Ident, LogicalOp, UnaryOp};
use crate::{Diagnostic, Span};

/// Binding strength of an expression form; a child with a lower level than its context needs
/// parentheses. This is the one precedence table of the grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Precedence {
    /// `or`
    Or,
    /// `and`
    And,
    /// `==`, `!=`, `<>`, `<`, `<=`, `>`, `>=`, `=~`, `!~`, string operators, `in`, `between`;
    /// non-associative.
    Comparison,
    /// `+`, `-`
    Additive,
    /// `*`, `/`, `%`
    Multiplicative,
    /// prefix `-`, `+`
    Prefix,
    /// calls, `x[i]`, `x.name`, names, literals, `( … )`
    Postfix,
}

/// The binary operators written with symbols, and their level. Longer symbols come before their
/// prefixes (`<=` before `<`). (String operators are words, in `comparison.rs`; `and` and `or`
/// are [`LogicalOp`] chains.)
const BINARY_OPERATORS: &[(&str, BinaryOp, Precedence)] = &[
    ("==", BinaryOp::Eq, Precedence::Comparison),
    ("!=", BinaryOp::NotEq, Precedence::Comparison),
    ("<>", BinaryOp::NotEq, Precedence::Comparison),
    ("<=", BinaryOp::LtEq, Precedence::Comparison),
    ("<", BinaryOp::Lt, Precedence::Comparison),
    (">=", BinaryOp::GtEq, Precedence::Comparison),
    (">", BinaryOp::Gt, Precedence::Comparison),
    ("=~", BinaryOp::EqCi, Precedence::Comparison),
    ("!~", BinaryOp::NotEqCi, Precedence::Comparison),
    ("+", BinaryOp::Add, Precedence::Additive),
    ("-", BinaryOp::Sub, Precedence::Additive),
    ("*", BinaryOp::Mul, Precedence::Multiplicative),
    ("/", BinaryOp::Div, Precedence::Multiplicative),
    ("%", BinaryOp::Mod, Precedence::Multiplicative),
];

/// The level of a binary operator.
pub(crate) fn binary_precedence(op: BinaryOp) -> Precedence {
    match op {
        BinaryOp::String(_) => Precedence::Comparison,
        op => BINARY_OPERATORS
            .iter()
            .find(|(_, o, _)| *o == op)
            .map_or(Precedence::Comparison, |&(_, _, level)| level),
    }
}

/// The level of a logical operator.
pub(crate) fn logical_precedence(op: LogicalOp) -> Precedence {
    match op {
        LogicalOp::Or => Precedence::Or,
        LogicalOp::And => Precedence::And,
    }
}

/// The word of a logical operator: `and`, `or`.
pub(crate) fn logical_operator_text(op: LogicalOp) -> &'static str {
    match op {
        LogicalOp::Or => "or",
        LogicalOp::And => "and",
    }
}

/// The level of an expression node, for `Display`'s parenthesisation.
pub(crate) fn expr_precedence(kind: &ExprKind) -> Precedence {
    match kind {
        ExprKind::Logical { op, .. } => logical_precedence(*op),
        ExprKind::Binary { op, .. } => binary_precedence(*op),
        ExprKind::In { .. } | ExprKind::HasAny { .. } | ExprKind::Between { .. } => {
            Precedence::Comparison
        }
        ExprKind::Unary { .. } => Precedence::Prefix,
        _ => Precedence::Postfix,
    }
}

/// The canonical text of a symbol or word binary operator (not string operators).
pub(crate) fn binary_operator_text(op: BinaryOp) -> Option<&'static str> {
    BINARY_OPERATORS
        .iter()
        .find(|(_, o, _)| *o == op)
        .map(|&(text, _, _)| text)
}

pub(super) fn binary(op: BinaryOp, left: Expr, right: Expr) -> Expr {
    let span = left.span.to(right.span);
    Expr {
        kind: ExprKind::Binary {
            op,
            left: Box::new(left),
            right: Box::new(right),
        },
        span,
    }
}

/// The depth of an expression tree (a leaf is 1). Every tree the parser builds is bounded by
/// [`MAX_EXPR_DEPTH`] plus [`super::MAX_DEPTH`], so this recursion is bounded too.
pub(crate) fn expr_depth(expr: &Expr) -> usize {
    let max = |exprs: &mut dyn Iterator<Item = &Expr>| exprs.map(expr_depth).max().unwrap_or(0);
    1 + match &expr.kind {
        ExprKind::Literal(_) | ExprKind::Name(_) | ExprKind::Star => 0,
        ExprKind::Call { args, .. } | ExprKind::Logical { operands: args, .. } => {
            max(&mut args.iter())
        }
        ExprKind::Binary { left, right, .. } => expr_depth(left).max(expr_depth(right)),
        ExprKind::Unary { operand, .. } | ExprKind::Paren(operand) => expr_depth(operand),
        ExprKind::In { target, items, .. } | ExprKind::HasAny { target, items, .. } => {
            max(&mut std::iter::once(&**target).chain(items.iter()))
        }
        ExprKind::Between {
            target, low, high, ..
        } => expr_depth(target)
            .max(expr_depth(low))
            .max(expr_depth(high)),
        ExprKind::Index { target, index } => expr_depth(target).max(expr_depth(index)),
        ExprKind::Member { target, .. } => expr_depth(target),
        ExprKind::NamedArgument { value, .. } => expr_depth(value),
        // A pipeline's own expressions are bounded by the nesting limit it is parsed under.
        ExprKind::Tabular(_) => 0,
    }
}

/// Fails with "expression nested too deeply" at `at` when a tree would be `depth` deep: long
/// operator chains (`a + a + …`, `x.a.b.…`, `- - - x`) build deep trees without recursing in the
/// parser, and every later stage (drop included) walks them recursively. (`and`/`or` chains
/// are flat and add one level, however long.)
pub(super) fn check_depth(
    depth: usize,
    at: Span,
) -> Result<(), nom::Err<super::lexical::SyntaxError>> {
    if depth > MAX_EXPR_DEPTH {
        return Err(nom::Err::Failure(super::lexical::SyntaxError::new(
            crate::Diagnostic::syntax("expression nested too deeply", at).with_help(format!(
                "an expression may be at most {MAX_EXPR_DEPTH} operators deep (a chain such as \
                 a + b + … counts each operator); split it with 'extend'"
            )),
        )));
    }
    Ok(())
}

/// A scalar expression.
///
/// ```ebnf
/// expression ::= or_expression
/// ```
pub(crate) fn expression(input: Input<'_>) -> PResult<'_, Expr> {
    or_expression(input)
}

/// The operator of `level` at `input` (symbol or whole word), with its text and span.
pub(super) fn level_operator(
    input: Input<'_>,
    level: Precedence,
) -> Option<(Input<'_>, BinaryOp, &'static str, Span)> {
    let (at, ()) = ws(input).ok()?;
    let text: &str = at.fragment();
    BINARY_OPERATORS
        .iter()
        .filter(|(_, _, l)| *l == level)
        .find(|(symbol, _, _)| {
            text.starts_with(symbol)
                && !(symbol.starts_with(char::is_alphabetic)
                    && text[symbol.len()..].starts_with(is_word_char))
        })
        .map(|&(symbol, op, _)| {
            let (rest, span) = advance(at, symbol.len());
            (rest, op, symbol, span)
        })
}

/// Parses `operand (op operand)*` for the left-associative `level`.
fn left_associative<'a>(
    input: Input<'a>,
    level: Precedence,
    operand: fn(Input<'a>) -> PResult<'a, Expr>,
) -> PResult<'a, Expr> {
    let (mut rest, mut left) = operand(input)?;
    let mut depth = 0;
    while let Some((after_op, op, symbol, op_span)) = level_operator(rest, level) {
        let (after_right, right) = require(operand(after_op), after_op, || {
            format!("expected an expression after '{symbol}'")
        })?;
        if depth == 0 {
            depth = expr_depth(&left);
        }
        depth = depth.max(expr_depth(&right)) + 1;
        check_depth(depth, op_span)?;
        left = binary(op, left, right);
        rest = after_right;
    }
    Ok((rest, left))
}

/// Parses `operand (op operand)*` into one flat [`ExprKind::Logical`] chain (or the lone
/// operand): the chain is one level deep however long it is.
fn logical_chain<'a>(
    input: Input<'a>,
    op: LogicalOp,
    operand: fn(Input<'a>) -> PResult<'a, Expr>,
) -> PResult<'a, Expr> {
    let (mut rest, first) = operand(input)?;
    let word = logical_operator_text(op);
    let Ok((mut after_op, first_op)) = keyword(word)(rest) else {
        return Ok((rest, first));
    };
    let mut deepest = expr_depth(&first);
    let mut operands = vec![first];
    loop {
        let (after_right, right) = require(operand(after_op), after_op, || {
            format!("expected an expression after '{word}'")
        })?;
        deepest = deepest.max(expr_depth(&right));
        operands.push(right);
        rest = after_right;
        match keyword(word)(rest) {
            Ok((after, _)) => after_op = after,
            Err(_) => break,
        }
    }
    check_depth(deepest + 1, first_op)?;
    let span = operands[0].span.to(operands[operands.len() - 1].span);
    let kind = ExprKind::Logical { op, operands };
    Ok((rest, Expr { kind, span }))
}

/// A flat chain of `or` (see [`ExprKind::Logical`]).
///
/// ```ebnf
/// or_expression ::= and_expression ("or" and_expression)*
/// ```
pub(crate) fn or_expression(input: Input<'_>) -> PResult<'_, Expr> {
    logical_chain(input, LogicalOp::Or, and_expression)
}

/// A flat chain of `and` (see [`ExprKind::Logical`]).
///
/// ```ebnf
/// and_expression ::= comparison_expression ("and" comparison_expression)*
/// ```
pub(crate) fn and_expression(input: Input<'_>) -> PResult<'_, Expr> {
    logical_chain(
        input,
        LogicalOp::And,
        super::comparison::comparison_expression,
    )
}

/// ```ebnf
/// additive_expression ::= multiplicative_expression (("+" | "-") multiplicative_expression)*
/// ```
pub(crate) fn additive_expression(input: Input<'_>) -> PResult<'_, Expr> {
    left_associative(input, Precedence::Additive, multiplicative_expression)
}

/// ```ebnf
/// multiplicative_expression ::= prefix_expression (("*" | "/" | "%") prefix_expression)*
/// ```
pub(crate) fn multiplicative_expression(input: Input<'_>) -> PResult<'_, Expr> {
    left_associative(input, Precedence::Multiplicative, prefix_expression)
}

/// Prefix signs, parsed in a loop (no recursion): `-x`, `- -x`, `+1`.
///
/// ```ebnf
/// prefix_expression ::= ("-" | "+")* postfix_expression
/// ```
pub(crate) fn prefix_expression(input: Input<'_>) -> PResult<'_, Expr> {
    let mut signs = Vec::new();
    let mut rest = input;
    loop {
        if let Ok((after, span)) = punct("-")(rest) {
            signs.push((UnaryOp::Neg, span));
            rest = after;
        } else if let Ok((after, span)) = punct("+")(rest) {
            signs.push((UnaryOp::Plus, span));
            rest = after;
        } else {
            break;
        }
    }
    let (rest, mut expr) = if let Some(&(last, _)) = signs.last() {
        let sign = if last == UnaryOp::Neg { "-" } else { "+" };
        require(postfix_expression(rest), rest, || {
            format!("expected an expression after '{sign}'")
        })?
    } else {
        postfix_expression(rest)?
    };
    if let Some(&(_, first)) = signs.first() {
        check_depth(expr_depth(&expr) + signs.len(), first)?;
    }
    for (op, span) in signs.into_iter().rev() {
        let span = span.to(expr.span);
        expr = Expr {
            kind: ExprKind::Unary {
                op,
                operand: Box::new(expr),
            },
            span,
        };
    }
    Ok((rest, expr))
}

/// A primary expression followed by calls (on a plain name only), indexes and members.
///
/// ```ebnf
/// postfix_expression ::= primary_expression (call_arguments | index_suffix | member_suffix)*
/// ```
pub(crate) fn postfix_expression(input: Input<'_>) -> PResult<'_, Expr> {
    let (mut rest, mut expr) = primary_expression(input)?;
    let mut depth = 0;
    let mut deepen = |expr: &Expr, suffix: Option<&Expr>, at: Span| {
        if depth == 0 {
            depth = expr_depth(expr);
        }
        depth = depth.max(suffix.map_or(0, expr_depth)) + 1;
        check_depth(depth, at)
    };
    loop {
        if let ExprKind::Name(ident) = &expr.kind {
            // Only a plain name can be called: `['f'](x)` is not a call.
            let plain = ident.span.end - ident.span.start == ident.name.len();
            if plain && let Ok((after_open, open)) = punct("(")(rest) {
                let name = ident.clone();
                let (after_args, args) = call_arguments(after_open, open, &name)?;
                let deepest = args.iter().max_by_key(|a| expr_depth(a));
                deepen(&expr, deepest, open)?;
                let span = span_from(expr.span.start, after_args);
                expr = Expr {
                    kind: ExprKind::Call { name, args },
                    span,
                };
                rest = after_args;
                continue;
            }
        }
        // `x[0]`, or `x.[0]`, Kusto's path form of an index (`x.['k']` is a member, below).
        if let Some((after_open, open)) = punct("[")(rest).ok().or_else(|| dot_bracket(rest)) {
            let (after_index, index) = index_suffix(after_open, open)?;
            deepen(&expr, Some(&index), open)?;
            let span = span_from(expr.span.start, after_index);
            expr = Expr {
                kind: ExprKind::Index {
                    target: Box::new(expr),
                    index: Box::new(index),
                },
                span,
            };
            rest = after_index;
            continue;
        }
        if let Ok((after_dot, dot)) = punct(".")(rest)
            && !after_dot.starts_with('.')
        {
            let (after_name, member) = member_suffix(after_dot)?;
            deepen(&expr, None, dot)?;
            let span = span_from(expr.span.start, after_name);
            expr = Expr {
                kind: ExprKind::Member {
                    target: Box::new(expr),
                    name: member,
                },
                span,
            };
            rest = after_name;
            continue;
        }
        return Ok((rest, expr));
    }
}

/// The arguments of a call, after its `(`. An argument may be `*`, all the input's columns
/// (`arg_max(t, *)`, `take_any(*)`); the planner accepts it only where the function does.
///
/// ```ebnf
/// call_arguments ::= "(" [call_argument ("," call_argument)*] ")"
/// ```
pub(crate) fn call_arguments<'a>(
    input: Input<'a>,
    open: Span,
    function: &Ident,
) -> PResult<'a, Vec<Expr>> {
    nested(input, open, |inner| {
        let mut args = Vec::new();
        if let Ok((rest, _)) = punct(")")(inner) {
            return Ok((rest, args));
        }
        let mut rest = inner;
        loop {
            let (after, arg) = require(call_argument(rest), rest, || {
                if args.is_empty() {
                    format!("expected an argument or ')' after '{}('", function.name)
                } else {
                    "expected an argument after ','".to_owned()
                }
            })?;
            args.push(arg);
            if let Ok((after_close, _)) = punct(")")(after) {
                return Ok((after_close, args));
            }
            let Ok((after_comma, _)) = punct(",")(after) else {
                return Err(expected_failure(
                    &format!(
                        "expected ',' or ')' in the arguments of '{}'",
                        function.name
                    ),
                    after,
                ));
            };
            rest = after_comma;
        }
    })
}

/// One call argument: `*` (every column, `arg_max(t, *)`), an expression, a tabular expression
/// (`toscalar(T | count)`), or a named argument `name = value` (which only user-defined
/// functions take).
///
/// ```ebnf
/// call_argument ::= "*" | [name "="] scalar_or_tabular
/// ```
fn call_argument(input: Input<'_>) -> PResult<'_, Expr> {
    if let Ok((after, span)) = punct("*")(input) {
        return Ok((
            after,
            Expr {
                kind: ExprKind::Star,
                span,
            },
        ));
    }
    if let Ok((after_name, ident)) = name(input)
        && let Ok((after_eq, _)) = punct("=")(after_name)
        && !after_eq.starts_with(['=', '~'])
    {
        let (rest, value) = require(scalar_or_tabular(after_eq), after_eq, || {
            format!("expected an argument after '{ident} ='")
        })?;
        let value = into_expr(value);
        let span = ident.span.to(value.span);
        return Ok((
            rest,
            Expr {
                kind: ExprKind::NamedArgument {
                    name: ident,
                    value: Box::new(value),
                },
                span,
            },
        ));
    }
    let (rest, value) = scalar_or_tabular(input)?;
    Ok((rest, into_expr(value)))
}

/// A call argument or `in` candidate as an expression: a pipeline becomes
/// [`ExprKind::Tabular`].
pub(crate) fn into_expr(value: Expression) -> Expr {
    match value {
        Expression::Scalar(e) => e,
        Expression::Tabular(p) => Expr {
            span: p.span,
            kind: ExprKind::Tabular(Box::new(p)),
        },
    }
}

/// An index or key in brackets, after its `[`: `x[0]`, `bag["key"]`, `arr[(-1)]`.
///
/// ```ebnf
/// index_suffix ::= "[" expression "]"
/// ```
fn index_suffix(input: Input<'_>, open: Span) -> PResult<'_, Expr> {
    nested(input, open, |inner| {
        let (rest, index) = require(expression(inner), inner, || {
            "expected an index or key after '['".to_owned()
        })?;
        let Ok((rest, _)) = punct("]")(rest) else {
            return Err(expected_failure("expected ']' to close '['", rest));
        };
        Ok((rest, index))
    })
}

/// At `.[` that opens an index (`arr.[0]`, not a bracketed name `.['k']`): the input after
/// the `[` and its span. Kept out of `postfix_expression` so that its stack frame, paid per
/// nesting level, stays small.
#[inline(never)]
fn dot_bracket(input: Input<'_>) -> Option<(Input<'_>, Span)> {
    let (after_dot, _) = punct(".")(input).ok()?;
    if !after_dot.starts_with('[')
        || !matches!(
            super::lexical::bracketed_name(after_dot),
            Err(nom::Err::Error(_))
        )
    {
        return None;
    }
    punct("[")(after_dot).ok()
}

/// A member name after `.`: `bag.key`, or any key in brackets: `bag.['a b']` (Kusto's path
/// syntax, the same as `bag['a b']`); an index after `.` (`arr.[0]`) is read as the index
/// `arr[0]` by `postfix_expression`.
///
/// ```ebnf
/// member_suffix ::= "." (word | bracketed_name | index_suffix)
/// ```
fn member_suffix(input: Input<'_>) -> PResult<'_, Ident> {
    if input.starts_with(char::is_whitespace) {
        return Err(expected_failure("expected a name right after '.'", input));
    }
    match word(input) {
        Ok((rest, (text, span))) => Ok((
            rest,
            Ident {
                name: text.to_owned(),
                span,
            },
        )),
        Err(_) => match super::lexical::bracketed_name(input) {
            Ok(ok) => Ok(ok),
            Err(nom::Err::Error(_)) => Err(expected_failure(
                "expected a name after '.', or a key in brackets such as ['key']",
                input,
            )),
            Err(e) => Err(e),
        },
    }
}

/// A literal, a parenthesised expression, or a name.
///
/// ```ebnf
/// primary_expression ::= literal | paren_expression | name
/// ```
pub(crate) fn primary_expression(input: Input<'_>) -> PResult<'_, Expr> {
    match literal(input) {
        Ok((rest, (value, span))) => {
            return Ok((
                rest,
                Expr {
                    kind: ExprKind::Literal(value),
                    span,
                },
            ));
        }
        Err(nom::Err::Error(_)) => {}
        Err(e) => return Err(e),
    }
    if let Ok((after_open, open)) = punct("(")(input) {
        return paren_expression(after_open, open);
    }
    match name(input) {
        Ok((rest, ident)) => {
            let span = ident.span;
            Ok((
                rest,
                Expr {
                    kind: ExprKind::Name(ident),
                    span,
                },
            ))
        }
        Err(nom::Err::Error(_)) => backtrack(ws(input)?.0),
        Err(e) => Err(e),
    }
}

/// An expression in parentheses, after its `(`; kept as a node so `Display` keeps the grouping.
///
/// ```ebnf
/// paren_expression ::= "(" expression ")"
/// ```
fn paren_expression(input: Input<'_>, open: Span) -> PResult<'_, Expr> {
    nested(input, open, |inner| {
        let (rest, expr) = require(expression(inner), inner, || {
            "expected an expression after '('".to_owned()
        })?;
        let Ok((rest, close)) = punct(")")(rest) else {
            if let Ok((_, comma)) = punct(",")(rest) {
                return Err(syntax_failure(
                    "expected ')' to close '(', found ','; tuples are not expressions",
                    comma,
                ));
            }
            if let Ok((after_eq, eq)) = punct("=")(rest)
                && !after_eq.starts_with(['=', '~'])
            {
                return Err(nom::Err::Failure(SyntaxError::new(
                    Diagnostic::syntax("expected ')' to close '(', found '='", eq)
                        .with_help("compare with '==', not '='"),
                )));
            }
            return Err(expected_failure("expected ')' to close '('", rest));
        };
        Ok((
            rest,
            Expr {
                kind: ExprKind::Paren(Box::new(expr)),
                span: open.to(close),
            },
        ))
    })
}

#[cfg(test)]
mod tests {
    use crate::DiagnosticKind::Syntax;
    use crate::testing::{assert_error, assert_round_trip, tree};

    #[test]
    fn precedence_of_logical_operators() {
        assert_eq!(tree("a or b and c"), "(or a (and b c))");
        assert_eq!(tree("a and b or c"), "(or (and a b) c)");
        assert_eq!(tree("a or b or c"), "(or a b c)");
        assert_eq!(tree("a or b and c or d"), "(or a (and b c) d)");
        assert_eq!(tree("a and b and c or d"), "(or (and a b c) d)");
        assert_eq!(tree("(a or b) or c"), "(or (paren (or a b)) c)");
        assert_eq!(tree("x == 1 or y"), "(or (== x Long(1)) y)");
        assert_eq!(
            tree("x == 1 and y < 2"),
            "(and (== x Long(1)) (< y Long(2)))"
        );
        assert_eq!(tree("(a or b) and c"), "(and (paren (or a b)) c)");
    }

    #[test]
    fn precedence_of_arithmetic() {
        assert_eq!(tree("-x * y"), "(* (- x) y)");
        assert_eq!(tree("a + b * c"), "(+ a (* b c))");
        assert_eq!(tree("a * b + c"), "(+ (* a b) c)");
        assert_eq!(tree("a - b - c"), "(- (- a b) c)");
        assert_eq!(tree("a / b % c"), "(% (/ a b) c)");
        assert_eq!(tree("a + b > c * d"), "(> (+ a b) (* c d))");
        assert_eq!(tree("- -x"), "(- (- x))");
        assert_eq!(tree("+1"), "(+ Long(1))");
        assert_eq!(tree("a-1"), "(- a Long(1))");
    }

    #[test]
    fn postfix_calls_indexes_and_members() {
        assert_eq!(tree("f(a, b)"), "(call f a b)");
        assert_eq!(tree("not(x)"), "(call not x)");
        assert_eq!(tree("count() > 1"), "(> (call count ) Long(1))");
        assert_eq!(tree("x[0]"), "(index x Long(0))");
        assert_eq!(tree(r#"x["k"]"#), r#"(index x "k")"#);
        assert_eq!(tree("x['k']"), r#"(index x "k")"#);
        assert_eq!(tree("x[(-1)]"), "(index x (paren (- Long(1))))");
        assert_eq!(tree("x.name"), "(. x name)");
        assert_eq!(
            tree("split(s, '/')[8].a"),
            r#"(. (index (call split s "/") Long(8)) a)"#
        );
        assert_eq!(tree("['a b'].c"), "(. a b c)");
        assert_eq!(tree("d.['a b'].c"), "(. (. d a b) c)");
        assert_eq!(tree("d.[0].c"), "(. (index d Long(0)) c)");
        // Kusto's lexer reads a digit-led word that is no number as a name.
        assert_eq!(tree("90th_Percentile + 4xx"), "(+ 90th_Percentile 4xx)");
        assert_eq!(tree("2d + 1e3"), "(+ TimeSpan(1728000000000) Real(1000.0))");
        assert_eq!(tree("-x.y"), "(- (. x y))");
    }

    #[test]
    fn literals_in_expressions() {
        assert_eq!(tree("x > 1.5"), "(> x Real(1.5))");
        assert_eq!(tree("x == true"), "(== x Bool(true))");
        assert_eq!(
            tree("t > ago(90m)"),
            "(> t (call ago TimeSpan(54000000000)))"
        );
        assert_eq!(
            tree("t > datetime(1970-01-02)"),
            "(> t DateTime(864000000000))"
        );
        assert_eq!(tree("x == long(null)"), "(== x Null(Long))");
    }

    #[test]
    fn expression_errors_point_at_the_fault() {
        assert_error(
            "T | where x > «)»",
            Syntax,
            "expected an expression after '>'",
        );
        assert_error(
            "T | where x and «»",
            Syntax,
            "expected an expression after 'and', found end of query",
        );
        assert_error(
            "T | where (x «|» take 1",
            Syntax,
            "expected ')' to close '('",
        );
        assert_error(
            "T | where f(x «y»)",
            Syntax,
            "expected ',' or ')' in the arguments of 'f'",
        );
        assert_error(
            "T | where f(x, «)»",
            Syntax,
            "expected an argument after ','",
        );
        assert_error(
            "T | where x[«]»",
            Syntax,
            "expected an index or key after '['",
        );
        assert_error("T | where x[0 «|»", Syntax, "expected ']' to close '['");
        assert_error("T | where x.«1»", Syntax, "expected a name after '.'");
        assert_error(
            "T | where x in «1»",
            Syntax,
            "expected '(' and a list of values after 'in'",
        );
        assert_error(
            "T | where x in (1, «)»",
            Syntax,
            "expected a value after ','",
        );
        assert_error(
            "T | where x between (1 «,» 2)",
            Syntax,
            "expected '..' between the bounds of 'between'",
        );
        assert_error(
            "T | where a < b «<» c",
            Syntax,
            "'<' cannot follow '<' without parentheses",
        );
        assert_error(
            "T | where a == b «has» c",
            Syntax,
            "'has' cannot follow '=='",
        );
        assert_error("T | where (a«,» b)", Syntax, "tuples are not expressions");
        assert_error(
            "T | where - «)»",
            Syntax,
            "expected an expression after '-'",
        );
        assert_error(
            "T | where x == dynamic([1, «}»])",
            Syntax,
            "expected a value inside dynamic(…)",
        );
    }

    #[test]
    fn expressions_round_trip() {
        for text in [
            "T | where a or b and c",
            "T | where (a or b) and c",
            "T | where -x * y",
            "T | summarize arg_max(t, *), take_any(*, a)",
            "T | where a - (b - c)",
            "T | where - -x",
            "T | where x !in~ (\"a\", \"b\") or y !between (1 .. 2)",
            "T | where s !hasprefix_cs \"x\" and s matches regex \"a+\"",
            "T | where x[(-1)] == y.z",
            "T | extend a = tostring(split(s, \"/\")[8])",
        ] {
            assert_eq!(assert_round_trip(text), text);
        }
    }
}
