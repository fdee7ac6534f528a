//! `Display` for queries, names, expressions and literals: canonical single-line KQL.
//!
//! Parsing the printed text gives the same AST (spans aside); printing that again gives the same
//! text. Operators print in their own files (`operator/*.rs`). Conventions:
//!
//! - operators joined by ` | `; binary operators surrounded by one space; `, ` between items;
//! - names that are not `[A-Za-z_][A-Za-z0-9_]*`, or are keywords, print as `['…']`;
//! - strings print as `"…"` with `\\`, `\"`, `\n`, `\r`, `\t` and `\uXXXX` (other controls);
//! - longs in decimal, reals in Rust's shortest round-trip form (`1.0`, `1e20`), negative
//!   numbers and non-finite reals as typed literals (`long(-1)`, `real(-inf)`, `real(nan)`);
//! - datetimes as `datetime(2014-05-25T08:20:03.1234560Z)`; timespans as in
//!   `crate::time::format_timespan` (`5d`, `90m`, `100ms`, `time(1.02:03:04.5000000)`);
//! - parentheses exactly where the tree has `Paren` nodes, plus any a hand-built tree needs
//!   for its structure to survive re-parsing.

use crate::KqlType;
use crate::ast::{
    BinaryOp, DynamicValue, Expr, ExprKind, Ident, Literal, Pipeline, Query, Source, StringOp,
    StringOpKind, UnaryOp,
};
use crate::parser::comparison::string_operator_word;
use crate::parser::expr::{
    Precedence, binary_operator_text, binary_precedence, expr_precedence, logical_operator_text,
    logical_precedence,
};
use crate::parser::lexical::{is_keyword, is_plain_identifier};
use crate::time::{format_datetime, format_timespan};
use std::fmt::{self, Write as _};

/// The whole query on one line: `let n = 5; T | where x > n | take 10`.
impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for statement in &self.statements {
            write!(f, "{statement}; ")?;
        }
        write!(f, "{}", self.body)
    }
}

/// `source | op | op`.
impl fmt::Display for Pipeline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source)?;
        for operator in &self.operators {
            write!(f, " | {operator}")?;
        }
        Ok(())
    }
}

/// The table name, `print …`, `datatable(…) […]`, `union …`, `externaldata(…) […]`, `range …`,
/// `(…)` or `f(…)`.
impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Table(name) => write!(f, "{name}"),
            Source::Print(print) => write!(f, "{print}"),
            Source::Datatable(datatable) => write!(f, "{datatable}"),
            Source::Union(union) => write!(f, "{union}"),
            Source::Search(search) => write!(f, "{search}"),
            Source::Externaldata(externaldata) => write!(f, "{externaldata}"),
            Source::Range(range) => write!(f, "{range}"),
            Source::Paren(pipeline) => write!(f, "({pipeline})"),
            Source::Call(call) => {
                write!(f, "{}(", call.name.name)?;
                write_exprs(f, &call.args)?;
                f.write_str(")")
            }
            Source::Workspace(table) => {
                f.write_str("workspace(")?;
                write_quoted(f, &table.workspace, '"')?;
                write!(f, ").{}", table.table)
            }
        }
    }
}

/// `Name`, or `['Event Type']` when the name needs brackets.
impl fmt::Display for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if is_plain_identifier(&self.name) && !is_keyword(&self.name) {
            f.write_str(&self.name)
        } else {
            f.write_str("[")?;
            write_quoted(f, &self.name, '\'')?;
            f.write_str("]")
        }
    }
}

/// Writes `text` as a quoted string literal using `quote`.
fn write_quoted(f: &mut fmt::Formatter<'_>, text: &str, quote: char) -> fmt::Result {
    f.write_char(quote)?;
    for c in text.chars() {
        match c {
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            c if c == quote => write!(f, "\\{c}")?,
            c if c.is_control() => {
                let mut units = [0_u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(f, "\\u{unit:04x}")?;
                }
            }
            c => f.write_char(c)?,
        }
    }
    f.write_char(quote)
}

/// Writes `expr`, in parentheses if it binds more loosely than `context` requires.
fn write_operand(f: &mut fmt::Formatter<'_>, expr: &Expr, context: Precedence) -> fmt::Result {
    if expr_precedence(&expr.kind) < context {
        write!(f, "({expr})")
    } else {
        write!(f, "{expr}")
    }
}

