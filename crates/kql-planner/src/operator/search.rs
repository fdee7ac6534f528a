//! `search`: the rows in which a term is found. The source form is `union withsource=$table`
//! over the tables of `in (…)` (or every table with exports under `--data`) followed by the
//! search predicate as a `where`; the operator form is the same over its input alone (`$table`
//! is the input's table when it reads one, else `union_arg0`, as `union withsource=` names a
//! leg).
//!
//! The predicate is rewritten into an ordinary KQL predicate over the input's columns, as
//! search-operator.md's table of equivalent `where`s reads: a bare term is `has` (`hasprefix`
//! for `term*`, `hassuffix` for `*term`, `contains` for `*term*`, `matches regex
//! @"\bte.*rm\b"` for a `*` inside) in any **string or dynamic** column, `Col:"term"` the same
//! in one column (of any type, as its text), `* has "x"` the operator over those columns, `*`
//! alone is true. `kind=case_sensitive` makes these term tests case-sensitive (`has_cs`, …); comparisons
//! written out (`Col == "x"`) keep their own case rules.

use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation};
use crate::scope::{Column, lookup};
use kql_syntax::ast::{
    BinaryOp, Expr, ExprKind, Ident, Literal, LogicalOp, Search, SearchPredicate, StringOp,
    StringOpKind, Union, UnionLeg, Where,
};
use kql_syntax::{Diagnostic, KqlType, Span};

/// The column `search` adds when it reads tables: the table each row came from.
const TABLE_COLUMN: &str = "$table";

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `search`: over `input` (the operator form) or over tables (the source form).
    pub(crate) fn search_to_plan(
        &self,
        search: &Search,
        input: Option<Relation>,
    ) -> Result<Relation, Diagnostic> {
        let relation = match input {
            // The operator form adds `$table` too (search-operator.md: "the output always
            // includes a column called $table"): the input's one table, else `union_arg0`; an
            // input that has `$table` already (a search after a search) keeps it.
            Some(relation) if relation.columns.iter().any(|c| c.name == TABLE_COLUMN) => relation,
            Some(relation) => {
                let union = Union {
                    kind: None,
                    with_source: Some(Ident {
                        name: TABLE_COLUMN.to_owned(),
                        span: search.span,
                    }),
                    is_fuzzy: None,
                    hints: Vec::new(),
                    legs: Vec::new(),
                    span: search.span,
                };
                self.union_to_plan(&union, Some(relation))?
            }
            None => {
                let legs = match &search.tables {
                    Some(legs) => legs.clone(),
                    None => {
                        if self.catalog.tables_with_rows().is_empty() {
                            return Err(Diagnostic::semantic(
                                "search without 'in (…)' reads every table with exports, and \
                                 there are none",
                                search.span,
                            )
                            .with_help(
                                "give exports with --data, or name tables: search in (T, U*) \"term\"",
                            ));
                        }
                        vec![UnionLeg::Wildcard {
                            pattern: "*".to_owned(),
                            span: search.span,
                        }]
                    }
                };
                let union = Union {
                    kind: None,
                    with_source: Some(Ident {
                        name: TABLE_COLUMN.to_owned(),
                        span: search.span,
                    }),
                    is_fuzzy: None,
                    hints: Vec::new(),
                    legs,
                    span: search.span,
                };
                self.union_to_plan(&union, None)?
            }
        };
        let predicate = rewrite(&search.predicate, &relation.columns, search.case_sensitive)?;
        self.where_to_plan(&Where { predicate }, relation)
    }
}

