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
