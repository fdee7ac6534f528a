//! Rounding and math functions.

mod bin;
mod bin_at;
mod elementary;
mod isnan;
mod round;

use crate::KqlFunction;
use std::sync::Arc;

pub use bin::floor_nanos;

/// The functions of this category.
pub(crate) fn functions() -> Vec<Arc<dyn KqlFunction>> {
    vec![
        Arc::new(bin::BinFunc),
        Arc::new(bin_at::BinAtFunc),
        Arc::new(elementary::ABS),
        Arc::new(elementary::CEILING),
        Arc::new(elementary::EXP),
        Arc::new(elementary::EXP10),
        Arc::new(elementary::EXP2),
        Arc::new(elementary::LOG),
        Arc::new(elementary::LOG10),
        Arc::new(elementary::LOG2),
        Arc::new(elementary::PowFunc),
        Arc::new(elementary::SIGN),
        Arc::new(elementary::SQRT),
        Arc::new(isnan::ISFINITE),
        Arc::new(isnan::ISINF),
        Arc::new(isnan::ISNAN),
        Arc::new(round::RoundFunc),
    ]
}
