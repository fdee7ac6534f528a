//! Logical functions.

mod iff;
mod isempty;
mod not;

use crate::KqlFunction;
use std::sync::Arc;

/// The functions of this category.
pub(crate) fn functions() -> Vec<Arc<dyn KqlFunction>> {
    vec![
        Arc::new(iff::IffFunc),
        Arc::new(isempty::ISEMPTY),
        Arc::new(isempty::ISNOTEMPTY),
        Arc::new(isempty::ISNULL),
        Arc::new(isempty::ISNOTNULL),
        Arc::new(not::NotFunc),
    ]
}
