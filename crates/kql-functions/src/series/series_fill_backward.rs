//! `series_fill_backward(series [, missing_value_placeholder])`: missing values replaced by
//! the nearest value on their right.

use super::series_fill_forward::{fill_rows, plan_fill};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};

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
        plan_fill(&DOC, args, |batch| fill_rows(batch, true))
    }
}
