//! Sub-plans evaluated once, while planning: `toscalar()` folds to a literal, `materialize()`
//! becomes an in-memory table, and constants (`set query_now = …`, `range` bounds) fold to
//! values.
//!
//! The planner asks the catalog to run a sub-plan ([`PlanCatalog::evaluate`]); the engine runs
//! it on its own thread and runtime. Folding `toscalar()` to a literal keeps the scan's
//! time-folder pruning working for `where TimeGenerated > toscalar(…)`, which a DataFusion
//! scalar subquery (planned as a join) would not. A catalog that cannot run plans (schema-only
//! planning in tests and benches) gets the same semantics without the folding: `toscalar()`
//! becomes a DataFusion scalar subquery and `materialize()` leaves its plan inline (evaluated
//! per reference, which differs from Kusto only for non-deterministic expressions). While
//! checking `let`s the query never uses, nothing runs and `toscalar()` stands for a typed null.

use crate::bindings::Value;
use crate::catalog::PlanCatalog;
use crate::expr::function_error;
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::{Column, column_ref};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::common::{ScalarValue, Spans, TableReference};
use datafusion::datasource::{MemTable, provider_as_source};
use datafusion::logical_expr::simplify::SimplifyContext;
use datafusion::logical_expr::{Expr, LogicalPlan, LogicalPlanBuilder, Subquery, lit};
use datafusion::optimizer::simplify_expressions::ExprSimplifier;
use kql_functions::TypedExpr;
use kql_functions::types::kql_to_arrow;
use kql_syntax::ast::{self, ExprKind, Ident};
use kql_syntax::{Diagnostic, KqlType, Span};
use std::sync::Arc;

/// The most distinct values a table may give `in` (in-operator.md: "the search will consider
/// up to 1,000,000 distinct values"); more is an error rather than a silently shorter list.
pub(crate) const MAX_IN_VALUES: usize = 1_000_000;

