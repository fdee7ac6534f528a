//! `variance(expr)`: the sample variance; also the code `stdev`, `stdevp`, `variancep` and
//! their `-if` forms share.

use crate::args::Arg;
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};
use datafusion::functions_aggregate::expr_fn::{stddev, stddev_pop, var_pop, var_sample};
use kql_syntax::KqlType;

/// `variance`: see [`DOC`].
pub(crate) struct VarianceFunc;

/// The reference entry of `variance`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "variance",
    aliases: &[],
    category: "aggregate",
    syntax: "variance(expr)",
    description: "The variance of expr over the group, taken as a sample (the sum of squared \
        deviations divided by n - 1); null values are ignored. Over no rows it is 0, as \
        summarize-operator.md's table of defaults says; kqlake also gives 0 for a group of one \
        value, where n - 1 is 0 (Kusto's pages do not say).",
    returns: "real",
    examples: &[Example {
        query: "datatable(x:long)[1, 2, 3, 4, 5] | summarize variance(x)",
        output: "variance_x\n2.5",
    }],
};

/// Which spread an aggregate measures.
#[derive(Debug, Clone, Copy)]
pub(super) enum Spread {
    /// `variance`: sample variance (n - 1), 0 over fewer than two values.
    Variance,
    /// `variancep`: population variance (n), null over no values.
    Variancep,
    /// `stdev`: the square root of `variance`.
    Stdev,
    /// `stdevp`: the square root of `variancep`.
    Stdevp,
}

/// `spread(value)` as a real.
pub(super) fn spread_of(value: Arg, spread: Spread) -> Result<AggregatePlan, FunctionError> {
    let value = value.real()?.expr;
    Ok(match spread {
        // DataFusion's sample forms are null under two values: Kusto's default is 0.
        Spread::Variance => {
            AggregatePlan::new(var_sample(value), KqlType::Real).with_finish(super::or_zero_real)
        }
        Spread::Stdev => {
            AggregatePlan::new(stddev(value), KqlType::Real).with_finish(super::or_zero_real)
        }
        Spread::Variancep => AggregatePlan::new(var_pop(value), KqlType::Real),
        Spread::Stdevp => AggregatePlan::new(stddev_pop(value), KqlType::Real),
    })
}

impl KqlFunction for VarianceFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("variance")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        spread_of(super::one_argument(&DOC, args)?, Spread::Variance)
    }
}
