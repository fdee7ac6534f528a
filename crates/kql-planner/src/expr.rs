//! Scalar expressions: AST → typed DataFusion `Expr`, with KQL's type and null rules.
//!
//! Kusto rules that a naive translation gets wrong (`kql-semantics.md` §2–§4, §10):
//! - `==` with one null operand is `false` and `!=` is `true` (SQL gives NULL for both, so
//!   `where v != 1` would drop rows Kusto keeps); two nulls give null.
//! - `int + int` is a `long`; `%` is never negative (`-14 % 12` is `10`).
//! - `datetime - datetime` is a `timespan`; `timespan / timespan` is a `real`.
//! - `contains`, `startswith`, `endswith` are case-insensitive unless `_cs`.

use crate::catalog::PlanCatalog;
use crate::evaluate::InCandidates;
use crate::planner::{KqlToPlan, internal};
use crate::scope::{Column, suggest};
use datafusion::common::ScalarValue;
use datafusion::functions::core::expr_fn::coalesce;
use datafusion::functions::string::expr_fn::lower;
use datafusion::logical_expr::{Expr, lit, when};
use kql_functions::types::{UTC, kql_to_arrow};
use kql_functions::{FunctionError, FunctionKind, TypedExpr};
use kql_syntax::ast::{self, BinaryOp, ExprKind, Literal, UnaryOp};
use kql_syntax::{Diagnostic, KqlType, Span};

/// The null of `ty`'s Arrow layout.
fn typed_null(ty: KqlType) -> Result<ScalarValue, Diagnostic> {
    ScalarValue::try_from(&kql_to_arrow(ty)).map_err(internal)
}

/// A literal's value.
pub(crate) fn literal_to_df(literal: &Literal, span: Span) -> Result<TypedExpr, Diagnostic> {
    let out_of_range = || {
        Diagnostic::unsupported("a datetime outside 1677-09-21 … 2262-04-11", span).with_note(
            "kqlake stores datetimes as 64-bit nanoseconds; Kusto's range is years 1 to 9999",
        )
    };
    Ok(match literal {
        Literal::String(s) => TypedExpr::new(lit(s.as_str()), KqlType::String),
        Literal::Long(v) => TypedExpr::new(lit(*v), KqlType::Long),
        Literal::Int(v) => TypedExpr::new(lit(*v), KqlType::Int),
        Literal::Real(v) => TypedExpr::new(lit(*v), KqlType::Real),
        Literal::Bool(v) => TypedExpr::new(lit(*v), KqlType::Bool),
        Literal::DateTime(ticks) => {
            let nanos = ticks.checked_mul(100).ok_or_else(out_of_range)?;
            TypedExpr::new(
                lit(ScalarValue::TimestampNanosecond(
                    Some(nanos),
                    Some(UTC.into()),
                )),
                KqlType::DateTime,
            )
        }
        Literal::TimeSpan(ticks) => {
            let nanos = ticks.checked_mul(100).ok_or_else(|| {
                Diagnostic::unsupported("a timespan longer than about 292 years", span)
            })?;
            TypedExpr::new(
                lit(ScalarValue::DurationNanosecond(Some(nanos))),
                KqlType::TimeSpan,
            )
        }
        Literal::Dynamic(value) => {
            let mut json = String::new();
            kql_functions::json::push_dynamic_literal(&mut json, value)
                .map_err(|what| Diagnostic::unsupported(what, span))?;
            TypedExpr::new(lit(json), KqlType::Dynamic)
        }
        Literal::Decimal(text) => TypedExpr::new(
            lit(kql_functions::decimal::literal(text).ok_or_else(|| {
                Diagnostic::unsupported("a decimal of 10^20 or more", span).with_note(
                    "kqlake stores decimals with 18 digits after the point and 20 before it",
                )
            })?),
            KqlType::Decimal,
        ),
        Literal::Guid(text) => TypedExpr::new(lit(text.as_str()), KqlType::Guid),
        Literal::Null(KqlType::String) => TypedExpr::new(lit(""), KqlType::String),
        Literal::Null(ty) => TypedExpr::new(lit(typed_null(*ty)?), *ty),
    })
}

/// The common numeric type of two numeric operands: decimal if either is decimal (the widest
/// type in Kusto.Language's `ScalarTypes`: `decimal(1.5) * 2.0` is a decimal), else real if
/// either is real, else long.
fn numeric_common(l: KqlType, r: KqlType) -> KqlType {
    if l == KqlType::Decimal || r == KqlType::Decimal {
        KqlType::Decimal
    } else if l == KqlType::Real || r == KqlType::Real {
        KqlType::Real
    } else {
        KqlType::Long
    }
}

