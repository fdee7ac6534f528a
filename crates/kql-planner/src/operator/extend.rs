//! `extend b = expr, expr`: add computed columns (or replace existing ones, in place).

use crate::catalog::PlanCatalog;
use crate::naming::{check_input_only, output_names};
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::Column;
use kql_syntax::Diagnostic;
use kql_syntax::ast::{ExprKind, Extend, Ident, ProjectItem};

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `extend`.
    pub(crate) fn extend_to_plan(
        &self,
        extend: &Extend,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        self.add_columns(
            &extend.items,
            &extend.tuples,
            input,
            "extend",
            self.input_serialized.get(),
        )
    }

    /// Adds `items` to `input`'s columns, as `extend` (and `serialize`) do. Every item sees
    /// the input's columns only: in `extend a = a + 1, b = a * 2`, `b` doubles the input's
    /// `a` (Kusto.Language binds each item in the input's row scope), and a reference to a
    /// column that only an item defines is an error. An item whose name exists is replaced
    /// where it stands (as Kusto.Language does; the operator's doc page says "removed and
    /// appended", see kql-semantics.md §5); other items are appended in order. Window calls
    /// are allowed when `serialized` (`window.rs`).
    pub(crate) fn add_columns(
        &self,
        items: &[ProjectItem],
        tuples: &[Vec<Ident>],
        input: Relation,
        operator: &str,
        serialized: bool,
    ) -> Result<Relation, Diagnostic> {
        // 1. Names (naming.rs): given, implied, or `ColumnN` skipping the input's columns.
        let kept = input.columns.iter().map(|c| c.name.as_str());
        let names = output_names(items, kept, self.functions)?;
        let all: Vec<&ProjectItem> = items.iter().collect();
        let tuple_names: Vec<&Ident> = tuples.iter().flatten().collect();
        check_input_only(
            operator,
            &all,
            &tuple_names,
            &input.columns,
            &self.scope,
            self.functions,
        )?;
        // 2. Every item over the input, then one projection: replaced columns in place, new
        //    ones at the end.
        let (mut values, plan, _) = self.with_windows(&input, serialized, || {
            let mut values = Vec::with_capacity(items.len());
            for (i, (item, name)) in items.iter().zip(names).enumerate() {
                let tuple = tuples.get(i).filter(|t| !t.is_empty());
                match (self.multi_column_item(item, &input.columns)?, tuple) {
                    (Some(several), None) => values.extend(several),
                    (Some(several), Some(names)) => values.extend(name_first(several, names)?),
                    (None, Some(names)) => return Err(not_several_columns(names)),
                    (None, None) => {
                        values.push((name, self.expr_to_df(&item.expr, &input.columns)?))
                    }
                }
            }
            Ok(values)
        })?;
        let mut exprs = Vec::with_capacity(input.columns.len() + values.len());
        let mut columns = Vec::with_capacity(input.columns.len() + values.len());
        for c in &input.columns {
            match values.iter().position(|(name, _)| *name == c.name) {
                Some(i) => {
                    let (name, value) = values.remove(i);
                    exprs.push(value.expr.alias(name.clone()));
                    columns.push(Column::new(name, value.kql_type));
                }
                None => {
                    exprs.push(c.reference());
                    columns.push(c.clone());
                }
            }
        }
        for (name, value) in values {
            exprs.push(value.expr.alias(name.clone()));
            columns.push(Column::new(name, value.kql_type));
        }
        let plan = datafusion::logical_expr::LogicalPlanBuilder::from(plan)
            .project(exprs)
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation { plan, columns })
    }
}

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// An item that calls a function yielding several columns (`series_stats(x)`): unnamed,
    /// its columns, named `<function>_<argument column>_<suffix>` as Kusto names them
    /// (`series_stats_x_min`; `<function>_<suffix>` when the first argument is not a column);
    /// named (`s = series_stats(x)`), its first column under that name — the rule of a tuple
    /// of fewer names (series-stats-function.md: "If you provide a limited number of names,
    /// the table will show only those columns"), and what Kusto's geospatial tutorial relies
    /// on when it renders `extend anomalies = series_decompose_anomalies(damage)` as the
    /// anomaly flags. `None` for any other item.
    pub(crate) fn multi_column_item(
        &self,
        item: &ProjectItem,
        columns: &[Column],
    ) -> Result<Option<Vec<(String, kql_functions::TypedExpr)>>, Diagnostic> {
        let ExprKind::Call { name, args } = &item.expr.kind else {
            return Ok(None);
        };
        let Some(function) = self.functions.get(&name.name) else {
            return Ok(None);
        };
        if !function.yields_scalar_columns() {
            return Ok(None);
        }
        let typed = args
            .iter()
            .map(|a| self.expr_to_df(a, columns))
            .collect::<Result<Vec<_>, _>>()?;
        let prefix = match args.first().map(|a| &a.kind) {
            Some(ExprKind::Name(column)) => format!("{}_{}", name.name, column.name),
            _ => name.name.clone(),
        };
        let planned = function
            .plan_columns(typed)
            .map_err(|e| crate::expr::function_error(e, name, args))?;
        if let Some(given) = &item.name {
            return Ok(Some(
                planned
                    .into_iter()
                    .take(1)
                    .map(|(_, value)| (given.name.clone(), value))
                    .collect(),
            ));
        }
        Ok(Some(
            planned
                .into_iter()
                .map(|(suffix, value)| (format!("{prefix}_{suffix}"), value))
                .collect(),
        ))
    }
}

/// `(a, b) = f(…)`: the first columns of `f` under the given names; the others are dropped
/// (series-stats-function.md: "If you provide a limited number of names, the table will show
/// only those columns").
fn name_first(
    columns: Vec<(String, kql_functions::TypedExpr)>,
    names: &[Ident],
) -> Result<Vec<(String, kql_functions::TypedExpr)>, Diagnostic> {
    if names.len() > columns.len() {
        return Err(Diagnostic::semantic(
            format!(
                "{} names for a function that yields {} columns",
                names.len(),
                columns.len()
            ),
            names[columns.len()].span,
        ));
    }
    Ok(names
        .iter()
        .zip(columns)
        .map(|(n, (_, value))| (n.name.clone(), value))
        .collect())
}

/// `project`'s rule for `(a, b) = f(…)`: the first columns under the given names, the others
/// under their default names (series-fit-2lines-function.md).
pub(crate) fn name_first_keep_rest(
    columns: Vec<(String, kql_functions::TypedExpr)>,
    names: &[Ident],
) -> Result<Vec<(String, kql_functions::TypedExpr)>, Diagnostic> {
    let given = names.len();
    let rest: Vec<_> = columns.iter().skip(given).cloned().collect();
    let mut named = name_first(columns, names)?;
    named.extend(rest);
    Ok(named)
}

/// `(a, b) = expr` where `expr` does not yield several columns.
pub(crate) fn not_several_columns(names: &[Ident]) -> Diagnostic {
    Diagnostic::semantic(
        "(a, b, …) = names the columns of a function that yields several, such as series_fit_line()",
        names[0].span.to(names[names.len() - 1].span),
    )
}
