//! `sort by Expr [asc|desc] [nulls first|last], …`: order rows.
//!
//! Kusto's defaults differ from SQL's: the direction is `desc`, and nulls come first when
//! ascending and last when descending. Both are set explicitly on every key. NaN sits next to
//! null (ascending nulls-first: `null, NaN, -inf … +inf`; descending nulls-last:
//! `+inf … -inf, NaN, null`), where Arrow's total order would put it above +inf; real keys
//! therefore sort first by a rank (null 0, NaN 1, number 2).

use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation, internal};
use datafusion::functions::math::expr_fn::isnan;
use datafusion::logical_expr::{SortExpr, lit, when};
use kql_syntax::ast::{NullsOrder, Sort, SortDirection, SortKey};
use kql_syntax::{Diagnostic, KqlType};

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `sort`.
    pub(crate) fn sort_to_plan(
        &self,
        sort: &Sort,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        let sorts = self.sort_exprs(&sort.keys, &input.columns)?;
        let plan = input
            .builder()
            .sort(sorts)
            .and_then(|b| b.build())
            .map_err(internal)?;
        Ok(Relation {
            plan,
            columns: input.columns,
        })
    }

    /// The DataFusion sort expressions of `keys` over `columns`, with Kusto's defaults.
    pub(crate) fn sort_exprs(
        &self,
        keys: &[SortKey],
        columns: &[crate::scope::Column],
    ) -> Result<Vec<SortExpr>, Diagnostic> {
        let mut sorts = Vec::with_capacity(keys.len());
        for key in keys {
            let value = self.expr_to_df(&key.expr, columns)?;
            if value.kql_type == KqlType::Dynamic {
                return Err(
                    Diagnostic::semantic("cannot sort by a dynamic value", key.expr.span)
                        .with_help("convert it first, e.g. sort by tostring(x)"),
                );
            }
            let asc = key.direction == Some(SortDirection::Asc);
            let nulls_first = match key.nulls {
                Some(NullsOrder::First) => true,
                Some(NullsOrder::Last) => false,
                None => asc,
            };
            if value.kql_type == KqlType::Real {
                let rank = when(value.expr.clone().is_null(), lit(0i32))
                    .when(isnan(value.expr.clone()), lit(1i32))
                    .otherwise(lit(2i32))
                    .map_err(internal)?;
                // Nulls first: rank ascending (null, NaN, numbers); last: descending.
                sorts.push(SortExpr::new(rank, nulls_first, false));
            }
            sorts.push(SortExpr::new(value.expr, asc, nulls_first));
        }
        Ok(sorts)
    }
}
