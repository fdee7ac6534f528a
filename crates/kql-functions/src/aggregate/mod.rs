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

/// The single argument of a one-argument aggregate.
fn one_argument(args: Vec<TypedExpr>, name: &str) -> Result<TypedExpr, FunctionError> {
    let [value]: [TypedExpr; 1] = args
        .try_into()
        .map_err(|_| FunctionError::call(format!("{name}() takes one argument: {name}(expr)")))?;
    if value.kql_type == KqlType::Dynamic {
        return Err(FunctionError::arg(
            0,
            format!("{name}() of a dynamic value: cast it first, e.g. {name}(tolong(x))"),
        ));
    }
    Ok(value)
}
