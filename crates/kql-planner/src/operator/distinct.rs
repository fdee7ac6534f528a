//! `distinct a, b` / `distinct *`: the unique combinations of the columns.

use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::lookup;
use kql_syntax::ast::{Distinct, DistinctColumns};
use kql_syntax::{Diagnostic, KqlType};

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `distinct`.
    pub(crate) fn distinct_to_plan(
        &self,
        distinct: &Distinct,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        let (builder, columns) = match &distinct.columns {
            DistinctColumns::All(_) => (input.builder(), input.columns.clone()),
            DistinctColumns::Columns(names) => {
                let mut picked = Vec::with_capacity(names.len());
                for name in names {
                    let column = lookup(&input.columns, &name.name, name.span)?;
                    if column.kql_type == KqlType::Dynamic {
                        return Err(Diagnostic::semantic(
                            "distinct cannot use a dynamic column",
                            name.span,
                        )
                        .with_help("convert it first with extend, e.g. tostring(x)"));
                    }
                    picked.push(column.clone());
                }
                let builder = input
                    .builder()
                    .project(picked.iter().map(|c| c.reference()))
                    .map_err(internal)?;
                (builder, picked)
            }
        };
        let plan = builder
            .distinct()
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation { plan, columns })
    }
}
