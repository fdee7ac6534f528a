//! Aggregation functions, used in `summarize`. Each is named in output as
//! `<prefix>_<column>` when unnamed (`avg_TargetNodeCount`, `count_`).

mod any;
mod arg_max;
mod arg_min;
mod argmax;
mod argmin;
mod avg;
mod columns;
mod count;
mod countif;
mod max;
mod min;
mod sum;
mod take_any;
mod take_anyif;

pub use columns::{AggregateArg, AggregateColumn, Finish};

use crate::{FunctionError, KqlFunction, TypedExpr};
use kql_syntax::KqlType;
use std::sync::Arc;

/// The functions of this category.
pub(crate) fn functions() -> Vec<Arc<dyn KqlFunction>> {
    vec![
        Arc::new(any::AnyFunc),
        Arc::new(arg_max::ArgMaxFunc),
        Arc::new(arg_min::ArgMinFunc),
        Arc::new(argmax::ArgmaxFunc),
        Arc::new(argmin::ArgminFunc),
        Arc::new(avg::AvgFunc),
        Arc::new(count::CountFunc),
        Arc::new(countif::CountifFunc),
        Arc::new(max::MaxFunc),
        Arc::new(min::MinFunc),
        Arc::new(sum::SumFunc),
        Arc::new(take_any::TakeAnyFunc),
        Arc::new(take_anyif::TakeAnyifFunc),
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
