//! `evaluate pivot(pivotColumn [, aggregation [, column, …]]) [: (schema)]`: one column per
//! distinct value of `pivotColumn`, holding the aggregation of the rows with that value, per
//! group of the other columns (pivot-plugin.md).
//!
//! Planned as a `summarize` (so naming, types and Kusto's aggregate rules come from
//! `summarize`) with one aggregate per value: `count()` becomes `countif(tostring(p) ==
//! "v")`, `take_any(x)` `take_anyif(x, …)`, and any other `f(x, …)` is `f(iff(tostring(p) ==
//! "v", x, null), …)` (aggregates ignore nulls, so the cell aggregates that value's rows;
//! `sum` of none is 0, as the docs' outputs show). The values are the pivot column's distinct
//! texts, learnt now (or the declared schema's columns beyond the group columns), in text
//! order (the docs do not order them). The group columns are those listed, else every column
//! but the pivot column and the columns the aggregation reads.

use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::{Column, lookup};
use datafusion::logical_expr::Distinct;
use kql_syntax::ast::{
    self, AggregateItem, BinaryOp, Evaluate, ExprKind, Ident, Literal, ProjectItem, Summarize,
};
use kql_syntax::{Diagnostic, KqlType, Span};

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `evaluate pivot(…)`.
    pub(super) fn pivot_to_plan(
        &self,
        node: &Evaluate,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        // 1. The arguments: the pivot column, the aggregation, the group columns.
        if let Some(named) = node
            .args
            .iter()
            .find(|a| matches!(a.kind, ExprKind::NamedArgument { .. }))
        {
            return Err(Diagnostic::semantic(
                "pivot() takes no named arguments",
                named.span,
            ));
        }
        let Some(pivot_arg) = node.args.first() else {
            return Err(Diagnostic::semantic(
                "pivot() needs the column to pivot",
                node.call_span,
            ));
        };
        let pivot = column_argument(pivot_arg, &input.columns)?;
        let (aggregation, listed) = match node.args.get(1) {
            Some(arg) if matches!(arg.kind, ExprKind::Call { .. }) => {
                (arg.clone(), &node.args[2..])
            }
            _ => (call("count", Vec::new(), node.call_span), &node.args[1..]),
        };
        let groups: Vec<Column> = if listed.is_empty() {
            let mut read = Vec::new();
            names_in(&aggregation, &mut read);
            input
                .columns
                .iter()
                .filter(|c| c.name != pivot.name && !read.contains(&c.name))
                .cloned()
                .collect()
        } else {
            listed
                .iter()
                .map(|a| column_argument(a, &input.columns))
                .collect::<Result<_, _>>()?
        };
        // 2. The values: declared, or learnt from the data.
        let values: Vec<String> = match &node.schema {
            Some(schema) => {
                for g in &groups {
                    if !schema.columns.iter().any(|c| c.name.name == g.name) {
                        return Err(Diagnostic::semantic(
                            format!("the output schema lacks the group column '{}'", g.name),
                            schema.span,
                        ));
                    }
                }
                schema
                    .columns
                    .iter()
                    .map(|c| c.name.name.clone())
                    .filter(|n| !groups.iter().any(|g| g.name == *n))
                    .collect()
            }
            None => self.pivot_values(&input, &pivot, node.call_span)?,
        };
        // 3. One aggregate per value, as a summarize.
        let span = node.call_span;
        let pivot_text = call("tostring", vec![name_expr(&pivot.name, span)], span);
        let mut aggregates = Vec::with_capacity(values.len());
        for value in &values {
            let condition = ast::Expr {
                kind: ExprKind::Binary {
                    op: BinaryOp::Eq,
                    left: Box::new(pivot_text.clone()),
                    right: Box::new(string_literal(value, span)),
                },
                span,
            };
            let expr = self.aggregate_for_value(&aggregation, condition, &input.columns)?;
            aggregates.push(AggregateItem {
                tuple: Vec::new(),
                item: ProjectItem {
                    name: Some(Ident {
                        name: value.clone(),
                        span,
                    }),
                    expr,
                    span,
                },
                span,
            });
        }
        let summarize = Summarize {
            hints: Vec::new(),
            aggregates,
            by: groups
                .iter()
                .map(|g| ProjectItem {
                    name: None,
                    expr: name_expr(&g.name, span),
                    span,
                })
                .collect(),
        };
        let result = self.summarize_to_plan(&summarize, input)?;
        // 4. A declared schema: its order and types.
        let Some(schema) = &node.schema else {
            return Ok(result);
        };
        let mut exprs = Vec::with_capacity(schema.columns.len());
        let mut columns = Vec::with_capacity(schema.columns.len());
        for declared in &schema.columns {
            let c = lookup(&result.columns, &declared.name.name, declared.span)?;
            if c.kql_type != declared.kql_type {
                return Err(Diagnostic::semantic(
                    format!(
                        "column '{}' is {}, but the output schema declares {}",
                        c.name, c.kql_type, declared.kql_type
                    ),
                    declared.span,
                ));
            }
            exprs.push(c.reference());
            columns.push(c.clone());
        }
        let plan = result
            .builder()
            .project(exprs)
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation { plan, columns })
    }

    /// The aggregation of the rows where `condition` holds.
    fn aggregate_for_value(
        &self,
        aggregation: &ast::Expr,
        condition: ast::Expr,
        columns: &[Column],
    ) -> Result<ast::Expr, Diagnostic> {
        let ExprKind::Call { name, args } = &aggregation.kind else {
            return Err(Diagnostic::semantic(
                "pivot()'s aggregation is a call such as sum(x)",
                aggregation.span,
            ));
        };
        let span = aggregation.span;
        Ok(match (name.name.as_str(), args.as_slice()) {
            ("count", []) => call("countif", vec![condition], span),
            ("take_any", [x]) => call("take_anyif", vec![x.clone(), condition], span),
            (_, [x, rest @ ..]) => {
                let ty = self.expr_to_df(x, columns)?.kql_type;
                if ty == KqlType::String {
                    return Err(Diagnostic::unsupported(
                        format!("pivot() with {}() of a string", name.name),
                        x.span,
                    ));
                }
                let null = ast::Expr {
                    kind: ExprKind::Literal(Literal::Null(ty)),
                    span,
                };
                let masked = call("iff", vec![condition, x.clone(), null], span);
                let mut new_args = vec![masked];
                new_args.extend(rest.iter().cloned());
                call(&name.name, new_args, span)
            }
            _ => {
                return Err(Diagnostic::semantic(
                    format!(
                        "pivot() aggregates with count(), take_any(x) or an aggregation of a column, not {}()",
                        name.name
                    ),
                    name.span,
                ));
            }
        })
    }

    /// The distinct texts of `pivot`'s values, in text order.
    fn pivot_values(
        &self,
        input: &Relation,
        pivot: &Column,
        span: Span,
    ) -> Result<Vec<String>, Diagnostic> {
        let text = call("tostring", vec![name_expr(&pivot.name, span)], span);
        let value = self.expr_to_df(&text, &input.columns)?;
        let plan = input
            .builder()
            .project(vec![value.expr.alias("value")])
            .and_then(|b| b.build())
            .map_err(internal)?;
        let plan = datafusion::logical_expr::LogicalPlan::Distinct(Distinct::All(
            std::sync::Arc::new(plan),
        ));
        let Some(rows) = self.strings_now(&plan, "pivot", span)? else {
            return Ok(Vec::new());
        };
        let mut values: Vec<String> = rows.into_iter().map(Option::unwrap_or_default).collect();
        values.sort();
        values.dedup();
        if values.first().is_some_and(String::is_empty) {
            return Err(Diagnostic::semantic(
                format!(
                    "'{}' holds an empty value (or null), which cannot name a column",
                    pivot.name
                ),
                span,
            )
            .with_help("filter those rows out first, or give them a name with iff()/coalesce()"));
        }
        Ok(values)
    }
}

