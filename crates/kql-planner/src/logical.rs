//! `and` / `or` chains: planned as balanced trees, with equality tests on one column merged
//! into one `in` list.
//!
//! The parser keeps `a or b or …` as one flat chain however long. DataFusion walks expressions
//! recursively, and a left-deep chain of 10,000 `or` terms aborts the process inside DataFusion
//! 55.2 (`engine-pitfalls.md`), so the planner never builds one:
//!
//! - `x == 1 or x == 2 or …` (the same column against literals of one type) becomes
//!   `x in (1, 2, …)`, and `x != 1 and x != 2 and …` becomes `x !in (1, 2, …)`. This is exact
//!   under KQL's null rules because every value is a non-null literal: a null `x` makes each
//!   `==` false (each `!=` true), and `in` (`!in`) is false (true) for a null too. Literals of
//!   one type only, so the comparison type is the one each `==` would use (a long column
//!   against `1` and `1.5` compares as long with `1` but as real with `1.5`).
//! - what remains is combined as a balanced tree, `log2(n)` deep.
//!
//! DataFusion's filter push-down still splits a `where` conjunction and rebuilds it left-deep
//! (`conjunction()`), and its simplifier rewrites `!between` into `!=` after this planner has
//! run, so about a thousand such `and` terms can exhaust the stack inside DataFusion (README,
//! "Limits"). 2,000-term chains of comparisons and lists run in kql-engine's `long_chains`
//! tests.

use crate::catalog::PlanCatalog;
use crate::planner::KqlToPlan;
use crate::scope::Column;
use datafusion::logical_expr::Expr;
use kql_functions::TypedExpr;
use kql_syntax::ast::{self, BinaryOp, ExprKind, Literal, LogicalOp};
use kql_syntax::{Diagnostic, KqlType};
use std::collections::HashMap;

/// The literals an equality chain may merge, by the type their comparison uses (`int` and
/// `long` compare alike).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum LiteralClass {
    Integer,
    Real,
    String,
    Bool,
    DateTime,
    TimeSpan,
}

/// The class of a literal that can join an `in` list: not null, and not a NaN or an infinity
/// (whose equality a hash lookup may treat differently from `==`).
fn literal_class(literal: &Literal) -> Option<LiteralClass> {
    Some(match literal {
        Literal::Long(_) | Literal::Int(_) => LiteralClass::Integer,
        Literal::Real(v) if v.is_finite() => LiteralClass::Real,
        Literal::String(_) | Literal::Guid(_) => LiteralClass::String,
        Literal::Bool(_) => LiteralClass::Bool,
        Literal::DateTime(_) => LiteralClass::DateTime,
        Literal::TimeSpan(_) => LiteralClass::TimeSpan,
        Literal::Real(_) | Literal::Decimal(_) | Literal::Null(_) | Literal::Dynamic(_) => {
            return None;
        }
    })
}

fn unparenthesised(mut expr: &ast::Expr) -> &ast::Expr {
    while let ExprKind::Paren(inner) = &expr.kind {
        expr = inner;
    }
    expr
}

/// `column == literal` (or `literal == column`) for an `or` chain, `!=` for an `and` chain:
/// the column's name node, the literal node and its class.
fn list_member(
    op: LogicalOp,
    operand: &ast::Expr,
) -> Option<(&ast::Expr, &ast::Expr, LiteralClass)> {
    let ExprKind::Binary {
        op: comparison,
        left,
        right,
    } = &unparenthesised(operand).kind
    else {
        return None;
    };
    let wanted = match op {
        LogicalOp::Or => BinaryOp::Eq,
        LogicalOp::And => BinaryOp::NotEq,
    };
    if *comparison != wanted {
        return None;
    }
    let (left, right) = (unparenthesised(left), unparenthesised(right));
    let (column, value) = match (&left.kind, &right.kind) {
        (ExprKind::Name(_), ExprKind::Literal(_)) => (left, right),
        (ExprKind::Literal(_), ExprKind::Name(_)) => (right, left),
        _ => return None,
    };
    let ExprKind::Literal(literal) = &value.kind else {
        return None;
    };
    Some((column, value, literal_class(literal)?))
}

/// Combines `exprs` (at least one) with `op` as a balanced tree, without recursion.
fn balanced(op: LogicalOp, mut exprs: Vec<Expr>) -> Expr {
    while exprs.len() > 1 {
        let mut next = Vec::with_capacity(exprs.len().div_ceil(2));
        let mut pairs = exprs.into_iter();
        while let Some(left) = pairs.next() {
            next.push(match pairs.next() {
                Some(right) if op == LogicalOp::And => left.and(right),
                Some(right) => left.or(right),
                None => left,
            });
        }
        exprs = next;
    }
    exprs
        .pop()
        .expect("the parser builds chains of at least two operands")
}

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans an `and` / `or` chain over `columns`.
    pub(crate) fn logical_to_df(
        &self,
        op: LogicalOp,
        operands: &[ast::Expr],
        columns: &[Column],
    ) -> Result<TypedExpr, Diagnostic> {
        // 1. Each operand must be a bool; errors point at the operand as written.
        let mut planned: Vec<Option<Expr>> = Vec::with_capacity(operands.len());
        for operand in operands {
            let value = self.expr_to_df(operand, columns)?;
            if value.kql_type != KqlType::Bool {
                return Err(Diagnostic::semantic(
                    format!("expected a bool operand, found {}", value.kql_type),
                    operand.span,
                ));
            }
            planned.push(Some(value.expr));
        }
        // 2. Equality tests on one column against literals of one class become one list,
        //    placed where the first of them was.
        let mut by_column: HashMap<(&str, LiteralClass), Vec<usize>> = HashMap::new();
        for (i, operand) in operands.iter().enumerate() {
            if let Some((column, _, class)) = list_member(op, operand)
                && let ExprKind::Name(name) = &column.kind
            {
                by_column
                    .entry((name.name.as_str(), class))
                    .or_default()
                    .push(i);
            }
        }
        let mut groups: Vec<Vec<usize>> = by_column
            .into_values()
            .filter(|members| members.len() > 1)
            .collect();
        groups.sort_unstable_by_key(|members| members[0]);
        for members in groups {
            let mut target = None;
            let mut values = Vec::with_capacity(members.len());
            for &i in &members {
                let (column, value, _) =
                    list_member(op, &operands[i]).expect("grouped as a list member");
                target = Some(column);
                values.push(value.clone());
                planned[i] = None;
            }
            let target = target.expect("a group has members");
            let list = self.in_to_df(target, &values, op == LogicalOp::And, false, columns)?;
            planned[members[0]] = Some(list.expr);
        }
        // 3. What remains, as a balanced tree.
        let exprs: Vec<Expr> = planned.into_iter().flatten().collect();
        Ok(TypedExpr::new(balanced(op, exprs), KqlType::Bool))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::logical_expr::{ident, lit};

    fn depth(e: &Expr) -> usize {
        match e {
            Expr::BinaryExpr(b) => 1 + depth(&b.left).max(depth(&b.right)),
            _ => 1,
        }
    }

    #[test]
    fn balanced_trees_are_logarithmic() {
        // A leaf `x = i` is 2 deep; the tree over n leaves adds ceil(log2 n) levels.
        for (n, expected) in [(1, 2), (2, 3), (3, 4), (4, 4), (5, 5), (2_000, 13)] {
            let exprs = (0..n).map(|i| ident("x").eq(lit(i))).collect();
            let tree = balanced(LogicalOp::Or, exprs);
            assert_eq!(depth(&tree), expected, "{n} operands");
        }
    }
}
