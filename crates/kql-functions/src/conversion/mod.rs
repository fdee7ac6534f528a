//! Conversion functions: `tostring`, `tolong`/`toint`/`toreal`/`todecimal`, `tobool`, `todatetime`,
//! `totimespan`; each gives null (or `""` for strings) when a value does not convert, never an
//! error.

mod tobool;
mod todatetime;
mod toguid;
mod tohex;
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
        Arc::new(tobool::TOBOOL),
        Arc::new(todatetime::TODATETIME),
        Arc::new(toguid::NewGuidFunc),
        Arc::new(toguid::ToGuidFunc),
        Arc::new(tohex::ToHexFunc),
        Arc::new(tonumber::TODECIMAL),
        Arc::new(tonumber::TOINT),
        Arc::new(tonumber::TOLONG),
        Arc::new(tonumber::TOREAL),
        Arc::new(tostring::TostringFunc),
        Arc::new(totimespan::TOTIMESPAN),
    ]
}

/// `todatetime`, `totimespan` or `tobool`: a value of type `to` as is; a string, guid or
/// dynamic value through `parse` (of its text); for `tobool`, a number is true when not 0; any
/// other type is an error expecting `what`.
pub(crate) struct TextConversionFunc {
    pub(crate) doc: &'static crate::FunctionDoc,
    pub(crate) to: KqlType,
    pub(crate) parse: fn(TypedExpr) -> TypedExpr,
    pub(crate) what: &'static str,
}

impl KqlFunction for TextConversionFunc {
    fn doc(&self) -> &'static crate::FunctionDoc {
        self.doc
    }

    fn takes_first_argument_name(&self) -> bool {
        true
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &crate::CallContext,
    ) -> Result<TypedExpr, crate::FunctionError> {
        use datafusion::logical_expr::lit;
        let [value] = crate::args::fixed(self.doc, args)?;
        match value.kql_type() {
            t if t == self.to => Ok(value.any()),
            t if t.is_numeric() && self.to == KqlType::Bool => {
                let real = value.real()?;
                Ok(TypedExpr::new(real.expr.not_eq(lit(0.0)), KqlType::Bool))
            }
            KqlType::String | KqlType::Guid | KqlType::Dynamic => Ok((self.parse)(value.text())),
            _ => Err(value.type_error(self.what)),
        }
    }
}

/// A dynamic value converted to compare with a value of type `like` (`d.Status == "Failed"`,
/// `d.count > 5`): its text for a string or guid, a real for any number, else that type's
/// `to*()` conversion; a value that does not convert is null. `None` when `like` is dynamic
/// or decimal.
pub fn dynamic_as(value: TypedExpr, like: KqlType) -> Option<TypedExpr> {
    Some(match like {
        KqlType::String | KqlType::Guid => to_kql_string(value),
        KqlType::Int | KqlType::Long | KqlType::Real => {
            to_kql_string(value).try_cast_to(KqlType::Real)
        }
        KqlType::Bool => tobool::parse(to_kql_string(value)),
        KqlType::DateTime => todatetime::parse(to_kql_string(value)),
        KqlType::TimeSpan => totimespan::parse(to_kql_string(value)),
        KqlType::Dynamic | KqlType::Decimal => return None,
    })
}

/// A string expression converted to `to` as the `to*()` function of that type converts a
/// string (`extract(…, typeof(long))`): null where it does not convert.
pub fn from_string(text: TypedExpr, to: KqlType) -> TypedExpr {
    match to {
        KqlType::String | KqlType::Guid => TypedExpr::new(text.expr, to),
        KqlType::Bool => tobool::parse(text),
        KqlType::DateTime => todatetime::parse(text),
        KqlType::TimeSpan => totimespan::parse(text),
        KqlType::Dynamic => crate::dynamic::parse_json(text),
        KqlType::Int | KqlType::Long | KqlType::Real | KqlType::Decimal => text.try_cast_to(to),
    }
}
