//! `avg(expr)`: the mean of the non-null values: a real, or a decimal, timespan or datetime
//! for those.

use crate::args::Arg;
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};
use datafusion::arrow::datatypes::DataType;
use datafusion::functions_aggregate::expr_fn::avg;
use datafusion::logical_expr::{Expr, cast};
use kql_syntax::KqlType;

/// `avg`: see [`DOC`].
pub(crate) struct AvgFunc;

/// The reference entry of `avg`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "avg",
    aliases: &[],
    category: "aggregate",
    syntax: "avg(expr)",
    description: "The average of expr over the group; nulls are ignored. The result is a \
        real even for int and long input (avg of 1 and 2 is 1.5, not 1); the average of \
        timespans is a timespan and of datetimes a datetime (truncated to whole nanoseconds); \
        of decimals a decimal.",
    returns: "real for int, long and real, else the type of expr; null when the group has no non-null value",
    examples: &[
        Example {
            query: "datatable(x:long)[1, 2, 4] | summarize avg(x)",
            output: "avg_x\n2.3333333333333335",
        },
        Example {
            query: r#"datatable(k:string, x:long)["a", 1, "a", 2, "b", 5, "b", long(null)] | summarize m = avg(x) by k | sort by k asc"#,
            output: "k,m\na,1.5\nb,5",
        },
        Example {
            query: "datatable(d:timespan, t:datetime)[1s, datetime(2024-01-01), 2s, datetime(2024-01-03)] | summarize avg(d), avg(t)",
            output: "avg_d,avg_t\n00:00:01.5000000,2024-01-02T00:00:00.0000000Z",
        },
    ],
};

/// `avg(value)`: a real for numbers, a timespan or datetime for those (Kusto.Language's
/// signatures); also `avgif`'s plan before its filter. Times are averaged as exact decimal
/// nanoseconds, then truncated to whole nanoseconds.
pub(super) fn avg_of(value: Arg) -> Result<AggregatePlan, FunctionError> {
    match value.kql_type() {
        KqlType::TimeSpan => Ok(avg_of_nanos(value.any()).with_finish(|mean, _| {
            TypedExpr::from_nanos(whole_nanos(mean), KqlType::TimeSpan).expr
        })),
        KqlType::DateTime => Ok(avg_of_nanos(value.any()).with_finish(|mean, _| {
            TypedExpr::from_nanos(whole_nanos(mean), KqlType::DateTime).expr
        })),
        // Kusto.Language: the mean of decimals is a decimal.
        KqlType::Decimal => Ok(AggregatePlan::new(avg(value.any().expr), KqlType::Decimal)
            .with_finish(|mean, _| cast(mean, crate::types::kql_to_arrow(KqlType::Decimal)))),
        _ => {
            let real = value.real()?;
            Ok(AggregatePlan::new(avg(real.expr), KqlType::Real))
        }
    }
}

/// The mean of a datetime's or timespan's nanoseconds, as an exact decimal.
fn avg_of_nanos(value: TypedExpr) -> AggregatePlan {
    let kql_type = value.kql_type;
    let nanos = cast(value.to_nanos(), DataType::Decimal128(38, 0));
    AggregatePlan::new(avg(nanos), kql_type)
}

/// A decimal mean of nanoseconds as whole Int64 nanoseconds.
fn whole_nanos(mean: Expr) -> Expr {
    cast(mean, DataType::Int64)
}

impl KqlFunction for AvgFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("avg")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        avg_of(super::one_argument(&DOC, args)?)
    }
}