/// The next level up, for operands that must bind tighter than their operator.
fn tighter(level: Precedence) -> Precedence {
    match level {
        Precedence::Or => Precedence::And,
        Precedence::And => Precedence::Comparison,
        Precedence::Comparison => Precedence::Additive,
        Precedence::Additive => Precedence::Multiplicative,
        Precedence::Multiplicative => Precedence::Prefix,
        Precedence::Prefix | Precedence::Postfix => Precedence::Postfix,
    }
}

/// The expression as canonical KQL.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.kind)
    }
}

/// See [`Expr`]'s `Display`.
impl fmt::Display for ExprKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExprKind::Literal(value) => write!(f, "{value}"),
            ExprKind::Name(name) => write!(f, "{name}"),
            ExprKind::Call { name, args } => {
                // Calls are parsed from plain names only, so the name prints as written.
                write!(f, "{}(", name.name)?;
                write_exprs(f, args)?;
                f.write_str(")")
            }
            ExprKind::Logical { op, operands } => {
                // Every operand binds tighter: a chain inside a chain of the same operator
                // keeps its parentheses, or it would re-parse as one longer chain.
                let level = tighter(logical_precedence(*op));
                for (i, operand) in operands.iter().enumerate() {
                    if i > 0 {
                        write!(f, " {} ", logical_operator_text(*op))?;
                    }
                    write_operand(f, operand, level)?;
                }
                Ok(())
            }
            ExprKind::Binary { op, left, right } => {
                let level = binary_precedence(*op);
                // Left-associative levels accept their own level on the left; comparisons
                // are non-associative and need tighter operands on both sides.
                let left_level = if level == Precedence::Comparison {
                    tighter(level)
                } else {
                    level
                };
                write_operand(f, left, left_level)?;
                write!(f, " {op} ")?;
                write_operand(f, right, tighter(level))
            }
            ExprKind::Unary { op, operand } => {
                write!(f, "{op}")?;
                if matches!(operand.kind, ExprKind::Unary { .. }) {
                    // `- -x`, not `--x`.
                    f.write_str(" ")?;
                }
                write_operand(f, operand, Precedence::Prefix)
            }
            ExprKind::In {
                target,
                items,
                negated,
                case_insensitive,
            } => {
                write_operand(f, target, Precedence::Additive)?;
                let bang = if *negated { "!" } else { "" };
                let tilde = if *case_insensitive { "~" } else { "" };
                write!(f, " {bang}in{tilde} (")?;
                write_exprs(f, items)?;
                f.write_str(")")
            }
            ExprKind::HasAny { target, items, all } => {
                write_operand(f, target, Precedence::Additive)?;
                write!(f, " {} (", if *all { "has_all" } else { "has_any" })?;
                write_exprs(f, items)?;
                f.write_str(")")
            }
            ExprKind::Between {
                target,
                low,
                high,
                negated,
            } => {
                write_operand(f, target, Precedence::Additive)?;
                let bang = if *negated { "!" } else { "" };
                write!(f, " {bang}between ({low} .. {high})")
            }
            ExprKind::Index { target, index } => {
                write_operand(f, target, Precedence::Postfix)?;
                write!(f, "[{index}]")
            }
            ExprKind::Member { target, name } => {
                write_operand(f, target, Precedence::Postfix)?;
                if is_plain_identifier(&name.name) {
                    write!(f, ".{}", name.name)
                } else {
                    write!(f, ".{name}")
                }
            }
            ExprKind::Paren(inner) => write!(f, "({inner})"),
            ExprKind::Star => f.write_str("*"),
            ExprKind::NamedArgument { name, value } => write!(f, "{name} = {value}"),
            ExprKind::Tabular(pipeline) => write!(f, "{pipeline}"),
        }
    }
}

fn write_exprs(f: &mut fmt::Formatter<'_>, exprs: &[Expr]) -> fmt::Result {
    for (i, expr) in exprs.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{expr}")?;
    }
    Ok(())
}

/// The operator symbol or words: `==`, `and`, `!has_cs`, `matches regex`.
impl fmt::Display for BinaryOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BinaryOp::String(op) => write!(f, "{op}"),
            op => f.write_str(binary_operator_text(*op).unwrap_or("?")),
        }
    }
}

