//! KQL scalar types: the type system every stage shares.
//!
//! The parser reads type names in `datatable(x: long)`, `long(null)` and friends; the planner
//! tracks a [`KqlType`] for every column; `kql-functions` maps each type to its Arrow layout.

use std::fmt;
use std::str::FromStr;

/// A KQL scalar type (Kusto docs: `scalar-data-types/index.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KqlType {
    /// `bool` (alias `boolean`).
    Bool,
    /// `int`: signed 32-bit.
    Int,
    /// `long`: signed 64-bit; the type of integer literals.
    Long,
    /// `real` (alias `double`): IEEE 754 64-bit.
    Real,
    /// `decimal`: 128-bit decimal.
    Decimal,
    /// `string`: UTF-8, never null (the missing string is `""`).
    String,
    /// `datetime` (alias `date`): a UTC instant.
    DateTime,
    /// `timespan` (alias `time`): an interval.
    TimeSpan,
    /// `guid` (aliases `uuid`, `uniqueid`).
    Guid,
    /// `dynamic`: an array, a property bag, any scalar, or null.
    Dynamic,
}

impl KqlType {
    /// Every type, in the order Kusto's documentation lists them.
    pub const ALL: [KqlType; 10] = [
        KqlType::Bool,
        KqlType::DateTime,
        KqlType::Decimal,
        KqlType::Dynamic,
        KqlType::Guid,
        KqlType::Int,
        KqlType::Long,
        KqlType::Real,
        KqlType::String,
        KqlType::TimeSpan,
    ];

    /// The canonical KQL name (`long`, `datetime`, …), as `getschema` prints it.
    pub fn name(self) -> &'static str {
        match self {
            KqlType::Bool => "bool",
            KqlType::Int => "int",
            KqlType::Long => "long",
            KqlType::Real => "real",
            KqlType::Decimal => "decimal",
            KqlType::String => "string",
            KqlType::DateTime => "datetime",
            KqlType::TimeSpan => "timespan",
            KqlType::Guid => "guid",
            KqlType::Dynamic => "dynamic",
        }
    }

    /// Resolves a type name or alias, matched exactly as Kusto does (`Long` is not a type).
    pub fn from_name(name: &str) -> Option<KqlType> {
        Some(match name {
            "bool" | "boolean" => KqlType::Bool,
            "int" => KqlType::Int,
            "long" => KqlType::Long,
            "real" | "double" => KqlType::Real,
            "decimal" => KqlType::Decimal,
            "string" => KqlType::String,
            "datetime" | "date" => KqlType::DateTime,
            "timespan" | "time" => KqlType::TimeSpan,
            "guid" | "uuid" | "uniqueid" => KqlType::Guid,
            "dynamic" => KqlType::Dynamic,
            _ => return None,
        })
    }

    /// True for `int`, `long`, `real` and `decimal`.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            KqlType::Int | KqlType::Long | KqlType::Real | KqlType::Decimal
        )
    }
}

impl fmt::Display for KqlType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error of [`KqlType::from_str`]: the text is not a KQL type name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown type '{0}'")]
pub struct UnknownType(pub String);

impl FromStr for KqlType {
    type Err = UnknownType;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        KqlType::from_name(s).ok_or_else(|| UnknownType(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_aliases_resolve() {
        for t in KqlType::ALL {
            assert_eq!(KqlType::from_name(t.name()), Some(t));
        }
        assert_eq!(KqlType::from_name("double"), Some(KqlType::Real));
        assert_eq!(KqlType::from_name("date"), Some(KqlType::DateTime));
        assert_eq!(KqlType::from_name("time"), Some(KqlType::TimeSpan));
        assert_eq!(
            KqlType::from_name("Long"),
            None,
            "type names are case-sensitive"
        );
    }
}