/// A column named by an argument.
fn column_argument(arg: &ast::Expr, columns: &[Column]) -> Result<Column, Diagnostic> {
    match &arg.kind {
        ExprKind::Name(ident) => Ok(lookup(columns, &ident.name, ident.span)?.clone()),
        _ => Err(Diagnostic::semantic(
            "pivot() takes column names here",
            arg.span,
        )),
    }
}

/// The names an expression reads (columns, in the pivot's input).
fn names_in(expr: &ast::Expr, out: &mut Vec<String>) {
    match &expr.kind {
        ExprKind::Name(ident) => out.push(ident.name.clone()),
        ExprKind::Call { args, .. } => args.iter().for_each(|a| names_in(a, out)),
        ExprKind::Logical { operands, .. } => operands.iter().for_each(|a| names_in(a, out)),
        ExprKind::Binary { left, right, .. } => {
            names_in(left, out);
            names_in(right, out);
        }
        ExprKind::Unary { operand, .. } => names_in(operand, out),
        ExprKind::Paren(inner) => names_in(inner, out),
        ExprKind::Index { target, index } => {
            names_in(target, out);
            names_in(index, out);
        }
        ExprKind::Member { target, .. } => names_in(target, out),
        ExprKind::In { target, items, .. } | ExprKind::HasAny { target, items, .. } => {
            names_in(target, out);
            items.iter().for_each(|a| names_in(a, out));
        }
        ExprKind::Between {
            target, low, high, ..
        } => {
            names_in(target, out);
            names_in(low, out);
            names_in(high, out);
        }
        ExprKind::NamedArgument { value, .. } => names_in(value, out),
        ExprKind::Literal(_) | ExprKind::Star | ExprKind::Tabular(_) => {}
    }
}

/// `name(args)`.
fn call(name: &str, args: Vec<ast::Expr>, span: Span) -> ast::Expr {
    ast::Expr {
        kind: ExprKind::Call {
            name: Ident {
                name: name.to_owned(),
                span,
            },
            args,
        },
        span,
    }
}

/// A column reference.
fn name_expr(name: &str, span: Span) -> ast::Expr {
    ast::Expr {
        kind: ExprKind::Name(Ident {
            name: name.to_owned(),
            span,
        }),
        span,
    }
}

/// A string literal.
fn string_literal(text: &str, span: Span) -> ast::Expr {
    ast::Expr {
        kind: ExprKind::Literal(Literal::String(text.to_owned())),
        span,
    }
}
