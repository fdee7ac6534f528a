//! `sum(expr)`: the total of the non-null values.

use crate::args::Arg;
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};
use datafusion::functions_aggregate::expr_fn::sum;
use datafusion::logical_expr::Expr;
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
        of no values is 0, not null. int and long sum to a long; real to a real; decimal to a \
        decimal; timespan to a timespan.",
    returns: "long for int/long input, else the type of expr",
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

/// `sum(value)`, typed as Kusto types it; also `sumif`'s plan before its filter.
pub(super) fn sum_of(value: Arg) -> Result<AggregatePlan, FunctionError> {
    let (value, finish): (TypedExpr, fn(Expr, usize) -> Expr) = match value.kql_type() {
        KqlType::Int | KqlType::Long => (value.long()?, super::or_zero_long),
        // Kusto.Language: timespans sum to a timespan (of nanoseconds here; 0 for no rows).
        KqlType::TimeSpan => {
            let nanos = value.any().to_nanos();
            let plan = AggregatePlan::new(sum(nanos), KqlType::TimeSpan).with_finish(|total, i| {
                TypedExpr::from_nanos(super::or_zero_long(total, i), KqlType::TimeSpan).expr
            });
            return Ok(plan);
        }
        // Kusto.Language: decimals sum to a decimal (0 for no rows).
        KqlType::Decimal => {
            let plan = AggregatePlan::new(sum(value.any().expr), KqlType::Decimal)
                .with_finish(|total, _| crate::decimal::or_zero(total));
            return Ok(plan);
        }
        _ => (value.real()?, super::or_zero_real),
    };
    Ok(AggregatePlan::new(sum(value.expr), value.kql_type).with_finish(finish))
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
        sum_of(super::one_argument(&DOC, args)?)
    }
}
