//! `abs`, `ceiling`, `sign`, `sqrt`, `exp`, `exp2`, `exp10`, `log`, `log2`, `log10`, `pow`:
//! elementary math on numbers.
//!
//! Kusto's rules that differ from IEEE/SQL: `sqrt` and the logarithms of a negative number are
//! null (not NaN); `abs`, `ceiling` and `sign` keep an int or long input a long.

use crate::args::fixed;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::functions::math::expr_fn::{abs, ceil, exp, ln, log2, log10, power, signum, sqrt};
use datafusion::logical_expr::{Expr, lit, when};
use kql_syntax::KqlType;

/// One of this file's functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Abs,
    Ceiling,
    Sign,
    Sqrt,
    Exp,
    Exp2,
    Exp10,
    Log,
    Log2,
    Log10,
}

/// An elementary function: see each `DOC`.
pub(crate) struct ElementaryFunc {
    doc: &'static FunctionDoc,
    op: Op,
}

macro_rules! elementary {
    ($name:ident, $op:ident, $kql:literal, $syntax:literal, $description:literal, $query:literal, $output:literal) => {
        #[doc = concat!("`", $kql, "`.")]
        pub(crate) const $name: ElementaryFunc = ElementaryFunc {
            doc: &FunctionDoc {
                name: $kql,
                aliases: &[],
                category: "math",
                syntax: $syntax,
                description: $description,
                returns: "real (abs, ceiling and sign of an int or long: long); null when an argument is null",
                examples: &[Example {
                    query: $query,
                    output: $output,
                }],
            },
            op: Op::$op,
        };
    };
}

elementary!(
    ABS,
    Abs,
    "abs",
    "abs(x)",
    "The absolute value of x, a number or a timespan.",
    "print a = abs(-5), b = abs(-2.5), c = abs(-90m)",
    "a,b,c\n5,2.5,01:30:00"
);
elementary!(
    CEILING,
    Ceiling,
    "ceiling",
    "ceiling(number)",
    "The smallest integer greater than or equal to number.",
    "print c1 = ceiling(-1.1), c2 = ceiling(0), c3 = ceiling(0.9)",
    "c1,c2,c3\n-1,0,1"
);
elementary!(
    SIGN,
    Sign,
    "sign",
    "sign(number)",
    "-1, 0 or 1: the sign of number.",
    "print s1 = sign(-42), s2 = sign(0), s3 = sign(11.2)",
    "s1,s2,s3\n-1,0,1"
);
elementary!(
    SQRT,
    Sqrt,
    "sqrt",
    "sqrt(number)",
    "The square root of number; null when number is negative.",
    "print a = sqrt(16), b = sqrt(-1)",
    "a,b\n4,"
);
elementary!(
    EXP,
    Exp,
    "exp",
    "exp(x)",
    "e raised to the power x.",
    "print result = exp(2)",
    "result\n7.38905609893065"
);
elementary!(
    EXP2,
    Exp2,
    "exp2",
    "exp2(x)",
    "2 raised to the power x.",
    "print result = exp2(3)",
    "result\n8"
);
elementary!(
    EXP10,
    Exp10,
    "exp10",
    "exp10(x)",
    "10 raised to the power x.",
    "print result = exp10(2)",
    "result\n100"
);
elementary!(
    LOG,
    Log,
    "log",
    "log(number)",
    "The natural logarithm of number; null when number is negative, -Infinity at 0.",
    "print result = log(5), n = log(-1)",
    "result,n\n1.6094379124341003,"
);
elementary!(
    LOG2,
    Log2,
    "log2",
    "log2(number)",
    "The base-2 logarithm of number; null when number is negative.",
    "print a = log2(8), b = log2(0.5)",
    "a,b\n3,-1"
);
elementary!(
    LOG10,
    Log10,
    "log10",
    "log10(number)",
    "The base-10 logarithm of number; null when number is negative.",
    "print result = log10(1000)",
    "result\n3"
);

/// `f(x)`, null where `x` is negative.
fn non_negative(
    doc: &'static FunctionDoc,
    x: Expr,
    f: fn(Expr) -> Expr,
) -> Result<Expr, FunctionError> {
    let null = lit(datafusion::common::ScalarValue::Float64(None));
    when(x.clone().lt(lit(0.0)), null)
        .otherwise(f(x))
        .map_err(|e| FunctionError::call(doc, e))
}

/// `pow`: see [`POW_DOC`].
pub(crate) struct PowFunc;

/// The reference entry of `pow`.
pub(crate) const POW_DOC: FunctionDoc = FunctionDoc {
    name: "pow",
    aliases: &[],
    category: "math",
    syntax: "pow(base, exponent)",
    description: "base raised to the power exponent, as a real.",
    returns: "real; null when an argument is null",
    examples: &[Example {
        query: "print result = pow(2, 3), r = pow(4, 0.5), n = pow(2, -1)",
        output: "result,r,n\n8,2,0.5",
    }],
};

impl KqlFunction for PowFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &POW_DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [base, exponent] = fixed(&POW_DOC, args)?;
        let e = power(base.real()?.expr, exponent.real()?.expr);
        Ok(TypedExpr::new(e, KqlType::Real))
    }
}

impl KqlFunction for ElementaryFunc {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn takes_first_argument_name(&self) -> bool {
        matches!(self.op, Op::Abs | Op::Sqrt | Op::Log | Op::Exp)
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [x] = fixed(self.doc, args)?;
        if self.op == Op::Abs && x.kql_type() == KqlType::TimeSpan {
            let nanos = x.any().to_nanos();
            return Ok(TypedExpr::from_nanos(abs(nanos), KqlType::TimeSpan));
        }
        let integral = matches!(x.kql_type(), KqlType::Int | KqlType::Long);
        if integral && matches!(self.op, Op::Abs | Op::Ceiling) {
            let x = x.long()?;
            let e = if self.op == Op::Abs {
                abs(x.expr)
            } else {
                x.expr
            };
            return Ok(TypedExpr::new(e, KqlType::Long));
        }
        let x = x.real()?.expr;
        let e = match self.op {
            Op::Abs => abs(x),
            Op::Ceiling => ceil(x),
            Op::Sign => signum(x),
            Op::Sqrt => non_negative(self.doc, x, sqrt)?,
            Op::Exp => exp(x),
            Op::Exp2 => power(lit(2.0), x),
            Op::Exp10 => power(lit(10.0), x),
            Op::Log => non_negative(self.doc, x, ln)?,
            Op::Log2 => non_negative(self.doc, x, log2)?,
            Op::Log10 => non_negative(self.doc, x, log10)?,
        };
        let real = TypedExpr::new(e, KqlType::Real);
        Ok(if integral && self.op == Op::Sign {
            real.cast_to(KqlType::Long)
        } else {
            real
        })
    }
}
