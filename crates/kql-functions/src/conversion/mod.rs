//! Conversion functions.

mod tonumber;
mod tostring;

use crate::KqlFunction;
use std::sync::Arc;

pub(crate) use tostring::to_json;
pub use tostring::{to_kql_string, tostring_udf};

/// The functions of this category.
pub(crate) fn functions() -> Vec<Arc<dyn KqlFunction>> {
    vec![
        Arc::new(tonumber::TOINT),
        Arc::new(tonumber::TOLONG),
        Arc::new(tonumber::TOREAL),
        Arc::new(tostring::TostringFunc),
    ]
}
