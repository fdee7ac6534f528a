//! Rounding and math functions.

mod bin;
mod round;

use crate::KqlFunction;
use std::sync::Arc;

pub use bin::floor_nanos;

/// The functions of this category.
pub(crate) fn functions() -> Vec<Arc<dyn KqlFunction>> {
    vec![Arc::new(bin::BinFunc), Arc::new(round::RoundFunc)]
}
