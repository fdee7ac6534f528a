//! String functions.

mod split;
mod strcat;
mod strlen;
mod tolower;

use crate::KqlFunction;
use std::sync::Arc;

pub use split::{split_element_udf, split_udf};

/// The functions of this category.
pub(crate) fn functions() -> Vec<Arc<dyn KqlFunction>> {
    vec![
        Arc::new(split::SplitFunc),
        Arc::new(strcat::StrcatFunc),
        Arc::new(strlen::StrlenFunc),
        Arc::new(tolower::TOLOWER),
        Arc::new(tolower::TOUPPER),
    ]
}

/// Checks that argument `arg` is a string (or a guid, which Kusto compares as text).
pub(crate) fn expect_string(
    arg: usize,
    e: &crate::TypedExpr,
    function: &str,
) -> Result<(), crate::FunctionError> {
    use kql_syntax::KqlType;
    match e.kql_type {
        KqlType::String | KqlType::Guid => Ok(()),
        other => Err(crate::FunctionError::arg(
            arg,
            format!("{function}() expects a string here, found {other}"),
        )),
    }
}
