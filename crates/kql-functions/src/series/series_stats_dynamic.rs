//! `series_stats_dynamic(series [, ignore_nonfinite])`: a series' statistics in a property bag.

use super::{Num, push_real, series_elements};
use crate::args::optional;
use crate::udf::udf;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::logical_expr::lit;
use kql_syntax::KqlType;
use std::fmt::Write;

/// `series_stats_dynamic`.
pub(crate) struct SeriesStatsDynamicFunc;

const DOC: FunctionDoc = FunctionDoc {
    name: "series_stats_dynamic",
    aliases: &[],
    category: "series",
    syntax: "series_stats_dynamic(series [, ignore_nonfinite])",
    description: "The statistics of a numeric array as a bag: min and max (reals) with the \
        first position of each (min_idx, max_idx), avg, stdev and variance (sample: divided \
        by n - 1; 0 for one element), sum, and len (the array's length). With \
        ignore_nonfinite false (the default) an element that is null, not a number, NaN or \
        infinite makes every statistic but len null; with true such elements are skipped \
        (positions still count them). An array with no values gives null statistics.",
    returns: "dynamic bag {min, min_idx, max, max_idx, avg, stdev, variance, sum, len}; null \
        when series is not an array",
    examples: &[Example {
        query: "print x = dynamic([23, 46, 23, 87, 4, 8, 3, 75, 2, 56, 13, 75, 32, 16, 29]) | project stats = series_stats_dynamic(x)",
        output: "stats\n\"{\"\"min\"\":2.0,\"\"min_idx\"\":8,\"\"max\"\":87.0,\"\"max_idx\"\":3,\"\"avg\"\":32.8,\"\"stdev\"\":28.50363385354827,\"\"variance\"\":812.4571428571429,\"\"sum\"\":492.0,\"\"len\"\":15}\"",
    }],
};

impl KqlFunction for SeriesStatsDynamicFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        self.plan(&DOC, args)
    }
}

/// The function, for `series_stats` to build on.
pub(crate) const SERIES_STATS_DYNAMIC: SeriesStatsDynamicFunc = SeriesStatsDynamicFunc;

impl SeriesStatsDynamicFunc {
    /// Plans the bag, with argument errors reported against `doc`.
    pub(crate) fn plan(
        &self,
        doc: &'static FunctionDoc,
        args: Vec<TypedExpr>,
    ) -> Result<TypedExpr, FunctionError> {
        let ([series], [ignore]) = optional::<1, 1>(doc, args)?;
        let series = series.dynamic()?;
        let ignore = match ignore {
            Some(i) => i.bool()?.expr,
            None => lit(false),
        };
        let f = udf(
            "series_stats_dynamic",
            vec![DataType::Utf8, DataType::Boolean],
            DataType::Utf8,
            |batch| {
                let series = batch.strings(0)?;
                let ignore = batch.bools(1)?;
                batch.string_result(|row, out| {
                    let Some(elements) = series.get(row).and_then(series_elements) else {
                        return false;
                    };
                    let stats = Stats::of(&elements, ignore.get(row).unwrap_or(false));
                    stats.push_bag(out, elements.len());
                    true
                })
            },
        );
        Ok(TypedExpr::new(
            f.call(vec![series.expr, ignore]),
            KqlType::Dynamic,
        ))
    }
}

/// The statistics of a series; every field `None` when there are none.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Stats {
    pub(crate) min: Option<(f64, usize)>,
    pub(crate) max: Option<(f64, usize)>,
    pub(crate) avg: Option<f64>,
    pub(crate) stdev: Option<f64>,
    pub(crate) variance: Option<f64>,
    pub(crate) sum: Option<f64>,
}

impl Stats {
    /// The statistics of the elements (JSON texts).
    pub(crate) fn of(elements: &[&str], ignore_nonfinite: bool) -> Stats {
        let mut values = Vec::with_capacity(elements.len());
        for (i, e) in elements.iter().enumerate() {
            match Num::parse(e).map(Num::real).filter(|v| v.is_finite()) {
                Some(v) => values.push((i, v)),
                None if ignore_nonfinite => {}
                None => return Stats::default(),
            }
        }
        if values.is_empty() {
            return Stats::default();
        }
        let n = values.len() as f64;
        let sum: f64 = values.iter().map(|(_, v)| v).sum();
        let avg = sum / n;
        // (n·Σx² − (Σx)²) / (n(n − 1)): the sample variance as Kusto's docs compute it (their
        // example's 812.45714285714291 is this formula's double, not a two-pass sum's).
        let squares: f64 = values.iter().map(|(_, v)| v * v).sum();
        let variance = if values.len() > 1 {
            ((n * squares - sum * sum) / (n * (n - 1.0))).max(0.0)
        } else {
            0.0
        };
        let mut min = (values[0].1, values[0].0);
        let mut max = min;
        for &(i, v) in &values[1..] {
            if v < min.0 {
                min = (v, i);
            }
            if v > max.0 {
                max = (v, i);
            }
        }
        Stats {
            min: Some(min),
            max: Some(max),
            avg: Some(avg),
            stdev: Some(variance.sqrt()),
            variance: Some(variance),
            sum: Some(sum),
        }
    }

    fn push_bag(&self, out: &mut String, len: usize) {
        let real = |out: &mut String, v: Option<f64>| match v {
            Some(v) => push_real(out, v),
            None => out.push_str("null"),
        };
        let index = |out: &mut String, v: Option<(f64, usize)>| match v {
            Some((_, i)) => {
                let _ = write!(out, "{i}");
            }
            None => out.push_str("null"),
        };
        out.push_str("{\"min\":");
        real(out, self.min.map(|m| m.0));
        out.push_str(",\"min_idx\":");
        index(out, self.min);
        out.push_str(",\"max\":");
        real(out, self.max.map(|m| m.0));
        out.push_str(",\"max_idx\":");
        index(out, self.max);
        out.push_str(",\"avg\":");
        real(out, self.avg);
        out.push_str(",\"stdev\":");
        real(out, self.stdev);
        out.push_str(",\"variance\":");
        real(out, self.variance);
        out.push_str(",\"sum\":");
        real(out, self.sum);
        let _ = write!(out, ",\"len\":{len}}}");
    }
}
