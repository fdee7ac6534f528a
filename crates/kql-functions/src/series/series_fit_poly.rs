//! `series_fit_poly(y_series [, x_series, degree])`: the least-squares polynomial through a
//! series, as several columns.
//!
//! Kusto's page defines the columns (rsquare, coefficients from the highest power down,
//! variance, rvariance, poly_fit) and says that degree 1 matches `series_fit_line`, so the
//! variances and r-square follow that function: sums of squares divided by n − 1, and
//! 1 − residual / total (1 for a constant series). Its examples fit rand() data and show
//! charts, so the tests fit polynomials computed by hand.
//!
//! The fit solves the Vandermonde system by Householder QR, not by the normal equations,
//! whose conditioning is the square of the system's (the page's tips warn about high degrees).

use super::{Num, push_real, series_elements};
use crate::args::optional;
use crate::udf::udf;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::logical_expr::lit;
use kql_syntax::KqlType;

/// `series_fit_poly`.
pub(crate) struct SeriesFitPolyFunc;

const DOC: FunctionDoc = FunctionDoc {
    name: "series_fit_poly",
    aliases: &[],
    category: "series",
    syntax: "series_fit_poly(y_series [, x_series, degree])",
    description: "Polynomial regression of a numeric array y_series against x_series (a \
        numeric array as long; 1, 2, …, n when not given or null) with a polynomial of \
        degree (a constant long, at least 1; default 1), as columns rsquare (1 − residual \
        sum of squares / total sum of squares; 1 for a constant series), coefficients (from \
        the highest power down), variance of y and rvariance of the residuals (both divided \
        by n − 1, as series_fit_line does, which degree 1 matches) and poly_fit, the \
        polynomial's value at each x. Named series_fit_poly_<y column>_<field>; used alone \
        as an item of extend or project. An element that is null, not a number or not \
        finite, arrays of different lengths, no more points than the degree, or x values \
        that cannot determine the polynomial (too few distinct ones) give null columns.",
    returns: "five columns: rsquare, variance, rvariance real; coefficients, poly_fit dynamic",
    examples: &[Example {
        query: "print y = dynamic([1, 3, 7]), x = dynamic([0, 1, 3]) | project series_fit_poly(y, x, 1) | project r = series_fit_poly_y_rsquare, a = round(todouble(series_fit_poly_y_coefficients[0]), 9), b = round(todouble(series_fit_poly_y_coefficients[1]), 9)",
        output: "r,a,b\n1,2,1",
    }],
};

impl KqlFunction for SeriesFitPolyFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn yields_scalar_columns(&self) -> bool {
        true
    }

    fn plan_scalar(&self, _: Vec<TypedExpr>, _: &CallContext) -> Result<TypedExpr, FunctionError> {
        Err(FunctionError::call(
            &DOC,
            "returns several columns: use it alone in extend or project (extend series_fit_poly(y))",
        ))
    }

    fn plan_columns(
        &self,
        args: Vec<TypedExpr>,
    ) -> Result<Vec<(&'static str, TypedExpr)>, FunctionError> {
        let bag = plan_fit(args)?;
        Ok([
            ("rsquare", KqlType::Real),
            ("coefficients", KqlType::Dynamic),
            ("variance", KqlType::Real),
            ("rvariance", KqlType::Real),
            ("poly_fit", KqlType::Dynamic),
        ]
        .into_iter()
        .map(|(key, ty)| (key, super::member_as(&bag, key, ty)))
        .collect())
    }
}

/// The fit as a bag {rsquare, coefficients, variance, rvariance, poly_fit}.
fn plan_fit(args: Vec<TypedExpr>) -> Result<TypedExpr, FunctionError> {
    let ([y], [x, degree]) = optional::<1, 2>(&DOC, args)?;
    let y = y.dynamic()?;
    if x.is_some() && degree.is_none() {
        return Err(FunctionError::call(
            &DOC,
            "expected 1 or 3 arguments: give x_series with a degree (series_fit_poly(y, x, 2)), or pass dynamic(null) as x_series for 1, 2, …, n",
        ));
    }
    let x = match x {
        Some(x) => x.dynamic()?.expr,
        None => lit(datafusion::common::ScalarValue::Utf8(None)),
    };
    let degree = match degree {
        Some(d) => {
            let error = d.error("degree must be at least 1");
            let d = d.long_literal()?;
            if d < 1 {
                return Err(error);
            }
            d
        }
        None => 1,
    };
    let f = udf(
        "series_fit_poly",
        vec![DataType::Utf8, DataType::Utf8, DataType::Int64],
        DataType::Utf8,
        |batch| {
            let y = batch.strings(0)?;
            let x = batch.strings(1)?;
            let degree = batch.primitives::<Int64Type>(2)?;
            batch.string_result(|row, out| {
                let (Some(y), Some(degree)) =
                    (y.get(row).and_then(series_elements), degree.get(row))
                else {
                    return false;
                };
                let x = match x.get(row) {
                    None | Some("null") => None,
                    Some(x) => match series_elements(x) {
                        Some(x) => Some(x),
                        None => return false,
                    },
                };
                let fit = fit_poly(&y, x.as_deref(), usize::try_from(degree).unwrap_or(0));
                push_fit(out, fit.as_ref());
                true
            })
        },
    );
    Ok(TypedExpr::new(
        f.call(vec![y.expr, x, lit(degree)]),
        KqlType::Dynamic,
    ))
}

