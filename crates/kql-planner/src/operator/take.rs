//! `take N` / `limit N`: at most N rows (which ones is unspecified unless the input is sorted).

use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation, internal};
use kql_syntax::Diagnostic;
use kql_syntax::ast::{ExprKind, Literal, Take};

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `take`.
    pub(crate) fn take_to_plan(
        &self,
        take: &Take,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        let count = &take.count;
        let n = match &count.kind {
            ExprKind::Literal(Literal::Long(n)) => *n,
            ExprKind::Literal(Literal::Int(n)) => i64::from(*n),
            _ => {
                return Err(Diagnostic::unsupported(
                    "a take count that is not a number literal",
                    count.span,
                ));
            }
        };
        let n = usize::try_from(n)
            .map_err(|_| Diagnostic::semantic("take needs a count of zero or more", count.span))?;
        let plan = input
            .builder()
            .limit(0, Some(n))
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation {
            plan,
            columns: input.columns,
        })
    }
}
