//! Rounding and math functions.

mod bin;
mod bin_at;
mod binary_and;
mod elementary;
mod gamma;
mod isnan;
mod rand;
mod round;
mod trig;

use crate::KqlFunction;
use std::sync::Arc;

pub use bin::floor_nanos;

/// The functions of this category.
pub(crate) fn functions() -> Vec<Arc<dyn KqlFunction>> {
    vec![
        Arc::new(bin::BinFunc),
        Arc::new(bin_at::BinAtFunc),
        Arc::new(binary_and::BINARY_AND),
        Arc::new(binary_and::BINARY_NOT),
        Arc::new(binary_and::BINARY_OR),
        Arc::new(binary_and::BINARY_SHIFT_LEFT),
        Arc::new(binary_and::BINARY_SHIFT_RIGHT),
        Arc::new(binary_and::BINARY_XOR),
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
        Arc::new(gamma::GAMMA),
        Arc::new(gamma::LOGGAMMA),
        Arc::new(isnan::ISFINITE),
        Arc::new(isnan::ISINF),
        Arc::new(isnan::ISNAN),
        Arc::new(rand::RandFunc),
        Arc::new(round::RoundFunc),
        Arc::new(trig::ACOS),
        Arc::new(trig::ASIN),
        Arc::new(trig::ATAN),
        Arc::new(trig::Atan2Func),
        Arc::new(trig::COS),
        Arc::new(trig::COT),
        Arc::new(trig::DEGREES),
        Arc::new(trig::PiFunc),
        Arc::new(trig::RADIANS),
        Arc::new(trig::SIN),
        Arc::new(trig::TAN),
    ]
}