/// A fitted polynomial.
struct PolyFit {
    rsquare: f64,
    /// From the highest power down.
    coefficients: Vec<f64>,
    variance: f64,
    rvariance: f64,
    fit: Vec<f64>,
}

/// The finite numbers of `elements`, or `None` if one is not.
fn finite(elements: &[&str]) -> Option<Vec<f64>> {
    elements
        .iter()
        .map(|e| Num::parse(e).map(Num::real).filter(|v| v.is_finite()))
        .collect()
}

/// The least-squares polynomial of `degree` through (x, y), x defaulting to 1, 2, …, n.
fn fit_poly(y: &[&str], x: Option<&[&str]>, degree: usize) -> Option<PolyFit> {
    let ys = finite(y)?;
    let xs = match x {
        Some(x) => finite(x)?,
        None => (1..=ys.len()).map(|i| i as f64).collect(),
    };
    let n = ys.len();
    let m = degree.checked_add(1)?;
    if xs.len() != n || n < m || n < 2 {
        return None;
    }
    // Vandermonde columns x^0 … x^degree, column-major.
    let mut a: Vec<Vec<f64>> = Vec::with_capacity(m);
    for p in 0..m {
        a.push(
            xs.iter()
                .map(|x| x.powi(i32::try_from(p).unwrap_or(i32::MAX)))
                .collect(),
        );
    }
    let ascending = least_squares(a, ys.clone())?;
    let fit: Vec<f64> = xs
        .iter()
        .map(|x| ascending.iter().rev().fold(0.0, |acc, c| acc * x + c))
        .collect();
    let mean = ys.iter().fold(0.0, |s, y| s + y) / n as f64;
    let total = ys.iter().fold(0.0, |s, y| s + (y - mean) * (y - mean));
    let residual = ys
        .iter()
        .zip(&fit)
        .fold(0.0, |s, (y, f)| s + (y - f) * (y - f));
    let rsquare = if total == 0.0 {
        1.0
    } else {
        1.0 - residual / total
    };
    Some(PolyFit {
        rsquare,
        coefficients: ascending.into_iter().rev().collect(),
        variance: total / (n as f64 - 1.0),
        rvariance: residual / (n as f64 - 1.0),
        fit,
    })
}

/// Solves min ‖A c − b‖ for the columns `a` (each as long as `b`) by Householder QR; `None`
/// when the columns are (numerically) dependent.
fn least_squares(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    let m = a.len();
    let scale = a
        .iter()
        .flatten()
        .fold(0.0_f64, |s, v| s.max(v.abs()))
        .max(f64::MIN_POSITIVE);
    for k in 0..m {
        let norm = a[k][k..].iter().fold(0.0, |s, v| s + v * v).sqrt();
        if norm <= scale * 1e-13 * n as f64 {
            return None;
        }
        let alpha = if a[k][k] > 0.0 { -norm } else { norm };
        // v = column k below the diagonal, minus alpha on the diagonal.
        let mut v: Vec<f64> = a[k][k..].to_vec();
        v[0] -= alpha;
        let vv = v.iter().fold(0.0, |s, x| s + x * x);
        if vv == 0.0 {
            continue;
        }
        for column in a.iter_mut().skip(k).chain(std::iter::once(&mut b)) {
            let dot = v.iter().zip(&column[k..]).fold(0.0, |s, (p, q)| s + p * q);
            let f = 2.0 * dot / vv;
            for (c, p) in column[k..].iter_mut().zip(&v) {
                *c -= f * p;
            }
        }
    }
    // Back substitution on the upper triangle R (a[j][i] is R[i][j]).
    let mut c = vec![0.0; m];
    for i in (0..m).rev() {
        let s = ((i + 1)..m).fold(b[i], |s, j| s - a[j][i] * c[j]);
        c[i] = s / a[i][i];
    }
    Some(c)
}

fn push_fit(out: &mut String, fit: Option<&PolyFit>) {
    let Some(fit) = fit else {
        out.push_str(
            "{\"rsquare\":null,\"coefficients\":null,\"variance\":null,\"rvariance\":null,\"poly_fit\":null}",
        );
        return;
    };
    let push_list = |out: &mut String, values: &[f64]| {
        out.push('[');
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_real(out, *v);
        }
        out.push(']');
    };
    out.push_str("{\"rsquare\":");
    push_real(out, fit.rsquare);
    out.push_str(",\"coefficients\":");
    push_list(out, &fit.coefficients);
    out.push_str(",\"variance\":");
    push_real(out, fit.variance);
    out.push_str(",\"rvariance\":");
    push_real(out, fit.rvariance);
    out.push_str(",\"poly_fit\":");
    push_list(out, &fit.fit);
    out.push('}');
}
