//! `evaluate plugin(…)`: the plugins kqlake has, one file each — `bag_unpack` (columns from
//! the slots of a property bag), `pivot` (columns from a column's values) and `narrow` (a wide
//! table as rows of row, column and value).
//!
//! `bag_unpack` and `pivot` output columns that depend on the data. Without a declared output
//! schema (`: (a: long, …)`) they run a query over their input while planning, through
//! [`crate::catalog::PlanCatalog::evaluate`] (as `toscalar()` does), to learn the slots or
//! values; a catalog that cannot run plans (`kql check` without data) reports that the schema
//! must be declared.

mod bag_unpack;
mod narrow;
mod pivot;

use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation};
use datafusion::arrow::array::{Array, AsArray};
use datafusion::logical_expr::LogicalPlan;
use kql_syntax::ast::{Evaluate, Expr, ExprKind};
use kql_syntax::{Diagnostic, Span};

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `evaluate`.
    pub(crate) fn evaluate_to_plan(
        &self,
        node: &Evaluate,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        match node.plugin.name.as_str() {
            "bag_unpack" => self.bag_unpack_to_plan(node, input),
            "pivot" => self.pivot_to_plan(node, input),
            "narrow" => self.narrow_to_plan(node, input),
            other => Err(Diagnostic::unsupported(
                format!("plugin '{other}'"),
                node.plugin.span,
            )),
        }
    }

    /// The strings of the first column of `plan`'s rows, run now: `Ok(None)` when nothing
    /// may run (checking a `let` nothing uses); an error naming `plugin` when the catalog
    /// cannot run plans.
    pub(crate) fn strings_now(
        &self,
        plan: &LogicalPlan,
        plugin: &str,
        span: Span,
    ) -> Result<Option<Vec<Option<String>>>, Diagnostic> {
        if !self.evaluate {
            return Ok(None);
        }
        let Some(batches) = self.run_now(plan, span) else {
            return Err(Diagnostic::semantic(
                format!("evaluate {plugin}() needs to read the data to know its output columns"),
                span,
            )
            .with_help(format!(
                "declare them after the call, e.g. evaluate {plugin}(…) : (*, a: long, b: string)"
            )));
        };
        let mut out = Vec::new();
        for batch in batches? {
            let Some(column) = batch.columns().first() else {
                continue;
            };
            let Some(strings) = column.as_string_opt::<i32>() else {
                return Err(crate::planner::internal("expected a string column"));
            };
            for i in 0..strings.len() {
                out.push(strings.is_valid(i).then(|| strings.value(i).to_owned()));
            }
        }
        Ok(Some(out))
    }
}

/// A plugin's arguments by parameter: `names[i]` takes the `i`-th positional argument or the
/// named argument `names[i] = …`. Errors on a named argument the plugin does not take, or more
/// positional arguments than parameters.
pub(crate) fn plugin_arguments<'e>(
    node: &'e Evaluate,
    names: &[&str],
) -> Result<Vec<Option<&'e Expr>>, Diagnostic> {
    let plugin = node.plugin.name.as_str();
    let mut slots: Vec<Option<&Expr>> = vec![None; names.len()];
    let mut next = 0;
    for arg in &node.args {
        match &arg.kind {
            ExprKind::NamedArgument { name, value } => {
                let Some(i) = names
                    .iter()
                    .position(|n| n.eq_ignore_ascii_case(&name.name))
                else {
                    return Err(Diagnostic::semantic(
                        format!("{plugin}() has no parameter '{}'", name.name),
                        name.span,
                    )
                    .with_help(format!("its parameters: {}", names.join(", "))));
                };
                slots[i] = Some(value);
            }
            _ => {
                if next >= names.len() {
                    return Err(Diagnostic::semantic(
                        format!("{plugin}() takes at most {} arguments", names.len()),
                        arg.span,
                    ));
                }
                slots[next] = Some(arg);
                next += 1;
            }
        }
    }
    Ok(slots)
}
