//! `series_fit_line_dynamic(series)`: the least-squares line through a series, in a property
//! bag.

use super::{Num, push_real, push_reals, series_elements};
use crate::args::fixed;
use crate::udf::{Batch, UdfBody, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `series_fit_line_dynamic`.
pub(crate) struct SeriesFitLineDynamicFunc;

const DOC: FunctionDoc = FunctionDoc {
    name: "series_fit_line_dynamic",
    aliases: &[],
    category: "series",
    syntax: "series_fit_line_dynamic(series)",
    description: "Linear regression of a numeric array against the positions 1, 2, …, n: \
        rsquare (1 − residual sum of squares / total sum of squares), slope and interception \
        of the line y = slope·x + interception, variance of the values and rvariance of the \
        residuals (both divided by n − 1), and line_fit, the line's value at each position. \
        An element that is null, not a number or not finite, or fewer than two elements, give \
        null fields (line_fit too). A constant series has rsquare 1.",
    returns: "dynamic bag {rsquare, slope, variance, rvariance, interception, line_fit}; null \
        when series is not an array",
    examples: &[Example {
        query: "print y = dynamic([2, 5, 6, 8, 11, 15, 17, 18, 25, 26, 30, 30]) | extend fit = series_fit_line_dynamic(y) | project RSquare = round(todouble(fit.rsquare), 3), Slope = round(todouble(fit.slope), 3), Variance = round(todouble(fit.variance), 3), RVariance = round(todouble(fit.rvariance), 3), Interception = round(todouble(fit.interception), 3), First = round(todouble(fit.line_fit[0]), 3)",
        output: "RSquare,Slope,Variance,RVariance,Interception,First\n0.983,2.731,98.629,1.686,-1.667,1.064",
    }],
};

impl KqlFunction for SeriesFitLineDynamicFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        plan_fit(&DOC, args)
    }
}

/// Plans the fit's bag, with argument errors reported against `doc`.
pub(crate) fn plan_fit(
    doc: &'static FunctionDoc,
    args: Vec<TypedExpr>,
) -> Result<TypedExpr, FunctionError> {
    plan_series_bag(doc, "series_fit_line_dynamic", args, |batch| {
        bag_per_row(batch, |out, elements| {
            push_fit(out, fit_line(elements).as_ref());
        })
    })
}

/// Plans the UDF `name` over one dynamic argument, giving a bag: `body` is the UDF's body
/// (usually [`bag_per_row`]); argument errors are reported against `doc`.
pub(crate) fn plan_series_bag(
    doc: &'static FunctionDoc,
    name: &'static str,
    args: Vec<TypedExpr>,
    body: UdfBody,
) -> Result<TypedExpr, FunctionError> {
    let [series] = fixed(doc, args)?;
    let series = series.dynamic()?;
    let f = udf(name, vec![DataType::Utf8], DataType::Utf8, body);
    Ok(TypedExpr::new(f.call(vec![series.expr]), KqlType::Dynamic))
}

/// The bag `push` writes from each row's element texts; null where the row is not an array.
pub(crate) fn bag_per_row(batch: &Batch, push: fn(&mut String, &[&str])) -> Result<ColumnarValue> {
    let series = batch.strings(0)?;
    batch.string_result(|row, out| {
        let Some(elements) = series.get(row).and_then(series_elements) else {
            return false;
        };
        push(out, &elements);
        true
    })
}

/// A fitted line.
#[derive(Debug, Clone)]
pub(crate) struct LineFit {
    pub(crate) rsquare: f64,
    pub(crate) slope: f64,
    pub(crate) variance: f64,
    pub(crate) rvariance: f64,
    pub(crate) interception: f64,
    pub(crate) line: Vec<f64>,
    /// The residual sum of squares, Σ(y − line)².
    pub(crate) residual: f64,
}

/// The least-squares line through the elements at x = 1, 2, …; `None` when an element is not
/// a finite number or there are fewer than two.
pub(crate) fn fit_line(elements: &[&str]) -> Option<LineFit> {
    fit_values(&finite_values(elements)?)
}

/// The elements as finite numbers; `None` when one is null, not a number or not finite.
pub(crate) fn finite_values(elements: &[&str]) -> Option<Vec<f64>> {
    elements
        .iter()
        .map(|e| Num::parse(e).map(Num::real).filter(|v| v.is_finite()))
        .collect()
}

