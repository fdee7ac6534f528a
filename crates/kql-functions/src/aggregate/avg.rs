//! `avg(expr)`: the mean of the non-null values, always a real.

use crate::args::Arg;
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};
use datafusion::functions_aggregate::expr_fn::avg;
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
        real even for int and long input (avg of 1 and 2 is 1.5, not 1).",
    returns: "real; null when the group has no non-null value",
    examples: &[
        Example {
            query: "datatable(x:long)[1, 2, 4] | summarize avg(x)",
            output: "avg_x\n2.3333333333333335",
        },
        Example {
            query: r#"datatable(k:string, x:long)["a", 1, "a", 2, "b", 5, "b", long(null)] | summarize m = avg(x) by k | sort by k asc"#,
            output: "k,m\na,1.5\nb,5",
        },
    ],
};

/// `avg(value)`: always a real; also `avgif`'s plan before its filter.
pub(super) fn avg_of(value: Arg) -> Result<AggregatePlan, FunctionError> {
    let real = value.real()?;
    Ok(AggregatePlan::new(avg(real.expr), KqlType::Real))
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
