//! `series_fill_forward(series [, missing_value_placeholder])`: missing values replaced by the
//! nearest value on their left.

use super::{is_missing, json_of, push_array, series_elements};
use crate::args::optional;
use crate::udf::{Batch, UdfBody, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use datafusion::logical_expr::lit;
use kql_syntax::KqlType;

/// `series_fill_forward`.
pub(crate) struct SeriesFillForwardFunc;

const DOC: FunctionDoc = FunctionDoc {
    name: "series_fill_forward",
    aliases: &[],
    category: "series",
    syntax: "series_fill_forward(series [, missing_value_placeholder])",
    description: "Replaces each element equal to missing_value_placeholder (null by default) \
        with the nearest element on its left that is not missing; missing elements before the \
        first present one stay. Elements keep their type.",
    returns: "dynamic array; null when series is not an array",
    examples: &[Example {
        query: "print arr = dynamic([null, null, 36, 41, null, null, 16, 61, 33, null, null]) | project fill_forward = series_fill_forward(arr)",
        output: "fill_forward\n\"[null,null,36,41,41,41,16,61,33,33,33]\"",
    }],
};

impl KqlFunction for SeriesFillForwardFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        plan_fill(&DOC, args, |batch| fill_rows(batch, false))
    }
}

/// `series_fill_forward` and `series_fill_backward` (`doc`'s): the series argument checked and
/// the UDF `body` called on it and the placeholder (JSON `null` by default).
pub(super) fn plan_fill(
    doc: &'static FunctionDoc,
    args: Vec<TypedExpr>,
    body: UdfBody,
) -> Result<TypedExpr, FunctionError> {
    let ([series], [placeholder]) = optional::<1, 1>(doc, args)?;
    let series = series.dynamic()?;
    let placeholder = placeholder.map_or(lit("null"), |p| json_of(p.any()));
    let f = udf(
        doc.name,
        vec![DataType::Utf8, DataType::Utf8],
        DataType::Utf8,
        body,
    );
    Ok(TypedExpr::new(
        f.call(vec![series.expr, placeholder]),
        KqlType::Dynamic,
    ))
}

/// The UDF body of both fills: each row's series with its missing elements filled from the
/// left (`backward`: from the right); null where the series is not an array.
pub(super) fn fill_rows(batch: &Batch, backward: bool) -> Result<ColumnarValue> {
    let series = batch.strings(0)?;
    let placeholder = batch.strings(1)?;
    batch.string_result(|row, out| {
        let Some(elements) = series.get(row).and_then(series_elements) else {
            return false;
        };
        let p = placeholder.get(row).filter(|p| *p != "null");
        push_array(out, fill(&elements, p, backward));
        true
    })
}

/// The elements with each missing one replaced by its nearest present neighbour on the left
/// (`backward`: on the right).
pub(crate) fn fill<'a>(
    elements: &[&'a str],
    placeholder: Option<&str>,
    backward: bool,
) -> Vec<&'a str> {
    let mut out = elements.to_vec();
    let mut last: Option<&'a str> = None;
    let order: Box<dyn Iterator<Item = usize>> = if backward {
        Box::new((0..out.len()).rev())
    } else {
        Box::new(0..out.len())
    };
    for i in order {
        if is_missing(out[i], placeholder) {
            if let Some(v) = last {
                out[i] = v;
            }
        } else {
            last = Some(out[i]);
        }
    }
    out
}
