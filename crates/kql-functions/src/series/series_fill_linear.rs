//! `series_fill_linear(series [, missing_value_placeholder [, fill_edges [, constant_value]]])`:
//! missing values linearly interpolated.

use super::{Num, is_missing, json_of, push_real, series_elements};
use crate::args::optional;
use crate::udf::udf;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::logical_expr::lit;
use kql_syntax::KqlType;

/// `series_fill_linear`.
pub(crate) struct SeriesFillLinearFunc;

const DOC: FunctionDoc = FunctionDoc {
    name: "series_fill_linear",
    aliases: &[],
    category: "series",
    syntax: "series_fill_linear(series [, missing_value_placeholder [, fill_edges [, constant_value]]])",
    description: "Replaces each run of elements equal to missing_value_placeholder (null by \
        default) between two present numbers by the straight line between them; when every \
        present element is a long the interpolated values are truncated to longs, else they \
        are reals. With fill_edges (true by default) missing elements before the first and \
        after the last present one take its value; otherwise they stay. An array with no \
        present element is filled with constant_value (0.0 by default; null keeps the nulls).",
    returns: "dynamic array; null when series is not an array",
    examples: &[Example {
        query: "print arr = dynamic([null, 111.0, null, 36.0, 41.0, null, null, 16.0, 61.0, 33.0, null, null]) | project without_args = series_fill_linear(arr), wo_edges = series_fill_linear(arr, double(null), false)",
        output: "without_args,wo_edges\n\"[111.0,111.0,73.5,36.0,41.0,32.66666666666667,24.333333333333336,16.0,61.0,33.0,33.0,33.0]\",\"[null,111.0,73.5,36.0,41.0,32.66666666666667,24.333333333333336,16.0,61.0,33.0,null,null]\"",
    }],
};

impl KqlFunction for SeriesFillLinearFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let ([series], [placeholder, edges, constant]) = optional::<1, 3>(&DOC, args)?;
        let series = series.dynamic()?;
        let placeholder = placeholder.map_or(lit("null"), |p| json_of(p.any()));
        let edges = match edges {
            Some(e) => e.bool()?.expr,
            None => lit(true),
        };
        let constant = constant.map_or(lit("0.0"), |c| json_of(c.any()));
        let f = udf(
            "series_fill_linear",
            vec![
                DataType::Utf8,
                DataType::Utf8,
                DataType::Boolean,
                DataType::Utf8,
            ],
            DataType::Utf8,
            |batch| {
                let series = batch.strings(0)?;
                let placeholder = batch.strings(1)?;
                let edges = batch.bools(2)?;
                let constant = batch.strings(3)?;
                batch.string_result(|row, out| {
                    let Some(elements) = series.get(row).and_then(series_elements) else {
                        return false;
                    };
                    let p = placeholder.get(row).filter(|p| *p != "null");
                    fill_linear(
                        out,
                        &elements,
                        p,
                        edges.get(row).unwrap_or(true),
                        constant.get(row).unwrap_or("null"),
                    );
                    true
                })
            },
        );
        Ok(TypedExpr::new(
            f.call(vec![series.expr, placeholder, edges, constant]),
            KqlType::Dynamic,
        ))
    }
}

fn fill_linear(
    out: &mut String,
    elements: &[&str],
    placeholder: Option<&str>,
    edges: bool,
    constant: &str,
) {
    // The present elements: their position and number.
    let present: Vec<(usize, Num)> = elements
        .iter()
        .enumerate()
        .filter(|(_, e)| !is_missing(e, placeholder))
        .filter_map(|(i, e)| Num::parse(e).map(|n| (i, n)))
        .collect();
    let longs = present.iter().all(|(_, n)| matches!(n, Num::Long(_)));
    out.push('[');
    for (i, e) in elements.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if !is_missing(e, placeholder) {
            out.push_str(e);
            continue;
        }
        if present.is_empty() {
            out.push_str(constant);
            continue;
        }
        let after = present.partition_point(|(j, _)| *j < i);
        let value = match (after.checked_sub(1).map(|b| present[b]), present.get(after)) {
            (Some((i0, y0)), Some(&(i1, y1))) => {
                let t = (i - i0) as f64 / (i1 - i0) as f64;
                Some(y0.real() + (y1.real() - y0.real()) * t)
            }
            (Some((_, y)), None) | (None, Some(&(_, y))) if edges => Some(y.real()),
            _ => None,
        };
        match value {
            Some(v) if longs => Num::Long(v.trunc() as i64).push(out),
            Some(v) => push_real(out, v),
            None => out.push_str(e),
        }
    }
    out.push(']');
}
