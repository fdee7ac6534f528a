//! `extend b = expr, expr`: add computed columns (or replace existing ones, in place).

use crate::catalog::PlanCatalog;
use crate::naming::{Implied, output_names};
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::Column;
use kql_syntax::Diagnostic;
use kql_syntax::ast::Extend;

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `extend`. Each item may use the columns the items before it created
    /// (`extend a = 1, b = a + 1`), so each becomes its own projection; DataFusion's optimizer
    /// merges them. A name that already exists is replaced where it stands (as Kusto.Language
    /// does; the operator's doc page says "removed and appended", see kql-semantics.md §5).
    pub(crate) fn extend_to_plan(
        &self,
        extend: &Extend,
        mut relation: Relation,
    ) -> Result<Relation, Diagnostic> {
        // Names (naming.rs): given, implied, or `ColumnN` skipping the input's columns.
        let items: Vec<_> = extend.items.iter().map(|i| (i, Implied::Scalar)).collect();
        let kept = relation.columns.iter().map(|c| c.name.as_str());
        let names = output_names(&items, kept, self.functions)?;
        for (item, name) in extend.items.iter().zip(names) {
            let value = self.expr_to_df(&item.expr, &relation.columns)?;
            let mut exprs = Vec::with_capacity(relation.columns.len() + 1);
            let mut columns = Vec::with_capacity(relation.columns.len() + 1);
            let mut replaced = false;
            for c in &relation.columns {
                if c.name == name {
                    exprs.push(value.expr.clone().alias(name.clone()));
                    columns.push(Column::new(name.clone(), value.kql_type));
                    replaced = true;
                } else {
                    exprs.push(c.reference());
                    columns.push(c.clone());
                }
            }
            if !replaced {
                exprs.push(value.expr.alias(name.clone()));
                columns.push(Column::new(name, value.kql_type));
            }
            let plan = relation
                .builder()
                .project(exprs)
                .and_then(|b| b.build())
                .map_err(internal)?;
            relation = Relation { plan, columns };
        }
        Ok(relation)
    }
}