/// The search predicate as an ordinary predicate over `columns`.
fn rewrite(
    predicate: &SearchPredicate,
    columns: &[Column],
    case_sensitive: bool,
) -> Result<Expr, Diagnostic> {
    let span = predicate.span();
    let expr = |kind| Expr { kind, span };
    Ok(match predicate {
        SearchPredicate::Term { text, span } => {
            let targets = searched_columns(columns, *span);
            term_test(text, targets, case_sensitive, *span)
        }
        SearchPredicate::ColumnTerm { column, text, span } => {
            let found = lookup(columns, &column.name, column.span)?;
            let mut target = Expr {
                kind: ExprKind::Name(column.clone()),
                span: column.span,
            };
            // A column named explicitly is searched whatever its type, as its text.
            if !matches!(found.kql_type, KqlType::String | KqlType::Dynamic) {
                target = Expr {
                    kind: ExprKind::Call {
                        name: Ident {
                            name: "tostring".to_owned(),
                            span: column.span,
                        },
                        args: vec![target],
                    },
                    span: column.span,
                };
            }
            term_test(text, vec![target], case_sensitive, *span)
        }
        SearchPredicate::AnyColumn { op, value, span } => {
            let op = StringOp {
                case_sensitive: op.case_sensitive || case_sensitive,
                ..*op
            };
            let tests = searched_columns(columns, *span)
                .into_iter()
                .map(|target| string_test(op, target, value, *span))
                .collect();
            any_of(tests, *span)
        }
        SearchPredicate::All(span) => Expr {
            kind: ExprKind::Literal(Literal::Bool(true)),
            span: *span,
        },
        SearchPredicate::Expr(e) => e.clone(),
        SearchPredicate::And(items) | SearchPredicate::Or(items) => {
            let op = if matches!(predicate, SearchPredicate::And(_)) {
                LogicalOp::And
            } else {
                LogicalOp::Or
            };
            let operands = items
                .iter()
                .map(|item| rewrite(item, columns, case_sensitive).map(paren))
                .collect::<Result<_, _>>()?;
            expr(ExprKind::Logical { op, operands })
        }
        SearchPredicate::Not(inner, _) => expr(ExprKind::Call {
            name: Ident {
                name: "not".to_owned(),
                span,
            },
            args: vec![rewrite(inner, columns, case_sensitive)?],
        }),
        SearchPredicate::Paren(inner, _) => expr(ExprKind::Paren(Box::new(rewrite(
            inner,
            columns,
            case_sensitive,
        )?))),
    })
}

/// `e` in parentheses (so that an `or` inside an `and` stays one operand).
fn paren(e: Expr) -> Expr {
    let span = e.span;
    Expr {
        kind: ExprKind::Paren(Box::new(e)),
        span,
    }
}

/// The columns a term is looked for in: the string and dynamic ones, but not `$table`.
fn searched_columns(columns: &[Column], span: Span) -> Vec<Expr> {
    columns
        .iter()
        .filter(|c| {
            matches!(c.kql_type, KqlType::String | KqlType::Dynamic) && c.name != TABLE_COLUMN
        })
        .map(|c| Expr {
            kind: ExprKind::Name(Ident {
                name: c.name.clone(),
                span,
            }),
            span,
        })
        .collect()
}

/// The test of one term over `targets`, any of which may hold it: the operator its `*`s pick.
fn term_test(text: &str, targets: Vec<Expr>, case_sensitive: bool, span: Span) -> Expr {
    let leading = text.starts_with('*');
    let trailing = text.len() > 1 && text.ends_with('*');
    let core = text.trim_matches('*');
    if core.is_empty() {
        return Expr {
            kind: ExprKind::Literal(Literal::Bool(!text.is_empty())),
            span,
        };
    }
    let (kind, value) = if core.contains('*') {
        let mut pattern = String::new();
        if !case_sensitive {
            pattern.push_str("(?i)");
        }
        if !leading {
            pattern.push_str(r"\b");
        }
        let parts: Vec<String> = core.split('*').map(regex_escape).collect();
        pattern.push_str(&parts.join(".*"));
        if !trailing {
            pattern.push_str(r"\b");
        }
        (StringOpKind::MatchesRegex, pattern)
    } else {
        let kind = match (leading, trailing) {
            (false, false) => StringOpKind::Has,
            (true, false) => StringOpKind::HasSuffix,
            (false, true) => StringOpKind::HasPrefix,
            (true, true) => StringOpKind::Contains,
        };
        (kind, core.to_owned())
    };
    let op = StringOp {
        kind,
        negated: false,
        case_sensitive: case_sensitive && kind != StringOpKind::MatchesRegex,
    };
    let tests = targets
        .into_iter()
        .map(|target| string_test(op, target, &value, span))
        .collect();
    any_of(tests, span)
}

/// `target op "value"`.
fn string_test(op: StringOp, target: Expr, value: &str, span: Span) -> Expr {
    Expr {
        kind: ExprKind::Binary {
            op: BinaryOp::String(op),
            left: Box::new(target),
            right: Box::new(Expr {
                kind: ExprKind::Literal(Literal::String(value.to_owned())),
                span,
            }),
        },
        span,
    }
}

/// `a or b or …`; `false` when there is nothing to test.
fn any_of(mut tests: Vec<Expr>, span: Span) -> Expr {
    match tests.len() {
        0 => Expr {
            kind: ExprKind::Literal(Literal::Bool(false)),
            span,
        },
        1 => tests.pop().expect("one test"),
        _ => Expr {
            kind: ExprKind::Logical {
                op: LogicalOp::Or,
                operands: tests,
            },
            span,
        },
    }
}

/// `text` with the regex metacharacters escaped.
fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