/// What one candidate of `in` stands for.
pub(crate) enum InCandidates {
    /// A scalar value.
    Value(TypedExpr),
    /// The distinct values of a table's first column, evaluated now (nulls left out: a null
    /// is equal to nothing).
    Values(Vec<TypedExpr>),
    /// A table's first column, as a plan for a subquery (when nothing may run), and its type.
    Subquery(LogicalPlan, KqlType),
}

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// One candidate of `in`: a scalar, or a table (`T`, `(T | project y)`, `f(1)`) whose first
    /// column holds the values.
    pub(crate) fn in_candidates(
        &self,
        item: &ast::Expr,
        columns: &[Column],
    ) -> Result<InCandidates, Diagnostic> {
        let value = match &item.kind {
            ExprKind::Tabular(_) => self
                .with_scope(self.scope.barrier("the list of 'in'"))
                .expr_value_to_plan(item, &[])?,
            ExprKind::Name(_) | ExprKind::Call { .. } | ExprKind::Paren(_) => {
                self.expr_value_to_plan(item, columns)?
            }
            _ => return Ok(InCandidates::Value(self.expr_to_df(item, columns)?)),
        };
        let relation = match value {
            Value::Scalar(v) => return Ok(InCandidates::Value(v)),
            Value::Table(relation) => relation,
        };
        let Some(first) = relation.columns.first() else {
            return Err(Diagnostic::semantic(
                "a table without columns in the list of 'in'",
                item.span,
            ));
        };
        let ty = first.kql_type;
        let column = relation
            .builder()
            .project(vec![first.reference()])
            .and_then(|b| b.distinct())
            .map_err(internal)?;
        let limited = column
            .clone()
            .limit(0, Some(MAX_IN_VALUES + 1))
            .and_then(|b| b.build())
            .map_err(internal)?;
        let Some(batches) = self.run_now(&limited, item.span) else {
            let plan = column.build().map_err(internal)?;
            return Ok(InCandidates::Subquery(plan, ty));
        };
        let mut values = Vec::new();
        for batch in batches? {
            for row in 0..batch.num_rows() {
                let value = ScalarValue::try_from_array(batch.column(0), row).map_err(internal)?;
                if !value.is_null() {
                    values.push(literal(value, ty));
                }
            }
        }
        if values.len() > MAX_IN_VALUES {
            return Err(Diagnostic::semantic(
                format!("more than {MAX_IN_VALUES} distinct values for 'in'"),
                item.span,
            )
            .with_note("Kusto considers at most 1,000,000 distinct values")
            .with_help("join the tables instead"));
        }
        Ok(InCandidates::Values(values))
    }

    /// Runs `plan` now through the catalog: `None` when nothing may run (checking unused
    /// `let`s) or the catalog cannot run plans. Errors get `span` if they have none.
    pub(crate) fn run_now(
        &self,
        plan: &LogicalPlan,
        span: Span,
    ) -> Option<Result<Vec<RecordBatch>, Diagnostic>> {
        if !self.evaluate {
            return None;
        }
        let result = self.catalog.evaluate(plan)?;
        Some(result.map_err(|d| {
            if d.span.is_none() {
                d.with_span(span)
            } else {
                d
            }
        }))
    }

    /// `toscalar(e)`: the value of `e`, evaluated once, apart from any row: the first column
    /// of the first row if `e` is tabular (null, or `""` for a string, if it has no rows).
    pub(crate) fn toscalar_to_df(
        &self,
        name: &Ident,
        args: &[ast::Expr],
        span: Span,
    ) -> Result<TypedExpr, Diagnostic> {
        let arg = single_argument(name, args, span)?;
        let planner = self.with_scope(self.scope.barrier("toscalar()"));
        let value = match planner.expr_value_to_plan(arg, &[])? {
            Value::Table(relation) => self.first_value(relation, arg.span)?,
            Value::Scalar(e) => self.fold(e, arg.span)?,
        };
        let function = self.function(name)?;
        function
            .plan_scalar(vec![value], &self.call_context)
            .map_err(|e| function_error(e, name, args))
    }

    /// The first column's value in the first row of `relation`, as a literal.
    fn first_value(&self, relation: Relation, span: Span) -> Result<TypedExpr, Diagnostic> {
        let Some(first) = relation.columns.first() else {
            return Err(Diagnostic::semantic(
                "toscalar() of a table without columns",
                span,
            ));
        };
        let ty = first.kql_type;
        let plan = relation
            .builder()
            .project(vec![first.reference()])
            .and_then(|b| b.limit(0, Some(1)))
            .and_then(|b| b.build())
            .map_err(internal)?;
        match self.run_now(&plan, span) {
            Some(batches) => {
                let batches = batches?;
                let row = batches.iter().find(|b| b.num_rows() > 0);
                let value = match row {
                    Some(batch) => {
                        ScalarValue::try_from_array(batch.column(0), 0).map_err(internal)?
                    }
                    None => null_of(ty)?,
                };
                Ok(literal(value, ty))
            }
            None if !self.evaluate => Ok(literal(null_of(ty)?, ty)),
            None => Ok(TypedExpr::new(
                Expr::ScalarSubquery(Subquery {
                    subquery: Arc::new(plan),
                    outer_ref_columns: Vec::new(),
                    spans: Spans::new(),
                }),
                ty,
            )),
        }
    }

    /// A scalar that does not depend on the row, folded to a literal where possible.
    fn fold(&self, value: TypedExpr, span: Span) -> Result<TypedExpr, Diagnostic> {
        match self.constant_value(&value, span) {
            Ok(v) => Ok(literal(v, value.kql_type)),
            // Not foldable here (a scalar subquery): the expression is constant anyway.
            Err(_) => Ok(value),
        }
    }

    /// The value of a constant expression (`datetime(…)`, `ago(1d)`, `2 * 3`, a folded
    /// `toscalar()`): simplified by DataFusion, else run as a one-row plan.
    pub(crate) fn constant_value(
        &self,
        value: &TypedExpr,
        span: Span,
    ) -> Result<ScalarValue, Diagnostic> {
        let not_constant = || {
            Diagnostic::semantic("expected a constant value", span)
                .with_label("this depends on data kqlake cannot read while planning")
        };
        if !value.expr.column_refs().is_empty() {
            return Err(Diagnostic::semantic(
                "expected a constant value, found one that depends on the row",
                span,
            ));
        }
        let simplified = ExprSimplifier::new(SimplifyContext::default())
            .simplify(value.expr.clone())
            .unwrap_or_else(|_| value.expr.clone());
        if let Expr::Literal(v, _) = simplified {
            return Ok(v);
        }
        let plan = LogicalPlanBuilder::empty(true)
            .project(vec![value.expr.clone().alias("value")])
            .and_then(|b| b.build())
            .map_err(internal)?;
        let batches = self.run_now(&plan, span).ok_or_else(not_constant)??;
        let batch = batches
            .iter()
            .find(|b| b.num_rows() > 0)
            .ok_or_else(not_constant)?;
        ScalarValue::try_from_array(batch.column(0), 0).map_err(internal)
    }

    /// Plans `expr` (no row in scope) as a constant of type `expected` (`int` and `long`
    /// convert to each other).
    pub(crate) fn constant(
        &self,
        expr: &ast::Expr,
        columns: &[Column],
        expected: Option<KqlType>,
    ) -> Result<ScalarValue, Diagnostic> {
        let mut value = self.expr_to_df(expr, columns)?;
        if let Some(ty) = expected {
            let converts = matches!(
                (value.kql_type, ty),
                (KqlType::Int, KqlType::Long) | (KqlType::Long, KqlType::Int)
            );
            if value.kql_type != ty && !converts {
                return Err(Diagnostic::semantic(
                    format!("expected a {ty} value, found {}", value.kql_type),
                    expr.span,
                ));
            }
            value = value.cast_to(ty);
        }
        self.constant_value(&value, expr.span)
    }

    /// `materialize(T)`: `T`, evaluated once and kept in memory.
    pub(crate) fn materialize_call_to_plan(
        &self,
        name: &Ident,
        args: &[ast::Expr],
        span: Span,
    ) -> Result<Relation, Diagnostic> {
        let arg = single_argument(name, args, span)?;
        let planner = self.with_scope(self.scope.barrier("materialize()"));
        match planner.expr_value_to_plan(arg, &[])? {
            Value::Table(relation) => self.materialize(relation, span),
            Value::Scalar(_) => Err(Diagnostic::semantic(
                "materialize() takes a tabular expression, found a scalar value",
                arg.span,
            )
            .with_help("use toscalar() to evaluate a scalar once")),
        }
    }

    /// `relation`, evaluated now into an in-memory table (or left inline when nothing may
    /// run).
    pub(crate) fn materialize(
        &self,
        relation: Relation,
        span: Span,
    ) -> Result<Relation, Diagnostic> {
        let Some(batches) = self.run_now(&relation.plan, span) else {
            return Ok(relation);
        };
        let batches = batches?;
        let schema = match batches.first() {
            Some(batch) => batch.schema(),
            None => Arc::new(relation.plan.schema().as_arrow().clone()),
        };
        let table = MemTable::try_new(schema, vec![batches]).map_err(internal)?;
        let reference = TableReference::bare("materialize");
        // The scan's columns are qualified by the table name: alias them back to plain names.
        let exprs = relation
            .columns
            .iter()
            .map(|c| column_ref(&c.name).alias(c.name.clone()));
        let plan = LogicalPlanBuilder::scan(reference, provider_as_source(Arc::new(table)), None)
            .and_then(|b| b.project(exprs))
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation {
            plan,
            columns: relation.columns,
        })
    }
}

/// The one positional argument of `toscalar` or `materialize`.
fn single_argument<'a>(
    name: &Ident,
    args: &'a [ast::Expr],
    span: Span,
) -> Result<&'a ast::Expr, Diagnostic> {
    match args {
        [arg] if !matches!(arg.kind, ExprKind::NamedArgument { .. }) => Ok(arg),
        _ => Err(Diagnostic::semantic(
            format!("{}() takes one argument", name.name),
            span,
        )),
    }
}

/// A literal of KQL type `ty`.
fn literal(value: ScalarValue, ty: KqlType) -> TypedExpr {
    TypedExpr::new(lit(value), ty)
}

/// The null of `ty` (`""` for a string, which is never null).
fn null_of(ty: KqlType) -> Result<ScalarValue, Diagnostic> {
    if ty == KqlType::String {
        return Ok(ScalarValue::Utf8(Some(String::new())));
    }
    ScalarValue::try_from(&kql_to_arrow(ty)).map_err(internal)
}
