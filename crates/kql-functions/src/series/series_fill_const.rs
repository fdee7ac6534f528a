//! `series_fill_const(series, constant_value [, missing_value_placeholder])`: missing values
//! replaced by a constant.

use super::{is_missing, json_of, push_array, series_elements};
use crate::args::optional;
use crate::udf::udf;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::logical_expr::lit;
use kql_syntax::KqlType;

/// `series_fill_const`.
pub(crate) struct SeriesFillConstFunc;

const DOC: FunctionDoc = FunctionDoc {
    name: "series_fill_const",
    aliases: &[],
    category: "series",
    syntax: "series_fill_const(series, constant_value [, missing_value_placeholder])",
    description: "Replaces each element equal to missing_value_placeholder (null by default) \
        with constant_value, written as a dynamic value holds it (a real keeps its fraction: \
        0.0). Other elements keep their type.",
    returns: "dynamic array; null when series is not an array",
    examples: &[Example {
        query: "print arr = dynamic([111, null, 36, 41, 23, null, 16, 61, 33, null, null]) | project fill_const1 = series_fill_const(arr, 0.0), fill_const2 = series_fill_const(arr, -1)",
        output: "fill_const1,fill_const2\n\"[111,0.0,36,41,23,0.0,16,61,33,0.0,0.0]\",\"[111,-1,36,41,23,-1,16,61,33,-1,-1]\"",
    }],
};

impl KqlFunction for SeriesFillConstFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let ([series, constant], [placeholder]) = optional::<2, 1>(&DOC, args)?;
        let series = series.dynamic()?;
        let constant = json_of(constant.any());
        let placeholder = placeholder.map_or(lit("null"), |p| json_of(p.any()));
        let f = udf(
            "series_fill_const",
            vec![DataType::Utf8, DataType::Utf8, DataType::Utf8],
            DataType::Utf8,
            |batch| {
                let series = batch.strings(0)?;
                let constant = batch.strings(1)?;
                let placeholder = batch.strings(2)?;
                batch.string_result(|row, out| {
                    let Some(elements) = series.get(row).and_then(series_elements) else {
                        return false;
                    };
                    let c = constant.get(row).unwrap_or("null");
                    let p = placeholder.get(row).filter(|p| *p != "null");
                    push_array(
                        out,
                        elements
                            .iter()
                            .map(|e| if is_missing(e, p) { c } else { e }),
                    );
                    true
                })
            },
        );
        Ok(TypedExpr::new(
            f.call(vec![series.expr, constant, placeholder]),
            KqlType::Dynamic,
        ))
    }
}
