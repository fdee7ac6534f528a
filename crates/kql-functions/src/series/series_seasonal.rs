//! `series_seasonal(series [, period])`: the seasonal component of a series with a given or
//! detected period.
//!
//! Kusto's page defines the component for a given period: element `i` is the median of the
//! elements at the same place in every period (positions `i mod period`), and its example pins
//! the median of an even count as the mean of the middle two (`[1,3,5,2,4,6,1,3,5,2,4,6]` with
//! period 3 gives `1.5, 3.5, 5.5`). Without a period (or with -1) the period is
//! `series_periods_detect`'s best one if it scores at least 0.7 (the page's threshold), else
//! zeros; Kusto does not document that scoring, kqlake's is documented there, and it finds the
//! page's three autodetected examples' periods (6, 5 and none).

use super::series_periods_detect::best_period;
use super::{push_real, series_elements};
use crate::args::optional;
use crate::udf::udf;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::logical_expr::lit;
use kql_syntax::KqlType;

/// `series_seasonal`.
pub(crate) struct SeriesSeasonalFunc;

/// The score a detected period needs (Kusto's page: 0.7).
const DETECTION_THRESHOLD: f64 = 0.7;

const DOC: FunctionDoc = FunctionDoc {
    name: "series_seasonal",
    aliases: &[],
    category: "series",
    syntax: "series_seasonal(series [, period])",
    description: "The seasonal component of a numeric array for a period of period bins (a \
        constant long): element i is the median of the elements at positions i mod period \
        of each period (the mean of the middle two for an even count). A period of 0 or \
        below -1 gives zeros, as Kusto's page says of a value that is not a period. Elements \
        that are not numbers (null, strings) are left out of the medians; a position with no \
        numbers gives null. Without a period, or with -1, the period is the best one \
        series_periods_detect finds (kqlake's scoring, documented there; Kusto's is not) \
        from 4 to under half the length, if it scores at least 0.7; else zeros.",
    returns: "dynamic array of reals as long as series; null when series is not an array",
    examples: &[
        Example {
            query: "print s = dynamic([1, 3, 5, 2, 4, 6, 1, 3, 5, 2, 4, 6]) | project series_seasonal(s, 3)",
            output: "Column1\n\"[1.5,3.5,5.5,1.5,3.5,5.5,1.5,3.5,5.5,1.5,3.5,5.5]\"",
        },
        Example {
            query: "print s = dynamic([8, 12, 14, 12, 10, 10, 12, 14, 12, 10, 10, 12, 14, 12, 10, 10, 12, 14, 12, 10]) | project series_seasonal(s)",
            output: "Column1\n\"[10.0,12.0,14.0,12.0,10.0,10.0,12.0,14.0,12.0,10.0,10.0,12.0,14.0,12.0,10.0,10.0,12.0,14.0,12.0,10.0]\"",
        },
    ],
};

impl KqlFunction for SeriesSeasonalFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let ([series], [period]) = optional::<1, 1>(&DOC, args)?;
        let series = series.dynamic()?;
        let period = match period {
            Some(period) => period.long_literal()?,
            None => -1,
        };
        let f = udf(
            "series_seasonal",
            vec![DataType::Utf8, DataType::Int64],
            DataType::Utf8,
            |batch| {
                let series = batch.strings(0)?;
                let period = batch.primitives::<datafusion::arrow::datatypes::Int64Type>(1)?;
                let mut column = Vec::new();
                let mut medians = Vec::new();
                batch.string_result(|row, out| {
                    let (Some(elements), Some(period)) =
                        (series.get(row).and_then(series_elements), period.get(row))
                    else {
                        return false;
                    };
                    let values = super::reals(&elements);
                    let period = if period == -1 {
                        best_period(&super::numbers(&elements), DETECTION_THRESHOLD)
                    } else {
                        usize::try_from(period).unwrap_or(0)
                    };
                    medians.clear();
                    for p in 0..period.min(values.len()) {
                        column.clear();
                        column.extend(values.iter().skip(p).step_by(period).flatten());
                        medians.push(median(&mut column));
                    }
                    out.push('[');
                    for i in 0..values.len() {
                        if i > 0 {
                            out.push(',');
                        }
                        match medians.get(i.checked_rem(period).unwrap_or(usize::MAX)) {
                            Some(Some(m)) => push_real(out, *m),
                            Some(None) => out.push_str("null"),
                            None => push_real(out, 0.0),
                        }
                    }
                    out.push(']');
                    true
                })
            },
        );
        Ok(TypedExpr::new(
            f.call(vec![series.expr, lit(period)]),
            KqlType::Dynamic,
        ))
    }
}

/// The median of `values` (reordered), the mean of the middle two for an even count; `None`
/// when empty.
pub(super) fn median(values: &mut [f64]) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2]),
        _ => Some((values[n / 2 - 1] + values[n / 2]) / 2.0),
    }
}
