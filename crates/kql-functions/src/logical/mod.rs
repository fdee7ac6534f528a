//! Logical functions.

mod case;
mod coalesce;
mod iff;
mod isempty;
mod max_of;
mod not;

use crate::KqlFunction;
use kql_syntax::KqlType;
use std::sync::Arc;

/// The one type two branches of a choice (`iff`, `case`, `coalesce`) share: their own when
/// equal; int, long and real mix as the wider (real if either is real, else long); string and
/// guid as string. `None` when they do not mix.
pub(crate) fn common_type(a: KqlType, b: KqlType) -> Option<KqlType> {
    match (a, b) {
        _ if a == b => Some(a),
        _ if a.is_numeric() && b.is_numeric() => Some(
            if matches!(a, KqlType::Real | KqlType::Decimal)
                || matches!(b, KqlType::Real | KqlType::Decimal)
            {
                KqlType::Real
            } else {
                KqlType::Long
            },
        ),
        (KqlType::String | KqlType::Guid, KqlType::String | KqlType::Guid) => Some(KqlType::String),
        _ => None,
    }
}

/// The functions of this category.
pub(crate) fn functions() -> Vec<Arc<dyn KqlFunction>> {
    vec![
        Arc::new(case::CaseFunc),
        Arc::new(coalesce::CoalesceFunc),
        Arc::new(iff::IffFunc),
        Arc::new(isempty::ISEMPTY),
        Arc::new(isempty::ISNOTEMPTY),
        Arc::new(isempty::ISNULL),
        Arc::new(isempty::ISNOTNULL),
        Arc::new(max_of::MAX_OF),
        Arc::new(max_of::MIN_OF),
        Arc::new(not::NotFunc),
    ]
}
