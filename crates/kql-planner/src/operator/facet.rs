//! `facet by Column`: one row per value of the column with its number of rows, in the columns
//! `Column` and `count_Column` (facet-operator.md's output tables), planned as `summarize
//! count_Column = count() by Column`.

use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation};
use kql_syntax::Diagnostic;
use kql_syntax::ast::{AggregateItem, Expr, ExprKind, Facet, Ident, ProjectItem, Summarize};

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `facet`.
    pub(crate) fn facet_to_plan(
        &self,
        facet: &Facet,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        let span = facet.column.span;
        let count = Expr {
            kind: ExprKind::Call {
                name: Ident {
                    name: "count".to_owned(),
                    span,
                },
                args: Vec::new(),
            },
            span,
        };
        let summarize = Summarize {
            hints: Vec::new(),
            aggregates: vec![AggregateItem {
                tuple: Vec::new(),
                item: ProjectItem {
                    name: Some(Ident {
                        name: format!("count_{}", facet.column.name),
                        span,
                    }),
                    expr: count,
                    span,
                },
                span,
            }],
            by: vec![ProjectItem {
                name: None,
                expr: Expr {
                    kind: ExprKind::Name(facet.column.clone()),
                    span,
                },
                span,
            }],
        };
        self.summarize_to_plan(&summarize, input)
    }
}
