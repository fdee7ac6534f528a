//! Logical functions.

mod not;

use crate::KqlFunction;
use std::sync::Arc;

/// The functions of this category.
pub(crate) fn functions() -> Vec<Arc<dyn KqlFunction>> {
    vec![Arc::new(not::NotFunc)]
}
