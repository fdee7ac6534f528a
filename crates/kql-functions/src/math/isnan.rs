//! `isnan(number)`, `isinf(number)`, `isfinite(number)`: tests of a real's IEEE class.

use crate::args::fixed;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::functions::core::expr_fn::coalesce;
use datafusion::functions::math::expr_fn::{abs, isnan};
use datafusion::logical_expr::{Expr, lit};
use kql_syntax::KqlType;

/// One of the three tests: see each `DOC`.
pub(crate) struct RealClassFunc {
    doc: &'static FunctionDoc,
    test: Test,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Test {
    Nan,
    Inf,
    Finite,
}

/// `isnan`.
pub(crate) const ISNAN: RealClassFunc = RealClassFunc {
    doc: &ISNAN_DOC,
    test: Test::Nan,
};
/// `isinf`.
pub(crate) const ISINF: RealClassFunc = RealClassFunc {
    doc: &ISINF_DOC,
    test: Test::Inf,
};
/// `isfinite`.
pub(crate) const ISFINITE: RealClassFunc = RealClassFunc {
    doc: &ISFINITE_DOC,
    test: Test::Finite,
};

const ISNAN_DOC: FunctionDoc = FunctionDoc {
    name: "isnan",
    aliases: &[],
    category: "math",
    syntax: "isnan(number)",
    description: "True when number is NaN (0.0/0.0); false otherwise, also for null and for \
        an int or long.",
    returns: "bool, never null",
    examples: &[Example {
        query: "datatable(x:long)[-1, 0, 1] | extend y = -1 * x | extend div = 1.0 * x / y | extend isnan = isnan(div)",
        output: "x,y,div,isnan\n-1,1,-1,false\n0,0,NaN,true\n1,-1,-1,false",
    }],
};

const ISINF_DOC: FunctionDoc = FunctionDoc {
    name: "isinf",
    aliases: &[],
    category: "math",
    syntax: "isinf(number)",
    description: "True when number is positive or negative infinity; false otherwise, also \
        for NaN and null.",
    returns: "bool, never null",
    examples: &[Example {
        query: "datatable(x:long)[-1, 0, 1] | extend div = 1.0 * x / 0.0 | extend isinf = isinf(div)",
        output: "x,div,isinf\n-1,-Infinity,true\n0,NaN,false\n1,Infinity,true",
    }],
};

const ISFINITE_DOC: FunctionDoc = FunctionDoc {
    name: "isfinite",
    aliases: &[],
    category: "math",
    syntax: "isfinite(number)",
    description: "True when number is neither infinite nor NaN; false for those and for null.",
    returns: "bool, never null",
    examples: &[Example {
        query: "print a = isfinite(1.0 / 0.0), b = isfinite(0.0 / 0.0), c = isfinite(2.5), d = isfinite(7)",
        output: "a,b,c,d\nfalse,false,true,true",
    }],
};

impl KqlFunction for RealClassFunc {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [x] = fixed(self.doc, args)?;
        let integral = x.kql_type() != KqlType::Real && x.kql_type() != KqlType::Decimal;
        let x = x.real()?.expr;
        let nan = || isnan(x.clone());
        let inf = || abs(x.clone()).eq(lit(f64::INFINITY));
        let test: Expr = match self.test {
            Test::Nan if integral => lit(false),
            Test::Inf if integral => lit(false),
            Test::Nan => nan(),
            Test::Inf => inf(),
            Test::Finite => Expr::Not(Box::new(nan().or(inf()))),
        };
        // A null number answers false, never null.
        Ok(TypedExpr::new(
            coalesce(vec![test, lit(false)]),
            KqlType::Bool,
        ))
    }
}
