//! `top N by Expr [asc|desc] [nulls first|last]`: `sort by … | take N`, with sort's defaults
//! (`desc`, nulls last for `desc` and first for `asc`; top-operator.md); and the row counts of
//! `take`, `top` and `sample`.

use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation, internal};
use crate::scope::Column;
use datafusion::common::ScalarValue;
use kql_syntax::ast::{Expr, ExprKind, Sort, Top};
use kql_syntax::{Diagnostic, KqlType};

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// A row count (`take 10`, `top n by …`): a constant long of zero or more — a literal, a
    /// `let`, a parameter or `toscalar(…)` — not a column of the input.
    pub(crate) fn row_count(
        &self,
        count: &Expr,
        operator: &str,
        input: &[Column],
    ) -> Result<usize, Diagnostic> {
        let mut inner = count;
        while let ExprKind::Paren(e) = &inner.kind {
            inner = e;
        }
        if let ExprKind::Name(ident) = &inner.kind
            && input.iter().any(|c| c.name == ident.name)
        {
            return Err(Diagnostic::semantic(
                format!(
                    "a {operator} count must be a constant, not the column '{}'",
                    ident.name
                ),
                count.span,
            ));
        }
        let n = match self.constant(count, &[], Some(KqlType::Long))? {
            ScalarValue::Int64(Some(n)) => n,
            _ => {
                return Err(Diagnostic::semantic(
                    format!("{operator} needs a count, found null"),
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

    /// Plans `top`.
    pub(crate) fn top_to_plan(&self, top: &Top, input: Relation) -> Result<Relation, Diagnostic> {
        let n = self.row_count(&top.count, "top", &input.columns)?;
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
