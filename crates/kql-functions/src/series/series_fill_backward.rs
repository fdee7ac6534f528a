//! `series_fill_backward(series [, missing_value_placeholder])`: missing values replaced by
//! the nearest value on their right.

use super::series_fill_forward::fill;
use super::{json_of, push_array, series_elements};
use crate::args::optional;
use crate::udf::udf;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::logical_expr::lit;
use kql_syntax::KqlType;

/// `series_fill_backward`.
pub(crate) struct SeriesFillBackwardFunc;

const DOC: FunctionDoc = FunctionDoc {
    name: "series_fill_backward",
    aliases: &[],
    category: "series",
    syntax: "series_fill_backward(series [, missing_value_placeholder])",
    description: "Replaces each element equal to missing_value_placeholder (null by default) \
        with the nearest element on its right that is not missing; missing elements after the \
        last present one stay. Elements keep their type.",
    returns: "dynamic array; null when series is not an array",
    examples: &[Example {
        query: "print arr = dynamic([111, null, 36, 41, null, null, 16, 61, 33, null, null]) | project fill_backward = series_fill_backward(arr)",
        output: "fill_backward\n\"[111,36,36,41,16,16,16,61,33,null,null]\"",
    }],
};

impl KqlFunction for SeriesFillBackwardFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let ([series], [placeholder]) = optional::<1, 1>(&DOC, args)?;
        let series = series.dynamic()?;
        let placeholder = placeholder.map_or(lit("null"), |p| json_of(p.any()));
        let f = udf(
            "series_fill_backward",
            vec![DataType::Utf8, DataType::Utf8],
            DataType::Utf8,
            |batch| {
                let series = batch.strings(0)?;
                let placeholder = batch.strings(1)?;
                batch.string_result(|row, out| {
                    let Some(elements) = series.get(row).and_then(series_elements) else {
                        return false;
                    };
                    let p = placeholder.get(row).filter(|p| *p != "null");
                    push_array(out, fill(&elements, p, true));
                    true
                })
            },
        );
        Ok(TypedExpr::new(
            f.call(vec![series.expr, placeholder]),
            KqlType::Dynamic,
        ))
    }
}
