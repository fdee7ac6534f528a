//! `gamma(number)` and `loggamma(number)`: the gamma function and the logarithm of its
//! absolute value.

use crate::args::fixed;
use crate::udf::{Batch, unary};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::Float64Type;
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `gamma` or `loggamma`: see each `DOC`.
pub(crate) struct GammaFunc {
    doc: &'static FunctionDoc,
    log: bool,
}

/// `gamma`.
pub(crate) const GAMMA: GammaFunc = GammaFunc {
    doc: &GAMMA_DOC,
    log: false,
};
/// `loggamma`.
pub(crate) const LOGGAMMA: GammaFunc = GammaFunc {
    doc: &LOGGAMMA_DOC,
    log: true,
};

const GAMMA_DOC: FunctionDoc = FunctionDoc {
    name: "gamma",
    aliases: &[],
    category: "math",
    syntax: "gamma(number)",
    description: "The gamma function of number ((n - 1)! for a positive integer n). At 0 and \
        the negative integers, where it has poles, the IEEE results of C's tgamma (Infinity or \
        NaN) are kept; a result too large for a real is Infinity.",
    returns: "real; null when number is null",
    examples: &[Example {
        query: "print result = gamma(5), half = gamma(0.5)",
        output: "result,half\n24,1.7724538509055159",
    }],
};

const LOGGAMMA_DOC: FunctionDoc = FunctionDoc {
    name: "loggamma",
    aliases: &[],
    category: "math",
    syntax: "loggamma(number)",
    description: "The natural logarithm of the absolute value of the gamma function of number \
        (Infinity at 0 and the negative integers).",
    returns: "real; null when number is null",
    examples: &[Example {
        query: "print result = loggamma(5)",
        output: "result\n3.1780538303479458",
    }],
};

impl KqlFunction for GammaFunc {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [number] = fixed(self.doc, args)?;
        let number = number.real()?;
        Ok(if self.log {
            unary("kql_loggamma", number, KqlType::Real, loggamma_batch)
        } else {
            unary("kql_gamma", number, KqlType::Real, gamma_batch)
        })
    }
}

fn gamma_batch(batch: &Batch) -> Result<ColumnarValue> {
    let x = batch.primitives::<Float64Type>(0)?;
    batch.primitive_result::<Float64Type>(|row| x.get(row).map(libm::tgamma))
}

/// ln |Γ(x)|: through Γ(x) where it is a finite non-zero real, which is correctly rounded
/// more often than `lgamma` (ln Γ(5) = ln 24 = 3.1780538303479458, as Kusto's docs give it,
/// where `lgamma` is one unit in the last place lower); `lgamma` beyond.
fn log_gamma(x: f64) -> f64 {
    let gamma = libm::tgamma(x);
    if gamma.is_finite() && gamma != 0.0 {
        gamma.abs().ln()
    } else {
        libm::lgamma(x)
    }
}

fn loggamma_batch(batch: &Batch) -> Result<ColumnarValue> {
    let x = batch.primitives::<Float64Type>(0)?;
    batch.primitive_result::<Float64Type>(|row| x.get(row).map(log_gamma))
}
