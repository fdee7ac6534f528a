//! `extend b = expr, expr`: add computed columns (or replace existing ones, in place).

use crate::catalog::PlanCatalog;
use crate::naming::{check_input_only, output_names};
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::Column;
use kql_syntax::Diagnostic;
use kql_syntax::ast::{Extend, ProjectItem};

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `extend`.
    pub(crate) fn extend_to_plan(
        &self,
        extend: &Extend,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        self.add_columns(&extend.items, input, "extend", self.input_serialized.get())
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
        input: Relation,
        operator: &str,
        serialized: bool,
    ) -> Result<Relation, Diagnostic> {
        // 1. Names (naming.rs): given, implied, or `ColumnN` skipping the input's columns.
        let kept = input.columns.iter().map(|c| c.name.as_str());
        let names = output_names(items, kept, self.functions)?;
        let all: Vec<&ProjectItem> = items.iter().collect();
        check_input_only(
            operator,
            &all,
            &[],
            &input.columns,
            &self.scope,
            self.functions,
        )?;
        // 2. Every item over the input, then one projection: replaced columns in place, new
        //    ones at the end.
        let (mut values, plan, _) = self.with_windows(&input, serialized, || {
            let mut values = Vec::with_capacity(items.len());
            for (item, name) in items.iter().zip(names) {
                values.push((name, self.expr_to_df(&item.expr, &input.columns)?));
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
