//! `round(number [, precision])`: a number rounded to `precision` decimal digits.

use crate::args::optional;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::functions::math::expr_fn::round;
use datafusion::logical_expr::lit;
use kql_syntax::KqlType;

/// `round`: see [`DOC`].
pub(crate) struct RoundFunc;

/// The reference entry of `round`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "round",
    aliases: &[],
    category: "math",
    syntax: "round(number [, precision])",
    description: "number rounded to precision decimal digits (default 0; negative rounds to \
        tens, hundreds, …). Halves round away from zero (round(2.5) is 3, round(-2.5) is -3; \
        Kusto's docs do not say). Unlike bin(), which rounds down to a multiple: round(2.15, \
        1) is 2.2 where bin(2.15, 1) is 2. An int or long stays a long.",
    returns: "real for a real, long for an int or long; null when an argument is null",
    examples: &[Example {
        query: "print a = round(2.98765, 3), b = round(2.15, 1), c = round(2.15), d = round(-50.55, -2), e = round(21.5, -1), f = round(1234, -2)",
        output: "a,b,c,d,e,f\n2.988,2.2,2,-100,20,1200",
    }],
};

impl KqlFunction for RoundFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn takes_first_argument_name(&self) -> bool {
        true
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let ([number], [precision]) = optional::<1, 1>(&DOC, args)?;
        let number = number.number()?;
        let precision = match precision {
            Some(p) => p.long()?.expr,
            None => lit(0i64),
        };
        let ty = number.kql_type;
        let rounded = TypedExpr::new(
            round(vec![number.cast_to(KqlType::Real).expr, precision]),
            KqlType::Real,
        );
        Ok(match ty {
            KqlType::Int | KqlType::Long => rounded.cast_to(KqlType::Long),
            _ => rounded,
        })
    }
}