fn is_stringy(t: KqlType) -> bool {
    matches!(t, KqlType::String | KqlType::Guid)
}

/// True when `e` is a non-null literal (so a comparison with it cannot see two nulls).
fn is_non_null_literal(e: &Expr) -> bool {
    matches!(e, Expr::Literal(v, _) if !v.is_null())
}

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans a scalar expression over `columns`.
    pub(crate) fn expr_to_df(
        &self,
        expr: &ast::Expr,
        columns: &[Column],
    ) -> Result<TypedExpr, Diagnostic> {
        match &expr.kind {
            ExprKind::Literal(l) => literal_to_df(l, expr.span),
            // A column, else a `let` or parameter (`resolve.rs`).
            ExprKind::Name(ident) => self.name_to_df(ident, columns),
            ExprKind::Paren(inner) => self.expr_to_df(inner, columns),
            ExprKind::Star => Err(Diagnostic::semantic(
                "'*' stands for all columns only in arg_max, arg_min, take_any and any",
                expr.span,
            )),
            ExprKind::Call { name, args } => self.call_to_df(name, args, expr.span, columns),
            ExprKind::Logical { op, operands } => self.logical_to_df(*op, operands, columns),
            ExprKind::NamedArgument { name, .. } => Err(Diagnostic::semantic(
                format!("named argument '{}' of a built-in function", name.name),
                expr.span,
            )
            .with_label("only user-defined functions take named arguments")),
            ExprKind::Tabular(_) => Err(Diagnostic::semantic(
                "a tabular expression where a scalar value is expected",
                expr.span,
            )
            .with_help("use toscalar(…) for the first value of its first column")),
            // `* has "x"`: the test over every string and dynamic column, any of which may pass
            // (Kusto.Language's `StarOnly` signatures of the string operators).
            ExprKind::Binary {
                op: op @ BinaryOp::String(_),
                left,
                right,
            } if matches!(left.kind, ExprKind::Star) => {
                let r = self.expr_to_df(right, columns)?;
                let mut tests = Vec::new();
                for column in columns
                    .iter()
                    .filter(|c| matches!(c.kql_type, KqlType::String | KqlType::Dynamic))
                {
                    let l = TypedExpr::new(column.reference(), column.kql_type);
                    let l = if l.kql_type == KqlType::Dynamic {
                        kql_functions::conversion::to_kql_string(l)
                    } else {
                        l
                    };
                    tests.push(
                        self.binary_to_df(*op, l, r.clone(), expr.span, left.span, right.span)?
                            .expr,
                    );
                }
                let any = tests.into_iter().reduce(Expr::or).unwrap_or(lit(false));
                Ok(TypedExpr::new(any, KqlType::Bool))
            }
            ExprKind::Binary { op, left, right } => {
                let l = self.expr_to_df(left, columns)?;
                let r = self.expr_to_df(right, columns)?;
                self.binary_to_df(*op, l, r, expr.span, left.span, right.span)
            }
            ExprKind::Unary { op, operand } => {
                let v = self.expr_to_df(operand, columns)?;
                match (op, v.kql_type) {
                    (UnaryOp::Plus, t) if t.is_numeric() || t == KqlType::TimeSpan => Ok(v),
                    (UnaryOp::Neg, t) if t.is_numeric() => {
                        Ok(TypedExpr::new(Expr::Negative(Box::new(v.expr)), t))
                    }
                    (UnaryOp::Neg, KqlType::TimeSpan) => Ok(TypedExpr::from_nanos(
                        lit(0i64) - v.to_nanos(),
                        KqlType::TimeSpan,
                    )),
                    (_, t) => Err(Diagnostic::semantic(
                        format!("cannot negate a {t}"),
                        operand.span,
                    )
                    .with_label("expected a number or a timespan")),
                }
            }
            ExprKind::In {
                target,
                items,
                negated,
                case_insensitive,
            } => self.in_to_df(target, items, *negated, *case_insensitive, columns),
            ExprKind::HasAny { target, items, all } => {
                let t = self.expr_to_df(target, columns)?;
                let t = if t.kql_type == KqlType::Dynamic {
                    kql_functions::conversion::to_kql_string(t)
                } else {
                    t
                };
                if !is_stringy(t.kql_type) {
                    return Err(Diagnostic::semantic(
                        format!(
                            "{} searches a string, found {}",
                            if *all { "has_all" } else { "has_any" },
                            t.kql_type
                        ),
                        target.span,
                    )
                    .with_help("convert with tostring() first"));
                }
                // Each item is a value, or a table whose first column's values are searched
                // (has-any-operator.md), evaluated once before the query.
                let mut values = Vec::with_capacity(items.len());
                for item in items {
                    match self.in_candidates(item, columns)? {
                        InCandidates::Value(v) => values.push(v),
                        InCandidates::Values(vs) => values.extend(vs),
                        // Only while checking a `let` nothing uses: its plan never runs.
                        InCandidates::Subquery(..) if !self.evaluate => {}
                        InCandidates::Subquery(..) => {
                            return Err(Diagnostic::unsupported(
                                "a table in has_any/has_all that cannot be evaluated before \
                                 the query",
                                item.span,
                            ));
                        }
                    }
                }
                Ok(TypedExpr::new(
                    kql_functions::string::has_any(t.expr, values, *all),
                    KqlType::Bool,
                ))
            }
            ExprKind::Between {
                target,
                low,
                high,
                negated,
            } => {
                let t = self.expr_to_df(target, columns)?;
                let lo = self.expr_to_df(low, columns)?;
                let mut hi = self.expr_to_df(high, columns)?;
                if t.kql_type == KqlType::DateTime && hi.kql_type == KqlType::TimeSpan {
                    // `d between (start .. 2d)` means up to start + 2d.
                    hi = self.binary_to_df(
                        BinaryOp::Add,
                        lo.clone(),
                        hi,
                        high.span,
                        low.span,
                        high.span,
                    )?;
                }
                let ge = self.binary_to_df(
                    BinaryOp::GtEq,
                    t.clone(),
                    lo,
                    expr.span,
                    target.span,
                    low.span,
                )?;
                let le =
                    self.binary_to_df(BinaryOp::LtEq, t, hi, expr.span, target.span, high.span)?;
                let inside = ge.expr.and(le.expr);
                Ok(TypedExpr::new(
                    if *negated {
                        Expr::Not(Box::new(inside))
                    } else {
                        inside
                    },
                    KqlType::Bool,
                ))
            }
            ExprKind::Index { target, index } => self.index_to_df(target, index, columns),
            ExprKind::Member { target, name } => {
                let t = self.expr_to_df(target, columns)?;
                self.expect_dynamic(&t, target.span)?;
                Ok(TypedExpr::new(
                    kql_functions::dynamic::dynamic_member_udf()
                        .call(vec![t.expr, lit(name.name.as_str())]),
                    KqlType::Dynamic,
                ))
            }
        }
    }

    /// Plans a predicate: the expression must be a `bool`.
    pub(crate) fn predicate_to_df(
        &self,
        expr: &ast::Expr,
        columns: &[Column],
    ) -> Result<Expr, Diagnostic> {
        let p = self.expr_to_df(expr, columns)?;
        if p.kql_type != KqlType::Bool {
            return Err(Diagnostic::semantic(
                format!("expected a bool predicate, found {}", p.kql_type),
                expr.span,
            )
            .with_label("not a bool"));
        }
        Ok(p.expr)
    }

    fn expect_dynamic(&self, t: &TypedExpr, span: Span) -> Result<(), Diagnostic> {
        if t.kql_type == KqlType::Dynamic {
            Ok(())
        } else {
            Err(Diagnostic::semantic(
                format!("expected a dynamic value, found {}", t.kql_type),
                span,
            )
            .with_label("only dynamic values can be indexed")
            .with_help("parse JSON text with parse_json() first"))
        }
    }

    /// `d[i]`, `d["k"]`. An indexed call asks its function first
    /// ([`kql_functions::KqlFunction::plan_indexed`]): `split(s, d)[i]` picks one piece
    /// without building an array.
    fn index_to_df(
        &self,
        target: &ast::Expr,
        index: &ast::Expr,
        columns: &[Column],
    ) -> Result<TypedExpr, Diagnostic> {
        let i = self.expr_to_df(index, columns)?;
        let t = match &target.kind {
            ExprKind::Call { name, args } => {
                let (function, typed) = self.call_args_to_df(name, args, columns)?;
                if let Some(fused) = function.plan_indexed(&typed, &i, &self.call_context) {
                    return Ok(fused);
                }
                function
                    .plan_scalar(typed, &self.call_context)
                    .map_err(|e| function_error(e, name, args))?
            }
            _ => self.expr_to_df(target, columns)?,
        };
        self.expect_dynamic(&t, target.span)?;
        let call = match i.kql_type {
            KqlType::Long | KqlType::Int => kql_functions::dynamic::dynamic_index_udf()
                .call(vec![t.expr, i.cast_to(KqlType::Long).expr]),
            KqlType::String => {
                kql_functions::dynamic::dynamic_member_udf().call(vec![t.expr, i.expr])
            }
            other => {
                return Err(Diagnostic::semantic(
                    format!("an index must be a long or a string, found {other}"),
                    index.span,
                ));
            }
        };
        Ok(TypedExpr::new(call, KqlType::Dynamic))
    }

    /// `target in (items)` / `!in`, `in~`, `!in~`: a null target is in no list.
    /// `x in (a, b)`, `x !in (…)`, `x in~ (…)`. A tabular candidate (`x in (T)`, `x in (T |
    /// project y)`) stands for the values of its first column, evaluated once (`evaluate.rs`).
    pub(crate) fn in_to_df(
        &self,
        target: &ast::Expr,
        items: &[ast::Expr],
        negated: bool,
        case_insensitive: bool,
        columns: &[Column],
    ) -> Result<TypedExpr, Diagnostic> {
        let mut t = self.expr_to_df(target, columns)?;
        let mut values = Vec::with_capacity(items.len());
        let mut subqueries = Vec::new();
        for item in items {
            let candidates = match self.in_candidates(item, columns)? {
                InCandidates::Value(v) => vec![v],
                InCandidates::Values(values) => values,
                InCandidates::Subquery(plan, ty) => {
                    // Type-checked like its values would be, then kept apart.
                    let column = TypedExpr::new(lit(typed_null(ty)?), ty);
                    self.comparable(t.clone(), column, BinaryOp::Eq, target.span, item.span)?;
                    subqueries.push(plan);
                    Vec::new()
                }
            };
            let candidates = if t.kql_type == KqlType::Dynamic {
                candidates
            } else {
                flatten_dynamic_items(candidates, t.kql_type, item.span)?
            };
            for v in candidates {
                (t, _) = match_dynamic(t, TypedExpr::null(v.kql_type));
                // Type-check each element as `target == element` would be.
                self.comparable(t.clone(), v.clone(), BinaryOp::Eq, target.span, item.span)?;
                values.push(v);
            }
        }
        if case_insensitive && !is_stringy(t.kql_type) {
            return Err(Diagnostic::semantic("in~ compares strings", target.span)
                .with_label(format!("found {}", t.kql_type)));
        }
        let common = if t.kql_type.is_numeric() {
            values
                .iter()
                .fold(t.kql_type, |acc, v| numeric_common(acc, v.kql_type))
        } else {
            t.kql_type
        };
        let fold = |e: TypedExpr| {
            let e = e.cast_to(common).expr;
            if case_insensitive { lower(e) } else { e }
        };
        let target = fold(t);
        let list: Vec<Expr> = values.into_iter().map(fold).collect();
        // `in` is an OR of `==` and `!in` an AND of `!=`: a null value is in no list.
        let mut test = if list.is_empty() {
            lit(negated)
        } else {
            target.clone().in_list(list, negated)
        };
        // Without evaluation (`evaluate.rs`), a table's values stay a subquery.
        for plan in subqueries {
            let sub = Expr::InSubquery(datafusion::logical_expr::expr::InSubquery::new(
                Box::new(target.clone()),
                datafusion::logical_expr::Subquery {
                    subquery: std::sync::Arc::new(plan),
                    outer_ref_columns: Vec::new(),
                    spans: datafusion::common::Spans::new(),
                },
                negated,
            ));
            test = if negated { test.and(sub) } else { test.or(sub) };
        }
        Ok(TypedExpr::new(
            coalesce(vec![test, lit(negated)]),
            KqlType::Bool,
        ))
    }

    /// Checks that two operands can be compared and brings them to a common type.
    fn comparable(
        &self,
        l: TypedExpr,
        r: TypedExpr,
        op: BinaryOp,
        l_span: Span,
        r_span: Span,
    ) -> Result<(Expr, Expr), Diagnostic> {
        let (lt, rt) = (l.kql_type, r.kql_type);
        let ordering = !matches!(op, BinaryOp::Eq | BinaryOp::NotEq);
        let ok = if lt.is_numeric() && rt.is_numeric() {
            let common = numeric_common(lt, rt);
            return Ok((l.cast_to(common).expr, r.cast_to(common).expr));
        } else if is_stringy(lt) && is_stringy(rt) {
            !ordering
        } else {
            lt == rt && matches!(lt, KqlType::DateTime | KqlType::TimeSpan)
                || (lt == rt && lt == KqlType::Bool && !ordering)
        };
        if ok {
            return Ok((l.expr, r.expr));
        }
        let mut d =
            Diagnostic::semantic(format!("cannot compare {lt} with {rt}"), l_span.to(r_span));
        if lt == KqlType::Dynamic || rt == KqlType::Dynamic {
            d = d.with_help("convert the dynamic value first, e.g. tostring(x) or tolong(x)");
        } else if is_stringy(lt) && is_stringy(rt) {
            d = d.with_help("strings support only == != =~ !~ and the string operators; use strcmp() to order them");
        }
        Err(d)
    }

    /// Plans a binary operator over typed operands.
    pub(crate) fn binary_to_df(
        &self,
        op: BinaryOp,
        l: TypedExpr,
        r: TypedExpr,
        span: Span,
        l_span: Span,
        r_span: Span,
    ) -> Result<TypedExpr, Diagnostic> {
        use KqlType::*;
        let bool_result = |e: Expr| Ok(TypedExpr::new(e, Bool));
        let (l, r) = match op {
            BinaryOp::Eq
            | BinaryOp::NotEq
            | BinaryOp::EqCi
            | BinaryOp::NotEqCi
            | BinaryOp::Lt
            | BinaryOp::LtEq
            | BinaryOp::Gt
            | BinaryOp::GtEq => match_dynamic(l, r),
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => {
                dynamic_operands(l, r)
            }
            _ => (l, r),
        };
        match op {
            BinaryOp::Eq | BinaryOp::NotEq => {
                let never_both_null = is_stringy(l.kql_type)
                    || is_stringy(r.kql_type)
                    || is_non_null_literal(&l.expr)
                    || is_non_null_literal(&r.expr);
                let strings = is_stringy(l.kql_type) && is_stringy(r.kql_type);
                let (le, re) = self.comparable(l, r, op, l_span, r_span)?;
                let eq = op == BinaryOp::Eq;
                let cmp = if eq {
                    le.clone().eq(re.clone())
                } else {
                    le.clone().not_eq(re.clone())
                };
                if strings {
                    // KQL strings are never null: plain comparison.
                    return bool_result(cmp);
                }
                // One null operand: `==` is false and `!=` true; two nulls: null.
                let one_null = coalesce(vec![cmp, lit(!eq)]);
                if never_both_null {
                    return bool_result(one_null);
                }
                let both_null = le.is_null().and(re.is_null());
                when(both_null, lit(ScalarValue::Boolean(None)))
                    .otherwise(one_null)
                    .map_err(internal)
                    .and_then(bool_result)
            }
            BinaryOp::EqCi | BinaryOp::NotEqCi => {
                if !(is_stringy(l.kql_type) && is_stringy(r.kql_type)) {
                    return Err(Diagnostic::semantic(
                        format!(
                            "=~ and !~ compare strings, found {} and {}",
                            l.kql_type, r.kql_type
                        ),
                        span,
                    ));
                }
                let (le, re) = (lower(l.expr), lower(r.expr));
                bool_result(if op == BinaryOp::EqCi {
                    le.eq(re)
                } else {
                    le.not_eq(re)
                })
            }
            BinaryOp::Lt | BinaryOp::LtEq | BinaryOp::Gt | BinaryOp::GtEq => {
                let (le, re) = self.comparable(l, r, op, l_span, r_span)?;
                bool_result(match op {
                    BinaryOp::Lt => le.lt(re),
                    BinaryOp::LtEq => le.lt_eq(re),
                    BinaryOp::Gt => le.gt(re),
                    _ => le.gt_eq(re),
                })
            }
            BinaryOp::String(sop) => {
                // A dynamic value is searched in its text, as Kusto's index covers dynamic
                // values (`AdditionalFields has "x"`).
                let l = if l.kql_type == KqlType::Dynamic {
                    kql_functions::conversion::to_kql_string(l)
                } else {
                    l
                };
                if !(is_stringy(l.kql_type) && is_stringy(r.kql_type)) {
                    return Err(Diagnostic::semantic(
                        format!(
                            "string operators need strings, found {} and {}",
                            l.kql_type, r.kql_type
                        ),
                        span,
                    )
                    .with_help("convert with tostring() first"));
                }
                kql_functions::string::string_operator(sop, l.expr, &r)
                    .map_err(|message| Diagnostic::semantic(message, r_span))
                    .and_then(bool_result)
            }
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => {
                self.arithmetic_to_df(op, l, r, span)
            }
        }
    }

    fn arithmetic_to_df(
        &self,
        op: BinaryOp,
        l: TypedExpr,
        r: TypedExpr,
        span: Span,
    ) -> Result<TypedExpr, Diagnostic> {
        use KqlType::*;
        let (lt, rt) = (l.kql_type, r.kql_type);
        let numeric = |l: TypedExpr, r: TypedExpr| -> TypedExpr {
            let common = numeric_common(l.kql_type, r.kql_type);
            if common == Decimal {
                let symbol = match op {
                    BinaryOp::Add => '+',
                    BinaryOp::Sub => '-',
                    BinaryOp::Mul => '*',
                    BinaryOp::Div => '/',
                    _ => '%',
                };
                return kql_functions::decimal::arithmetic(symbol, l, r);
            }
            let (a, b) = (l.cast_to(common).expr, r.cast_to(common).expr);
            let e = match op {
                BinaryOp::Add => a + b,
                BinaryOp::Sub => a - b,
                BinaryOp::Mul => a * b,
                BinaryOp::Div => a / b,
                // KQL's modulo is never negative: 0 <= a % b < abs(b).
                _ => {
                    let abs_b = datafusion::functions::math::expr_fn::abs(b.clone());
                    (a % b + abs_b.clone()) % abs_b
                }
            };
            TypedExpr::new(e, common)
        };
        let result = match (op, lt, rt) {
            (_, a, b) if a.is_numeric() && b.is_numeric() => numeric(l, r),
            (BinaryOp::Sub, DateTime, DateTime) => {
                TypedExpr::from_nanos(l.to_nanos() - r.to_nanos(), TimeSpan)
            }
            (BinaryOp::Add | BinaryOp::Sub, DateTime, TimeSpan) => {
                let e = if op == BinaryOp::Add {
                    l.to_nanos() + r.to_nanos()
                } else {
                    l.to_nanos() - r.to_nanos()
                };
                TypedExpr::from_nanos(e, DateTime)
            }
            (BinaryOp::Add, TimeSpan, DateTime) => {
                TypedExpr::from_nanos(l.to_nanos() + r.to_nanos(), DateTime)
            }
            (BinaryOp::Add | BinaryOp::Sub, TimeSpan, TimeSpan) => {
                let e = if op == BinaryOp::Add {
                    l.to_nanos() + r.to_nanos()
                } else {
                    l.to_nanos() - r.to_nanos()
                };
                TypedExpr::from_nanos(e, TimeSpan)
            }
            (BinaryOp::Div, TimeSpan, TimeSpan) => {
                let a = TypedExpr::new(l.to_nanos(), Long).cast_to(Real);
                let b = TypedExpr::new(r.to_nanos(), Long).cast_to(Real);
                TypedExpr::new(a.expr / b.expr, Real)
            }
            (BinaryOp::Mul | BinaryOp::Div, TimeSpan, n) if n.is_numeric() => {
                let a = TypedExpr::new(l.to_nanos(), Long).cast_to(Real);
                let b = r.cast_to(Real);
                let e = if op == BinaryOp::Mul {
                    a.expr * b.expr
                } else {
                    a.expr / b.expr
                };
                TypedExpr::from_nanos(TypedExpr::new(e, Real).cast_to(Long).expr, TimeSpan)
            }
            (BinaryOp::Mul, n, TimeSpan) if n.is_numeric() => {
                let a = l.cast_to(Real);
                let b = TypedExpr::new(r.to_nanos(), Long).cast_to(Real);
                TypedExpr::from_nanos(
                    TypedExpr::new(a.expr * b.expr, Real).cast_to(Long).expr,
                    TimeSpan,
                )
            }
            _ => {
                let symbol = match op {
                    BinaryOp::Add => "+",
                    BinaryOp::Sub => "-",
                    BinaryOp::Mul => "*",
                    BinaryOp::Div => "/",
                    _ => "%",
                };
                return Err(Diagnostic::semantic(
                    format!("operator '{symbol}' cannot combine {lt} and {rt}"),
                    span,
                ));
            }
        };
        Ok(result)
    }

    /// A scalar function call (aggregates are planned by `summarize`): a built-in function,
    /// else a user-defined one (as Kusto resolves calls). `toscalar()` evaluates its argument
    /// apart from the row (`evaluate.rs`).
    fn call_to_df(
        &self,
        name: &ast::Ident,
        args: &[ast::Expr],
        span: Span,
        columns: &[Column],
    ) -> Result<TypedExpr, Diagnostic> {
        match name.name.as_str() {
            "toscalar" => return self.toscalar_to_df(name, args, span),
            "materialize" => {
                return Err(Diagnostic::semantic(
                    "materialize() returns a table, not a scalar value",
                    span,
                )
                .with_help("bind it with let, or use it as a query source"));
            }
            _ => {}
        }
        let Some(function) = self.functions.get(&name.name) else {
            return self.user_call_to_df(name, args, span, columns);
        };
        if function.kind() == FunctionKind::Window {
            return self.window_call_to_df(function, name, args, columns);
        }
        // column_ifexists('name', default): the column itself when the input has it (only
        // the planner knows the columns); else the call goes on with the default.
        if let ("column_ifexists" | "columnifexists", [column_name, _]) = (name.name.as_str(), args)
            && let ExprKind::Literal(Literal::String(wanted)) = &column_name.kind
            && let Some(column) = columns.iter().find(|c| c.name == *wanted)
            && let Some(function) = self.functions.get(&name.name)
        {
            let typed = vec![
                TypedExpr::new(lit(wanted.as_str()), KqlType::String),
                TypedExpr::new(column.reference(), column.kql_type),
            ];
            return function
                .plan_scalar(typed, &self.call_context)
                .map_err(|e| function_error(e, name, args));
        }
        // pack_all([ignore_null_empty]): the planner passes the flag and every input column
        // (name, value), since only it knows them.
        if name.name == "pack_all" {
            return self.pack_all_to_df(name, args, span, columns);
        }
        let (function, typed) = self.call_args_to_df(name, args, columns)?;
        function
            .plan_scalar(typed, &self.call_context)
            .map_err(|e| function_error(e, name, args))
    }

    /// `pack_all([ignore_null_empty])`: the function called with the flag (false when absent)
    /// and each input column's name and value.
    fn pack_all_to_df(
        &self,
        name: &ast::Ident,
        args: &[ast::Expr],
        span: Span,
        columns: &[Column],
    ) -> Result<TypedExpr, Diagnostic> {
        let (function, mut typed) = self.call_args_to_df(name, args, columns)?;
        if typed.len() > 1 {
            return Err(Diagnostic::semantic(
                format!(
                    "pack_all(): expected at most 1 argument, found {}",
                    typed.len()
                ),
                span,
            ));
        }
        if typed.is_empty() {
            typed.push(TypedExpr::new(lit(false), KqlType::Bool));
        }
        for column in columns {
            typed.push(TypedExpr::new(lit(column.name.as_str()), KqlType::String));
            typed.push(TypedExpr::new(column.reference(), column.kql_type));
        }
        function
            .plan_scalar(typed, &self.call_context)
            .map_err(|e| function_error(e, name, args))
    }

    /// The scalar function called `name` and its planned arguments.
    fn call_args_to_df(
        &self,
        name: &ast::Ident,
        args: &[ast::Expr],
        columns: &[Column],
    ) -> Result<
        (
            &std::sync::Arc<dyn kql_functions::KqlFunction>,
            Vec<TypedExpr>,
        ),
        Diagnostic,
    > {
        let function = self.function(name)?;
        if function.kind() == FunctionKind::Aggregate {
            return Err(Diagnostic::semantic(
                format!("'{}' is an aggregation function", name.name),
                name.span,
            )
            .with_label("allowed only as a summarize aggregate")
            .with_help(format!(
                "use it in summarize, e.g. summarize {}(…) by …",
                name.name
            )));
        }
        let typed = args
            .iter()
            .map(|a| match &a.kind {
                ExprKind::Call { name, args } if name.name == "typeof" => type_argument(name, args),
                _ => self.expr_to_df(a, columns),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok((function, typed))
    }

    /// The function called `name`, or an "unknown function" diagnostic.
    pub(crate) fn function(
        &self,
        name: &ast::Ident,
    ) -> Result<&std::sync::Arc<dyn kql_functions::KqlFunction>, Diagnostic> {
        self.functions.get(&name.name).ok_or_else(|| {
            if let Some(why) = self.functions.not_supported(&name.name) {
                let d = Diagnostic::unsupported(format!("function '{}'", name.name), name.span);
                return if why.is_empty() { d } else { d.with_note(why) };
            }
            let mut d =
                Diagnostic::semantic(format!("unknown function '{}'", name.name), name.span)
                    .with_label("not a function kqlake knows");
            if let Some(s) = suggest(&name.name, self.functions.names()) {
                d = d.with_help(format!("did you mean '{s}'?"));
            }
            d
        })
    }
}

/// The candidates of `x in (…)` with each constant dynamic array among them replaced by its
/// elements, converted to `target`'s type as a dynamic compared with a scalar is (in-cs-operator.md:
/// `let cities = dynamic(["a", "b"]); … | where City in (cities)`); a dynamic scalar stands for
/// itself and `dynamic(null)` for nothing. A dynamic that is not a constant (a column) is
/// rejected by name: kqlake does not yet test membership row by row.
fn flatten_dynamic_items(
    candidates: Vec<TypedExpr>,
    target: KqlType,
    span: Span,
) -> Result<Vec<TypedExpr>, Diagnostic> {
    use datafusion::common::ScalarValue;
    use kql_functions::conversion::dynamic_as;
    let mut out = Vec::with_capacity(candidates.len());
    for v in candidates {
        if v.kql_type != KqlType::Dynamic {
            out.push(v);
            continue;
        }
        let text = match &v.expr {
            Expr::Literal(
                ScalarValue::Utf8(text)
                | ScalarValue::LargeUtf8(text)
                | ScalarValue::Utf8View(text),
                _,
            ) => text.clone(),
            _ => {
                return Err(Diagnostic::unsupported(
                    "'in' over a dynamic value that is not a constant",
                    span,
                )
                .with_help("use set_has_element(array, x), or mv-expand the array and join"));
            }
        };
        let Some(text) = text else { continue };
        let elements = match kql_functions::json::elements(&text) {
            Some(elements) => elements.into_iter().map(str::to_owned).collect(),
            None if text == "null" => Vec::new(),
            None => vec![text],
        };
        for element in elements {
            let element = TypedExpr::new(lit(element), KqlType::Dynamic);
            out.push(dynamic_as(element.clone(), target).unwrap_or(element));
        }
    }
    Ok(out)
}

/// Two comparison operands with a dynamic one converted to the other's type (Kusto compares
/// `d.Status == "Failed"` and `d.count > 5` without an explicit cast); see
/// [`kql_functions::conversion::dynamic_as`].
fn match_dynamic(l: TypedExpr, r: TypedExpr) -> (TypedExpr, TypedExpr) {
    use kql_functions::conversion::dynamic_as;
    match (l.kql_type, r.kql_type) {
        (KqlType::Dynamic, other) if other != KqlType::Dynamic => {
            match dynamic_as(l.clone(), other) {
                Some(converted) => (converted, r),
                None => (l, r),
            }
        }
        (other, KqlType::Dynamic) if other != KqlType::Dynamic => {
            match dynamic_as(r.clone(), other) {
                Some(converted) => (l, converted),
                None => (l, r),
            }
        }
        _ => (l, r),
    }
}

/// The operands of `+ - * / %` with a dynamic one converted to the other's type, for a number
/// or a timespan (Kusto.Language's `Operators`: `dynamic + int` is a long, `dynamic + T` a
/// `T` for long, real, decimal and timespan). The dynamic value converts as the `to*()`
/// function of that type converts it (a real held where a long is wanted is truncated, as
/// `tolong(1.5)` is 1); a value that does not convert is null. Any other pair is left as it is
/// (and rejected by `arithmetic_to_df`).
fn dynamic_operands(l: TypedExpr, r: TypedExpr) -> (TypedExpr, TypedExpr) {
    use kql_functions::conversion::from_string;
    let convert = |value: TypedExpr, like: KqlType| -> Option<TypedExpr> {
        let text = kql_functions::conversion::to_kql_string(value);
        Some(match like {
            KqlType::Int | KqlType::Long => {
                from_string(text, KqlType::Real).try_cast_to(KqlType::Long)
            }
            KqlType::Real | KqlType::Decimal | KqlType::TimeSpan => from_string(text, like),
            _ => return None,
        })
    };
    match (l.kql_type, r.kql_type) {
        (KqlType::Dynamic, other) if other != KqlType::Dynamic => match convert(l.clone(), other) {
            Some(converted) => (converted, r),
            None => (l, r),
        },
        (other, KqlType::Dynamic) if other != KqlType::Dynamic => match convert(r.clone(), other) {
            Some(converted) => (l, converted),
            None => (l, r),
        },
        _ => (l, r),
    }
}

/// A `typeof(T)` argument (`extract(…, typeof(long))`), passed to the function as a null of
/// type `T`: the type is what the function needs.
fn type_argument(name: &ast::Ident, args: &[ast::Expr]) -> Result<TypedExpr, Diagnostic> {
    let ty = match args {
        [
            ast::Expr {
                kind: ExprKind::Name(t),
                ..
            },
        ] => KqlType::from_name(&t.name),
        _ => None,
    };
    let Some(ty) = ty else {
        return Err(Diagnostic::semantic(
            "typeof() takes a type name, such as typeof(long)",
            name.span,
        ));
    };
    let null = match ty {
        KqlType::String => ScalarValue::Utf8(None),
        other => typed_null(other)?,
    };
    Ok(TypedExpr::new(lit(null), ty))
}

/// A function's argument error, pointed at the argument when it names one (else at the
/// function's name), with the function's syntax as a note.
pub(crate) fn function_error(
    e: FunctionError,
    name: &ast::Ident,
    args: &[ast::Expr],
) -> Diagnostic {
    let span = e
        .arg
        .and_then(|i| args.get(i))
        .map_or(name.span, |a| a.span);
    Diagnostic::semantic(e.message, span).with_note(format!("syntax: {}", e.syntax))
}
