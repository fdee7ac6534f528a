//! Conversion functions.

mod tostring;

use crate::KqlFunction;
use std::sync::Arc;

pub use tostring::{to_kql_string, tostring_udf};

/// The functions of this category.
pub(crate) fn functions() -> Vec<Arc<dyn KqlFunction>> {
    vec![Arc::new(tostring::TostringFunc)]
}