/// The least-squares line through `ys` at x = 1, 2, …; `None` for fewer than two values.
pub(crate) fn fit_values(ys: &[f64]) -> Option<LineFit> {
    if ys.len() < 2 {
        return None;
    }
    let mut sums = LineSums::default();
    for (i, y) in ys.iter().enumerate() {
        sums.push((i + 1) as f64, *y);
    }
    let n = ys.len() as f64;
    let (slope, interception) = (sums.slope(), sums.interception());
    let line: Vec<f64> = (1..=ys.len())
        .map(|x| interception + slope * x as f64)
        .collect();
    let total = sums.total();
    let residual: f64 = ys.iter().zip(&line).map(|(y, f)| (y - f) * (y - f)).sum();
    Some(LineFit {
        rsquare: rsquare(residual, total),
        slope,
        variance: total / (n - 1.0),
        rvariance: residual / (n - 1.0),
        interception,
        line,
        residual,
    })
}

/// R-square, 1 − residual / total sum of squares; 1 for a constant series (0 / 0).
pub(crate) fn rsquare(residual: f64, total: f64) -> f64 {
    if total == 0.0 {
        1.0
    } else {
        1.0 - residual / total
    }
}

/// The sums of a least-squares line, one point (x, y) at a time: the means and the centred
/// sums of squares and products, updated as Welford does (accurate for values far from 0).
/// Adding points one by one is what lets `series_fit_2lines` score every split of a series in
/// one pass instead of refitting each part.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LineSums {
    n: f64,
    mean_x: f64,
    mean_y: f64,
    /// Σ(x − mean x)².
    sxx: f64,
    /// Σ(x − mean x)(y − mean y).
    sxy: f64,
    /// Σ(y − mean y)².
    syy: f64,
}

impl LineSums {
    /// Adds the point (x, y).
    pub(crate) fn push(&mut self, x: f64, y: f64) {
        self.n += 1.0;
        let dx = x - self.mean_x;
        let dy = y - self.mean_y;
        self.mean_x += dx / self.n;
        self.mean_y += dy / self.n;
        self.sxx += dx * (x - self.mean_x);
        self.sxy += dx * (y - self.mean_y);
        self.syy += dy * (y - self.mean_y);
    }

    /// The line's slope (NaN for fewer than two points).
    pub(crate) fn slope(&self) -> f64 {
        self.sxy / self.sxx
    }

    /// The line's value at x = 0.
    pub(crate) fn interception(&self) -> f64 {
        self.mean_y - self.slope() * self.mean_x
    }

    /// The total sum of squares, Σ(y − mean y)².
    pub(crate) fn total(&self) -> f64 {
        self.syy
    }

    /// The residual sum of squares of the line, Σ(y − line)² = Σ(y − mean y)² −
    /// (Σ(x − mean x)(y − mean y))² / Σ(x − mean x)², never below 0 (rounding); the total for
    /// a single point.
    pub(crate) fn residual(&self) -> f64 {
        if self.sxx == 0.0 {
            return self.syy;
        }
        (self.syy - self.sxy * self.sxy / self.sxx).max(0.0)
    }
}

fn push_fit(out: &mut String, fit: Option<&LineFit>) {
    let Some(fit) = fit else {
        out.push_str(
            "{\"rsquare\":null,\"slope\":null,\"variance\":null,\"rvariance\":null,\"interception\":null,\"line_fit\":null}",
        );
        return;
    };
    push_fields(
        out,
        &[
            ("rsquare", fit.rsquare),
            ("slope", fit.slope),
            ("variance", fit.variance),
            ("rvariance", fit.rvariance),
            ("interception", fit.interception),
        ],
    );
    out.push_str(",\"line_fit\":");
    push_reals(out, fit.line.iter().copied());
    out.push('}');
}

/// Appends `{"key":value,…` of reals, the bag left open for more members.
pub(crate) fn push_fields(out: &mut String, fields: &[(&str, f64)]) {
    for (i, (key, value)) in fields.iter().enumerate() {
        out.push(if i == 0 { '{' } else { ',' });
        out.push('"');
        out.push_str(key);
        out.push_str("\":");
        push_real(out, *value);
    }
}
