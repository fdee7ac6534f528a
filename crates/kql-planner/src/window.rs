//! Window functions (`prev`, `row_number`, `row_cumsum`, …) inside row expressions, and which
//! rows are serialized.
//!
//! **Serialized rows.** Kusto allows window functions only on a serialized row set. The
//! planner tracks it per pipeline (`pipeline_to_plan`, [`serialized_after`]): `serialize`,
//! `sort`, `top`, `getschema` and the `range` source produce serialized rows; `where`,
//! `extend`, `project` and the other `project-*` operators, `take` and `as` keep the input's
//! state; every other operator (`summarize`, `join`, `union`, `distinct`, …) gives unserialized
//! rows, as serialize-operator.md lists. A window call over unserialized rows is a positioned
//! error suggesting `serialize`.
//!
//! **How the order is kept.** A window expression without `ORDER BY` would see its input in
//! whatever order DataFusion delivers it, and DataFusion drops a sort whose order nothing
//! above it requires (measured: `sort | extend p = prev(x) | count` lost its sort). So the
//! serialized order is made explicit: every window call is ordered by a hidden row number,
//! `__kql_row`, numbered where the rows became serialized — `row_number() OVER (ORDER BY <the
//! sort's keys>)` right above a `sort`/`top`, or `row_number() OVER ()` at `serialize`,
//! `range` and `getschema` ([`mark_serialized`], whose column the optimizer removes when
//! nothing uses it). When planning a window call, [`thread_row`] walks down the plan from the
//! operator's input through the nodes of the order-keeping operators (projections, filters,
//! limits, windows) to that origin and rebuilds them so `__kql_row` reaches the window node,
//! which orders every call by it (`kql-functions/src/window/` plans the calls themselves).
//!
//! **Nesting.** Each call becomes a hidden column (`__kql_window_N`, a name Kusto reserves)
//! that the operator's expression refers to; a call whose arguments use another call's column
//! (`row_number(1, prev(a) != a)`) is computed in a later `Window` node. The operator's
//! projection (or, after `where`, a projection of the input's columns) drops the hidden
//! columns.

use crate::catalog::PlanCatalog;
use crate::expr::function_error;
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::{Column, column_ref};
use datafusion::functions_window::expr_fn::row_number;
use datafusion::logical_expr::{
    Expr, ExprFunctionExt, LogicalPlan, LogicalPlanBuilder, Projection, SortExpr,
};
use kql_functions::{KqlFunction, TypedExpr};
use kql_syntax::Diagnostic;
use kql_syntax::ast::{self, OperatorKind};
use std::sync::Arc;

/// The prefix of the hidden columns holding window values.
const WINDOW_PREFIX: &str = "__kql_window_";

/// The hidden row number that orders window calls.
const ROW: &str = "__kql_row";

/// The window calls of the operator being planned.
#[derive(Debug)]
pub(crate) struct WindowCalls {
    /// The address of the input's column list the operator plans its expressions over: an
    /// expression over other columns (a nested query's) may not add window calls here.
    columns: usize,
    /// Whether the operator's input is serialized.
    serialized: bool,
    /// Each call: its hidden column, its window expression, its nesting depth (1 for a call
    /// whose arguments use no other call).
    calls: Vec<(String, Expr, usize)>,
}

/// Whether the rows after `operator` are serialized, given whether its input's are.
pub(crate) fn serialized_after(operator: &OperatorKind, input: bool) -> bool {
    match operator {
        OperatorKind::Serialize(_)
        | OperatorKind::Sort(_)
        | OperatorKind::Top(_)
        | OperatorKind::GetSchema(_) => true,
        OperatorKind::Where(_)
        | OperatorKind::Extend(_)
        | OperatorKind::Project(_)
        | OperatorKind::ProjectAway(_)
        | OperatorKind::ProjectKeep(_)
        | OperatorKind::ProjectRename(_)
        | OperatorKind::ProjectReorder(_)
        | OperatorKind::Take(_)
        | OperatorKind::As(_) => input,
        _ => false,
    }
}

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Runs `plan`, which plans the operator's expressions over `input.columns`, with window
    /// calls allowed (on serialized input only, unless `serialized` is false); returns its
    /// result and the input's plan with the window columns computed (the input's own plan
    /// when there were none) and whether there were any.
    pub(crate) fn with_windows<T>(
        &self,
        input: &Relation,
        serialized: bool,
        plan: impl FnOnce() -> Result<T, Diagnostic>,
    ) -> Result<(T, LogicalPlan, bool), Diagnostic> {
        let mine = WindowCalls {
            columns: input.columns.as_ptr() as usize,
            serialized,
            calls: Vec::new(),
        };
        let outer = self.windows.replace(Some(mine));
        let result = plan();
        let mine = self.windows.replace(outer);
        let value = result?;
        let calls = mine.map(|m| m.calls).unwrap_or_default();
        if calls.is_empty() {
            return Ok((value, input.plan.clone(), false));
        }
        let deepest = calls.iter().map(|(_, _, d)| *d).max().unwrap_or(0);
        let ordered = thread_row(&input.plan)?;
        let mut builder = LogicalPlanBuilder::from(ordered.clone().unwrap_or(input.plan.clone()));
        for depth in 1..=deepest {
            let mut layer = Vec::new();
            for (name, e, _) in calls.iter().filter(|(_, _, d)| *d == depth) {
                let e = match &ordered {
                    Some(_) => e
                        .clone()
                        .order_by(vec![column_ref(ROW).sort(true, false)])
                        .build()
                        .map_err(internal)?,
                    // No origin found (an input materialized by `as`): the rows as they come.
                    None => e.clone(),
                };
                layer.push(e.alias(name.clone()));
            }
            builder = builder.window(layer).map_err(internal)?;
        }
        Ok((value, builder.build().map_err(internal)?, true))
    }

    /// Plans a call of the window function `function`: its arguments over `columns`, then a
    /// hidden column of the operator's window node, returned as a reference to that column.
    pub(crate) fn window_call_to_df(
        &self,
        function: &Arc<dyn KqlFunction>,
        name: &ast::Ident,
        args: &[ast::Expr],
        columns: &[Column],
    ) -> Result<TypedExpr, Diagnostic> {
        let state = self
            .windows
            .borrow()
            .as_ref()
            .filter(|w| w.columns == columns.as_ptr() as usize)
            .map(|w| w.serialized);
        match state {
            None => {
                return Err(window_error(
                    name,
                    "is allowed only in extend, project, serialize and where",
                ));
            }
            Some(false) => {
                return Err(window_error(name, "needs serialized rows")
                    .with_label("the input of this operator is not serialized")
                    .with_help(
                        "add '| serialize' or sort the rows ('| sort by …') before this operator",
                    ));
            }
            Some(true) => {}
        }
        let typed = args
            .iter()
            .map(|a| self.expr_to_df(a, columns))
            .collect::<Result<Vec<_>, _>>()?;
        let planned = function
            .plan_window(typed)
            .map_err(|e| function_error(e, name, args))?;
        let mut windows = self.windows.borrow_mut();
        let Some(calls) = windows.as_mut() else {
            return Err(Diagnostic::internal("window calls vanished while planning"));
        };
        let depth = 1 + planned
            .expr
            .column_refs()
            .iter()
            .filter_map(|c| {
                calls
                    .calls
                    .iter()
                    .find(|(n, _, _)| *n == c.name)
                    .map(|(_, _, d)| *d)
            })
            .max()
            .unwrap_or(0);
        let hidden = format!("{WINDOW_PREFIX}{}", calls.calls.len());
        calls.calls.push((hidden.clone(), planned.expr, depth));
        Ok(TypedExpr::new(column_ref(&hidden), planned.kql_type))
    }
}

