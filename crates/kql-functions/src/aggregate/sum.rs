//! `sum(expr)`: the total of the non-null values.

use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};
use datafusion::functions::core::expr_fn::coalesce;
use datafusion::logical_expr::{Expr, lit};
use kql_syntax::KqlType;

/// `sum`: see [`DOC`].
pub(crate) struct SumFunc;

/// The reference entry of `sum`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "sum",
    aliases: &[],
    category: "aggregate",
    syntax: "sum(expr)",
    description: "The sum of expr over the group; nulls are ignored. Unlike SQL's SUM, the sum \
        of no values is 0, not null. int and long sum to a long; real to a real.",
    returns: "long for int/long input, real for real input",
    examples: &[
        Example {
            query: "datatable(x:long)[1, 5, long(null)] | summarize sum(x)",
            output: "sum_x\n6",
        },
        Example {
            query: "datatable(x:real)[1.5, 2.25] | summarize total = sum(x)",
            output: "total\n3.75",
        },
    ],
};

fn zero_long(e: Expr) -> Expr {
    coalesce(vec![e, lit(0i64)])
}

fn zero_real(e: Expr) -> Expr {
    coalesce(vec![e, lit(0f64)])
}

impl KqlFunction for SumFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("sum")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        let value = super::one_argument(&DOC, args)?;
        let (value, finish): (TypedExpr, fn(Expr) -> Expr) = match value.kql_type() {
            KqlType::Int | KqlType::Long => (value.long()?, zero_long),
            _ => (value.real()?, zero_real),
        };
        Ok(AggregatePlan {
            kql_type: value.kql_type,
            aggregate: datafusion::functions_aggregate::expr_fn::sum(value.expr),
            finish: Some(finish),
        })
    }
}
