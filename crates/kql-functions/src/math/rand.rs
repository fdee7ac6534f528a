//! `rand([N])`: a random real, uniform in [0, 1) or over the integers 0 … N - 1.

use crate::args::optional;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::common::ScalarValue;
use datafusion::functions::math::expr_fn::{floor, random};
use datafusion::logical_expr::{lit, when};
use kql_syntax::KqlType;

/// `rand`: see [`DOC`].
pub(crate) struct RandFunc;

/// The reference entry of `rand`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "rand",
    aliases: &[],
    category: "math",
    syntax: "rand([N])",
    description: "A random real: without N, uniformly distributed in [0.0, 1.0); with N (a \
        long), chosen uniformly from 0.0, 1.0, …, N - 1. A new value for every row. Null when \
        N is null or not positive (kqlake's choice).",
    returns: "real",
    examples: &[Example {
        query: "print a = rand() < 1.0, b = rand(1), c = rand(10) between (0 .. 9), d = isnull(rand(0))",
        output: "a,b,c,d\ntrue,0,true,true",
    }],
};

impl KqlFunction for RandFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let ([], [n]) = optional::<0, 1>(&DOC, args)?;
        let Some(n) = n else {
            return Ok(TypedExpr::new(random(), KqlType::Real));
        };
        let n = n.long()?.cast_to(KqlType::Real).expr;
        let e = when(n.clone().gt(lit(0.0)), floor(random() * n))
            .otherwise(lit(ScalarValue::Float64(None)))
            .map_err(|e| FunctionError::call(&DOC, e))?;
        Ok(TypedExpr::new(e, KqlType::Real))
    }
}