/// `window function 'prev' <what>`, at the function's name.
fn window_error(name: &ast::Ident, what: &str) -> Diagnostic {
    Diagnostic::semantic(format!("window function '{}' {what}", name.name), name.span)
}

/// The projection of `columns` over `plan` (dropping hidden window columns).
pub(crate) fn keep_columns(
    plan: LogicalPlan,
    columns: &[Column],
) -> Result<LogicalPlan, Diagnostic> {
    LogicalPlanBuilder::from(plan)
        .project(columns.iter().map(Column::reference))
        .and_then(|b| b.build())
        .map_err(internal)
}

/// Marks `relation`'s rows as serialized in their current order: numbers them in a hidden
/// `__kql_row` column that [`thread_row`] finds (and the optimizer removes when nothing uses
/// it).
pub(crate) fn mark_serialized(relation: Relation) -> Result<Relation, Diagnostic> {
    let numbered = relation
        .builder()
        .window(vec![row_number().alias(ROW)])
        .and_then(|b| b.build())
        .map_err(internal)?;
    Ok(Relation {
        plan: keep_columns(numbered, &relation.columns)?,
        columns: relation.columns,
    })
}

/// `plan` rebuilt so that it also outputs `__kql_row`, the position of each row in the order
/// its rows were serialized in (see the module doc); `None` when the plan does not lead down to
/// such an origin through order-keeping nodes.
fn thread_row(plan: &LogicalPlan) -> Result<Option<LogicalPlan>, Diagnostic> {
    let rebuilt = match plan {
        LogicalPlan::Sort(sort) => {
            let keys: Vec<SortExpr> = sort.expr.clone();
            let number = row_number()
                .order_by(keys)
                .build()
                .map_err(internal)?
                .alias(ROW);
            LogicalPlanBuilder::from(plan.clone())
                .window(vec![number])
                .and_then(|b| b.build())
                .map_err(internal)?
        }
        LogicalPlan::Window(window) if defines_row(window) => {
            // `serialize` over rows that come from a sort: the sort's order is the one to keep
            // (an unordered window could let the optimizer drop that sort).
            return Ok(Some(
                thread_row(&window.input)?.unwrap_or_else(|| plan.clone()),
            ));
        }
        // Already numbered (by an earlier window operator's threading).
        _ if plan.schema().fields().iter().any(|f| f.name() == ROW) => plan.clone(),
        LogicalPlan::Projection(projection) => {
            let Some(child) = thread_row(&projection.input)? else {
                return Ok(None);
            };
            let mut exprs = projection.expr.clone();
            exprs.push(column_ref(ROW));
            LogicalPlan::Projection(Projection::try_new(exprs, Arc::new(child)).map_err(internal)?)
        }
        LogicalPlan::Filter(_) | LogicalPlan::Limit(_) | LogicalPlan::Window(_) => {
            let Some(input) = plan.inputs().first().copied() else {
                return Ok(None);
            };
            let Some(child) = thread_row(input)? else {
                return Ok(None);
            };
            plan.with_new_exprs(plan.expressions(), vec![child])
                .map_err(internal)?
        }
        _ => return Ok(None),
    };
    Ok(Some(rebuilt))
}

/// True for the window node of [`mark_serialized`] or of [`thread_row`] over a sort.
fn defines_row(window: &datafusion::logical_expr::Window) -> bool {
    window.schema.fields().iter().any(|f| f.name() == ROW)
        && !window
            .input
            .schema()
            .fields()
            .iter()
            .any(|f| f.name() == ROW)
}
