//! Conversion functions: `tostring`, `tolong`/`toint`/`toreal`, `tobool`, `todatetime`,
//! `totimespan`; each gives null (or `""` for strings) when a value does not convert, never an
//! error.

mod tobool;
mod todatetime;
mod tonumber;
mod tostring;
mod totimespan;

use crate::{KqlFunction, TypedExpr};
use kql_syntax::KqlType;
use std::sync::Arc;

pub(crate) use tostring::to_json;
pub use tostring::{to_kql_string, tostring_udf};

/// The functions of this category.
pub(crate) fn functions() -> Vec<Arc<dyn KqlFunction>> {
    vec![
        Arc::new(tobool::ToBoolFunc),
        Arc::new(todatetime::ToDatetimeFunc),
        Arc::new(tonumber::TOINT),
        Arc::new(tonumber::TOLONG),
        Arc::new(tonumber::TOREAL),
        Arc::new(tostring::TostringFunc),
        Arc::new(totimespan::ToTimespanFunc),
    ]
}

/// The plan of `todatetime`, `totimespan`, `tobool`: a value of type `to` as is; a string,
/// guid or dynamic value through `parse` (of its text); any other type is an error expecting
/// `what`.
fn text_conversion(
    doc: &'static crate::FunctionDoc,
    args: Vec<TypedExpr>,
    to: KqlType,
    parse: fn(TypedExpr) -> TypedExpr,
    what: &str,
) -> Result<TypedExpr, crate::FunctionError> {
    let [value] = crate::args::fixed(doc, args)?;
    match value.kql_type() {
        t if t == to => Ok(value.any()),
        KqlType::String | KqlType::Guid | KqlType::Dynamic => Ok(parse(value.text())),
        _ => Err(value.type_error(what)),
    }
}

/// A string expression converted to `to` as the `to*()` function of that type converts a
/// string (`extract(…, typeof(long))`): null where it does not convert.
pub(crate) fn from_string(text: TypedExpr, to: KqlType) -> TypedExpr {
    match to {
        KqlType::String | KqlType::Guid => TypedExpr::new(text.expr, to),
        KqlType::Bool => tobool::parse(text),
        KqlType::DateTime => todatetime::parse(text),
        KqlType::TimeSpan => totimespan::parse(text),
        KqlType::Dynamic => crate::dynamic::parse_json(text),
        KqlType::Int | KqlType::Long | KqlType::Real | KqlType::Decimal => text.try_cast_to(to),
    }
}
