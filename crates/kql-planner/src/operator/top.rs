//! `top N by Expr [asc|desc] [nulls first|last]`: `sort by … | take N`, with sort's defaults
//! (`desc`, nulls last for `desc` and first for `asc`; top-operator.md); and the row counts of
//! `take`, `top` and `sample`.

use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation, internal};
use kql_syntax::Diagnostic;
use kql_syntax::ast::{Expr, ExprKind, Literal, Sort, Top};

/// A row count written as a number literal (`take 10`), zero or more.
pub(crate) fn row_count(count: &Expr, operator: &str) -> Result<usize, Diagnostic> {
    let n = match &count.kind {
        ExprKind::Literal(Literal::Long(n)) => *n,
        ExprKind::Literal(Literal::Int(n)) => i64::from(*n),
        _ => {
            return Err(Diagnostic::unsupported(
                format!("a {operator} count that is not a number literal"),
                count.span,
            ));
        }
    };
    usize::try_from(n).map_err(|_| {
        Diagnostic::semantic(
            format!("{operator} needs a count of zero or more"),
            count.span,
        )
    })
}

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `top`.
    pub(crate) fn top_to_plan(&self, top: &Top, input: Relation) -> Result<Relation, Diagnostic> {
        let n = row_count(&top.count, "top")?;
        let sort = Sort {
            keys: vec![top.key.clone()],
        };
        let sorted = self.sort_to_plan(&sort, input)?;
        let plan = sorted
            .builder()
            .limit(0, Some(n))
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation {
            plan,
            columns: sorted.columns,
        })
    }
}