/// `has`, `!has_cs`, `matches regex`, …
impl fmt::Display for StringOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.kind == StringOpKind::MatchesRegex {
            return f.write_str("matches regex");
        }
        let bang = if self.negated { "!" } else { "" };
        let cs = if self.case_sensitive { "_cs" } else { "" };
        write!(f, "{bang}{}{cs}", self.kind)
    }
}

/// The operator word without `!` or `_cs`: `has`, `contains`, `matches regex`.
impl fmt::Display for StringOpKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(string_operator_word(*self))
    }
}

/// `-` / `+`.
impl fmt::Display for UnaryOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UnaryOp::Neg => "-",
            UnaryOp::Plus => "+",
        })
    }
}

/// The literal in a form that parses back to the same value (see the module doc).
impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::String(text) => write_quoted(f, text, '"'),
            Literal::Long(v) if *v < 0 => write!(f, "long({v})"),
            Literal::Long(v) => write!(f, "{v}"),
            Literal::Int(v) => write!(f, "int({v})"),
            Literal::Real(v) if v.is_nan() => f.write_str("real(nan)"),
            Literal::Real(v) if v.is_infinite() => {
                f.write_str(if *v > 0.0 { "real(+inf)" } else { "real(-inf)" })
            }
            Literal::Real(v) if v.is_sign_negative() => write!(f, "real({v:?})"),
            Literal::Real(v) => write!(f, "{v:?}"),
            Literal::Bool(v) => write!(f, "{v}"),
            Literal::DateTime(ticks) => write!(f, "datetime({})", format_datetime(*ticks)),
            Literal::TimeSpan(ticks) => f.write_str(&format_timespan(*ticks)),
            Literal::Decimal(text) => write!(f, "decimal({text})"),
            Literal::Guid(text) => write!(f, "guid({text})"),
            Literal::Null(ty) => write!(f, "{ty}(null)"),
            Literal::Dynamic(value) => write!(f, "dynamic({value})"),
        }
    }
}

