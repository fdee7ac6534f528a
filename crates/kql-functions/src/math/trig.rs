//! `cos`, `sin`, `tan`, `acos`, `asin`, `atan`, `cot`, `degrees`, `radians`, `atan2` and `pi`:
//! trigonometry on reals.
//!
//! Kusto's rule that differs from IEEE: `acos` and `asin` of a value outside [-1, 1] are null
//! (not NaN).

use crate::args::fixed;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::functions::math::expr_fn::{
    acos, asin, atan, atan2, cos, cot, degrees, pi, radians, sin, tan,
};
use datafusion::logical_expr::{Expr, lit, when};
use kql_syntax::KqlType;

/// One of this file's one-argument functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Cos,
    Sin,
    Tan,
    Acos,
    Asin,
    Atan,
    Cot,
    Degrees,
    Radians,
}

/// A one-argument trigonometric function: see each `DOC`.
pub(crate) struct TrigFunc {
    doc: &'static FunctionDoc,
    op: Op,
}

macro_rules! trig {
    ($name:ident, $op:ident, $kql:literal, $syntax:literal, $description:literal, $query:literal, $output:literal) => {
        #[doc = concat!("`", $kql, "`.")]
        pub(crate) const $name: TrigFunc = TrigFunc {
            doc: &FunctionDoc {
                name: $kql,
                aliases: &[],
                category: "math",
                syntax: $syntax,
                description: $description,
                returns: "real; null when the argument is null",
                examples: &[Example {
                    query: $query,
                    output: $output,
                }],
            },
            op: Op::$op,
        };
    };
}

trig!(
    COS,
    Cos,
    "cos",
    "cos(number)",
    "The cosine of number (in radians).",
    "print a = cos(0), b = cos(pi())",
    "a,b\n1,-1"
);
trig!(
    SIN,
    Sin,
    "sin",
    "sin(number)",
    "The sine of number (in radians).",
    "print a = sin(0), b = sin(pi() / 2)",
    "a,b\n0,1"
);
trig!(
    TAN,
    Tan,
    "tan",
    "tan(x)",
    "The tangent of x (in radians).",
    "print a = tan(0), b = tan(1)",
    "a,b\n0,1.5574077246549023"
);
trig!(
    ACOS,
    Acos,
    "acos",
    "acos(x)",
    "The arc cosine of x, in radians from 0 to pi; null when x is below -1 or above 1.",
    "print a = acos(1), b = acos(-1), c = acos(2)",
    "a,b,c\n0,3.141592653589793,"
);
trig!(
    ASIN,
    Asin,
    "asin",
    "asin(x)",
    "The arc sine of x, in radians from -pi/2 to pi/2; null when x is below -1 or above 1.",
    "print a = asin(0.5), b = asin(1), c = asin(-1.5)",
    "a,b,c\n0.5235987755982989,1.5707963267948966,"
);
trig!(
    ATAN,
    Atan,
    "atan",
    "atan(x)",
    "The arc tangent of x, in radians from -pi/2 to pi/2.",
    "print a = atan(1), b = atan(0)",
    "a,b\n0.7853981633974483,0"
);
trig!(
    COT,
    Cot,
    "cot",
    "cot(number)",
    "The cotangent of number (in radians).",
    "print result = cot(1)",
    "result\n0.6420926159343306"
);
trig!(
    DEGREES,
    Degrees,
    "degrees",
    "degrees(radians)",
    "The angle radians converted to degrees (× 180 / pi).",
    "print degrees0 = degrees(pi() / 4), degrees1 = degrees(pi() * 1.5), degrees2 = degrees(0)",
    "degrees0,degrees1,degrees2\n45,270,0"
);
trig!(
    RADIANS,
    Radians,
    "radians",
    "radians(degrees)",
    "The angle degrees converted to radians (× pi / 180).",
    "print radians0 = radians(90), radians1 = radians(180), radians2 = radians(360)",
    "radians0,radians1,radians2\n1.5707963267948966,3.141592653589793,6.283185307179586"
);

impl KqlFunction for TrigFunc {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [x] = fixed(self.doc, args)?;
        let x = x.real()?.expr;
        let e = match self.op {
            Op::Cos => cos(x),
            Op::Sin => sin(x),
            Op::Tan => tan(x),
            Op::Acos => unit_range(self.doc, x, acos)?,
            Op::Asin => unit_range(self.doc, x, asin)?,
            Op::Atan => atan(x),
            Op::Cot => cot(x),
            Op::Degrees => degrees(x),
            Op::Radians => radians(x),
        };
        Ok(TypedExpr::new(e, KqlType::Real))
    }
}

/// `f(x)`, null where `x` is outside [-1, 1].
fn unit_range(
    doc: &'static FunctionDoc,
    x: Expr,
    f: fn(Expr) -> Expr,
) -> Result<Expr, FunctionError> {
    let null = lit(datafusion::common::ScalarValue::Float64(None));
    when(x.clone().lt(lit(-1.0)).or(x.clone().gt(lit(1.0))), null)
        .otherwise(f(x))
        .map_err(|e| FunctionError::call(doc, e))
}

/// `atan2`: see [`ATAN2_DOC`].
pub(crate) struct Atan2Func;

/// The reference entry of `atan2`.
pub(crate) const ATAN2_DOC: FunctionDoc = FunctionDoc {
    name: "atan2",
    aliases: &[],
    category: "math",
    syntax: "atan2(y, x)",
    description: "The angle in radians, from -pi to pi, between the positive x axis and the \
        ray from the origin to the point (x, y).",
    returns: "real; null when an argument is null",
    examples: &[Example {
        query: "print atan2_0 = atan2(1, 1), atan2_1 = atan2(0, -1), atan2_2 = atan2(-1, 0)",
        output: "atan2_0,atan2_1,atan2_2\n0.7853981633974483,3.141592653589793,-1.5707963267948966",
    }],
};

impl KqlFunction for Atan2Func {
    fn doc(&self) -> &'static FunctionDoc {
        &ATAN2_DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [y, x] = fixed(&ATAN2_DOC, args)?;
        Ok(TypedExpr::new(
            atan2(y.real()?.expr, x.real()?.expr),
            KqlType::Real,
        ))
    }
}

/// `pi`: see [`PI_DOC`].
pub(crate) struct PiFunc;

/// The reference entry of `pi`.
pub(crate) const PI_DOC: FunctionDoc = FunctionDoc {
    name: "pi",
    aliases: &[],
    category: "math",
    syntax: "pi()",
    description: "The constant pi (3.14159…), as a real.",
    returns: "real",
    examples: &[Example {
        query: "print p = pi()",
        output: "p\n3.141592653589793",
    }],
};

impl KqlFunction for PiFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &PI_DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [] = fixed(&PI_DOC, args)?;
        Ok(TypedExpr::new(pi(), KqlType::Real))
    }
}
