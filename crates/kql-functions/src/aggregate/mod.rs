//! Aggregation functions, used in `summarize`. Each is named in output as
//! `<prefix>_<column>` when unnamed (`avg_TargetNodeCount`, `count_`).

mod avg;
mod count;
mod countif;
mod max;
mod min;
mod sum;

use crate::{FunctionError, KqlFunction, TypedExpr};
use kql_syntax::KqlType;
use std::sync::Arc;

/// The functions of this category.
pub(crate) fn functions() -> Vec<Arc<dyn KqlFunction>> {
    vec![
        Arc::new(avg::AvgFunc),
        Arc::new(count::CountFunc),
        Arc::new(countif::CountifFunc),
        Arc::new(max::MaxFunc),
        Arc::new(min::MinFunc),
        Arc::new(sum::SumFunc),
    ]
}

/// The single argument of a one-argument aggregate, which cannot be dynamic.
fn one_argument(
    doc: &'static crate::FunctionDoc,
    args: Vec<TypedExpr>,
) -> Result<crate::args::Arg, FunctionError> {
    let [value] = crate::args::fixed(doc, args)?;
    if value.kql_type() == KqlType::Dynamic {
        return Err(value.type_error("scalar value"));
    }
    Ok(value)
}
