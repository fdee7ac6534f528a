//! `datatable(a: long, b: string) [1, "x", 2, "y"]`: an inline table of literal values.

use crate::catalog::PlanCatalog;
use crate::expr::literal_to_df;
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::{Column, column_ref};
use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Expr, LogicalPlanBuilder, lit};
use kql_functions::types::kql_to_arrow;
use kql_syntax::ast::{Datatable, ExprKind, Literal, UnaryOp};
use kql_syntax::{Diagnostic, KqlType};

/// A datatable cell: a literal, possibly negated or parenthesised.
pub(crate) fn cell_literal(expr: &kql_syntax::ast::Expr) -> Option<Literal> {
    match &expr.kind {
        ExprKind::Literal(l) => Some(l.clone()),
        ExprKind::Paren(inner) => cell_literal(inner),
        ExprKind::Unary { op, operand } => match (op, cell_literal(operand)?) {
            (UnaryOp::Plus, l) => Some(l),
            (UnaryOp::Neg, Literal::Long(v)) => v.checked_neg().map(Literal::Long),
            (UnaryOp::Neg, Literal::Int(v)) => v.checked_neg().map(Literal::Int),
            (UnaryOp::Neg, Literal::Real(v)) => Some(Literal::Real(-v)),
            (UnaryOp::Neg, Literal::TimeSpan(v)) => v.checked_neg().map(Literal::TimeSpan),
            (UnaryOp::Neg, Literal::Decimal(d)) => Some(Literal::Decimal(negated_decimal(&d))),
            _ => None,
        },
        _ => None,
    }
}

/// The canonical text of `-d` for canonical decimal text `d` (`0` stays `0`).
fn negated_decimal(d: &str) -> String {
    if let Some(positive) = d.strip_prefix('-') {
        positive.to_owned()
    } else if d == "0" {
        d.to_owned()
    } else {
        format!("-{d}")
    }
}

/// Converts a literal to the column's type, as Kusto accepts (`1` in a real column is `1.0`).
pub(crate) fn cell_value(literal: &Literal, ty: KqlType) -> Option<Literal> {
    Some(match (literal, ty) {
        (Literal::Null(_), _) => Literal::Null(ty),
        (Literal::Long(v), KqlType::Long) => Literal::Long(*v),
        (Literal::Int(v), KqlType::Long) => Literal::Long(i64::from(*v)),
        (Literal::Long(v), KqlType::Int) => Literal::Int(i32::try_from(*v).ok()?),
        (Literal::Int(v), KqlType::Int) => Literal::Int(*v),
        #[allow(
            clippy::cast_precision_loss,
            reason = "Kusto converts long literals to real the same way"
        )]
        (Literal::Long(v), KqlType::Real) => Literal::Real(*v as f64),
        (Literal::Int(v), KqlType::Real) => Literal::Real(f64::from(*v)),
        (Literal::Real(v), KqlType::Real) => Literal::Real(*v),
        (Literal::String(s), KqlType::String) => Literal::String(s.clone()),
        (Literal::Bool(b), KqlType::Bool) => Literal::Bool(*b),
        (Literal::DateTime(t), KqlType::DateTime) => Literal::DateTime(*t),
        (Literal::TimeSpan(t), KqlType::TimeSpan) => Literal::TimeSpan(*t),
        (Literal::Dynamic(d), KqlType::Dynamic) => Literal::Dynamic(d.clone()),
        (Literal::Decimal(d), KqlType::Decimal) => Literal::Decimal(d.clone()),
        (Literal::Long(v), KqlType::Decimal) => Literal::Decimal(v.to_string()),
        (Literal::Int(v), KqlType::Decimal) => Literal::Decimal(v.to_string()),
        (Literal::Real(v), KqlType::Decimal) if v.is_finite() => Literal::Decimal(format!("{v}")),
        (Literal::Guid(g), KqlType::Guid) => Literal::Guid(g.clone()),
        _ => return None,
    })
}

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `datatable`.
    pub(crate) fn datatable_to_plan(&self, table: &Datatable) -> Result<Relation, Diagnostic> {
        // 1. The schema.
        let columns: Vec<Column> = table
            .columns
            .iter()
            .map(|c| Column::new(c.name.name.clone(), c.kql_type))
            .collect();
        for (i, c) in table.columns.iter().enumerate() {
            if table.columns[..i]
                .iter()
                .any(|d| d.name.name == c.name.name)
            {
                return Err(Diagnostic::semantic(
                    format!("duplicate column name '{}'", c.name.name),
                    c.name.span,
                ));
            }
        }
        let width = columns.len();
        if !table.values.len().is_multiple_of(width) {
            return Err(Diagnostic::semantic(
                format!(
                    "datatable has {width} columns but {} values, not a whole number of rows",
                    table.values.len()
                ),
                table.span,
            ));
        }
        // 2. Each value, converted to its column's type.
        let mut rows: Vec<Vec<Expr>> = Vec::with_capacity(table.values.len() / width);
        for (i, value) in table.values.iter().enumerate() {
            let column = &columns[i % width];
            let literal = cell_literal(value).ok_or_else(|| {
                Diagnostic::unsupported("a datatable value that is not a literal", value.span)
            })?;
            let converted = cell_value(&literal, column.kql_type).ok_or_else(|| {
                Diagnostic::semantic(
                    format!(
                        "column '{}' is {}, the value does not fit it",
                        column.name, column.kql_type
                    ),
                    value.span,
                )
            })?;
            if i % width == 0 {
                rows.push(Vec::with_capacity(width));
            }
            if let Some(row) = rows.last_mut() {
                row.push(literal_to_df(&converted, value.span)?.expr);
            }
        }
        // 3. A VALUES plan (DataFusion names its columns column1, column2, …), renamed.
        let plan =
            if rows.is_empty() {
                let typed_nulls = columns.iter().map(|c| {
                    ScalarValue::try_from(&kql_to_arrow(c.kql_type))
                        .map(|v| lit(v).alias(c.name.clone()))
                });
                let exprs = typed_nulls
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(internal)?;
                LogicalPlanBuilder::empty(false).project(exprs)
            } else {
                LogicalPlanBuilder::values(rows).and_then(|b| {
                    b.project(columns.iter().enumerate().map(|(i, c)| {
                        column_ref(&format!("column{}", i + 1)).alias(c.name.clone())
                    }))
                })
            }
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation { plan, columns })
    }
}