/// JSON-like text with KQL literals as scalars: `[1, "a", {"t": datetime(…)}]`.
impl fmt::Display for DynamicValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DynamicValue::Scalar(Literal::Null(KqlType::Dynamic)) => f.write_str("null"),
            DynamicValue::Scalar(value) => write!(f, "{value}"),
            DynamicValue::Array(items) => {
                f.write_char('[')?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_char(']')
            }
            DynamicValue::Bag(entries) => {
                f.write_char('{')?;
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write_quoted(f, key, '"')?;
                    write!(f, ": {value}")?;
                }
                f.write_char('}')
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ast::{BinaryOp, Expr, ExprKind, Ident, Literal, LogicalOp, UnaryOp};
    use crate::testing::assert_round_trip;
    use crate::{KqlType, Span};

    fn name(text: &str) -> Expr {
        Expr {
            kind: ExprKind::Name(Ident {
                name: text.to_owned(),
                span: Span::default(),
            }),
            span: Span::default(),
        }
    }

    fn logical(op: LogicalOp, operands: Vec<Expr>) -> Expr {
        Expr {
            kind: ExprKind::Logical { op, operands },
            span: Span::default(),
        }
    }

    fn bin(op: BinaryOp, left: Expr, right: Expr) -> Expr {
        Expr {
            kind: ExprKind::Binary {
                op,
                left: Box::new(left),
                right: Box::new(right),
            },
            span: Span::default(),
        }
    }

    #[test]
    fn literals_print_canonically() {
        let cases: &[(Literal, &str)] = &[
            (
                Literal::String("a\"b\\c\nd\te\u{1}é".into()),
                r#""a\"b\\c\nd\te\u0001é""#,
            ),
            (Literal::Long(15), "15"),
            (Literal::Long(-1), "long(-1)"),
            (Literal::Int(2), "int(2)"),
            (Literal::Int(-2), "int(-2)"),
            (Literal::Real(1.0), "1.0"),
            (Literal::Real(1.5), "1.5"),
            (Literal::Real(1e20), "1e20"),
            (Literal::Real(1e-7), "1e-7"),
            (Literal::Real(-2.5), "real(-2.5)"),
            (Literal::Real(f64::NAN), "real(nan)"),
            (Literal::Real(f64::INFINITY), "real(+inf)"),
            (Literal::Real(f64::NEG_INFINITY), "real(-inf)"),
            (Literal::Bool(false), "false"),
            (
                Literal::DateTime(14_010_060_031_234_560),
                "datetime(2014-05-25T08:20:03.1234560Z)",
            ),
            (Literal::TimeSpan(54_000_000_000), "90m"),
            (Literal::Null(KqlType::TimeSpan), "timespan(null)"),
            (Literal::Null(KqlType::Real), "real(null)"),
            (Literal::Null(KqlType::Dynamic), "dynamic(null)"),
            (Literal::Decimal("-0.5".into()), "decimal(-0.5)"),
            (
                Literal::Guid("74be27de-1e4e-49d9-b579-fe0b331d3642".into()),
                "guid(74be27de-1e4e-49d9-b579-fe0b331d3642)",
            ),
        ];
        for (literal, text) in cases {
            assert_eq!(literal.to_string(), *text);
            assert_round_trip(&format!("T | where x == {text}"));
        }
    }

    #[test]
    fn names_are_bracketed_when_needed() {
        let ident = |n: &str| Ident {
            name: n.to_owned(),
            span: Span::default(),
        };
        assert_eq!(ident("TimeGenerated").to_string(), "TimeGenerated");
        assert_eq!(ident("Event Type").to_string(), "['Event Type']");
        assert_eq!(ident("where").to_string(), "['where']");
        assert_eq!(ident("1day").to_string(), "['1day']");
        assert_eq!(ident("it's").to_string(), r"['it\'s']");
        assert_eq!(ident("a-b").to_string(), "['a-b']");
        for text in [
            "['My Table'] | project ['Event Type'], ['where'], n, ['by'], ['it\\'s']",
            "T | summarize ['count'] = count() by ['a.b']",
        ] {
            assert_eq!(assert_round_trip(text), text);
        }
    }

    #[test]
    fn hand_built_trees_get_the_parentheses_they_need() {
        // (a or b) and c, built without a Paren node.
        let tree = logical(
            LogicalOp::And,
            vec![
                logical(LogicalOp::Or, vec![name("a"), name("b")]),
                name("c"),
            ],
        );
        assert_eq!(tree.to_string(), "(a or b) and c");
        // a or (b or c) or d: a chain inside a chain keeps its parentheses.
        let tree = logical(
            LogicalOp::Or,
            vec![
                name("a"),
                logical(LogicalOp::Or, vec![name("b"), name("c")]),
                name("d"),
            ],
        );
        assert_eq!(tree.to_string(), "a or (b or c) or d");
        // a and b or c: and binds tighter.
        let tree = logical(
            LogicalOp::Or,
            vec![
                logical(LogicalOp::And, vec![name("a"), name("b")]),
                name("c"),
            ],
        );
        assert_eq!(tree.to_string(), "a and b or c");
        // a - (b - c)
        let tree = bin(
            BinaryOp::Sub,
            name("a"),
            bin(BinaryOp::Sub, name("b"), name("c")),
        );
        assert_eq!(tree.to_string(), "a - (b - c)");
        // (a - b) - c needs none.
        let tree = bin(
            BinaryOp::Sub,
            bin(BinaryOp::Sub, name("a"), name("b")),
            name("c"),
        );
        assert_eq!(tree.to_string(), "a - b - c");
        // (a < b) == c: comparisons do not chain.
        let tree = bin(
            BinaryOp::Eq,
            bin(BinaryOp::Lt, name("a"), name("b")),
            name("c"),
        );
        assert_eq!(tree.to_string(), "(a < b) == c");
        // -(a + b)
        let tree = Expr {
            kind: ExprKind::Unary {
                op: UnaryOp::Neg,
                operand: Box::new(bin(BinaryOp::Add, name("a"), name("b"))),
            },
            span: Span::default(),
        };
        assert_eq!(tree.to_string(), "-(a + b)");
    }

    #[test]
    fn operator_aliases_print_canonical_names() {
        assert_eq!(
            assert_round_trip("T|filter x>1|limit 5|order by x asc|project a,b=c"),
            "T | where x > 1 | take 5 | sort by x asc | project a, b = c"
        );
    }
}
