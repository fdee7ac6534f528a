//! `project-rename new = old, …`: the input's columns in their order, some renamed.

use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::{Column, lookup};
use kql_syntax::Diagnostic;
use kql_syntax::ast::ProjectRename;

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `project-rename`. As Kusto.Language binds it, a new name may not be a name the
    /// input already has (`project-rename a = b` over `a, b` is an error, so is a swap) or a
    /// new name given before; renaming one column twice is an error too.
    pub(crate) fn project_rename_to_plan(
        &self,
        rename: &ProjectRename,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        let mut names: Vec<String> = input.columns.iter().map(|c| c.name.clone()).collect();
        for r in &rename.renames {
            lookup(&input.columns, &r.column.name, r.column.span)?;
            let i = input
                .columns
                .iter()
                .position(|c| c.name == r.column.name)
                .expect("lookup found it");
            if names[i] != r.column.name {
                return Err(Diagnostic::semantic(
                    format!(
                        "'{}' is already renamed to '{}' in this project-rename",
                        r.column.name, names[i]
                    ),
                    r.column.span,
                ));
            }
            if input.columns.iter().any(|c| c.name == r.new_name.name)
                || names.contains(&r.new_name.name)
            {
                return Err(Diagnostic::semantic(
                    format!("duplicate column name '{}'", r.new_name.name),
                    r.new_name.span,
                )
                .with_label("a column of this name already exists")
                .with_help("drop or rename that column first, e.g. with project-away"));
            }
            names[i] = r.new_name.name.clone();
        }
        let exprs = input
            .columns
            .iter()
            .zip(&names)
            .map(|(c, name)| c.reference().alias(name.clone()));
        let columns = input
            .columns
            .iter()
            .zip(&names)
            .map(|(c, name)| Column::new(name.clone(), c.kql_type))
            .collect();
        let plan = input
            .builder()
            .project(exprs)
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation { plan, columns })
    }
}
