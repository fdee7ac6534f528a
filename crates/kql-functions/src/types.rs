//! KQL types ↔ Arrow types: the one place that decides how each KQL type is laid out.
//!
//! | KQL | Arrow |
//! |---|---|
//! | `bool` | `Boolean` |
//! | `int` | `Int32` |
//! | `long` | `Int64` |
//! | `real` | `Float64` |
//! | `decimal` | `Decimal128(38, 18)` |
//! | `string`, `guid` | `Utf8` (strings are never null: readers and functions produce `""`) |
//! | `datetime` | `Timestamp(Nanosecond, "UTC")` (years 1677–2262; Kusto's are 1–9999) |
//! | `timespan` | `Duration(Nanosecond)` |
//! | `dynamic` | `Utf8` holding compact JSON text (see `kql-planner`'s module doc for why) |
//!
//! `string`, `guid` and `dynamic` share `Utf8`; the planner keeps the KQL type of every column,
//! so the Arrow type alone never decides how a value is rendered or compared.

use datafusion::arrow::datatypes::{DataType, TimeUnit};
use kql_syntax::KqlType;

/// The timezone every KQL `datetime` carries in Arrow.
pub const UTC: &str = "UTC";

/// The canonical Arrow type of a KQL type.
///
/// ```text
/// kql_to_arrow(KqlType::DateTime) == Timestamp(Nanosecond, Some("UTC"))
/// ```
pub fn kql_to_arrow(t: KqlType) -> DataType {
    match t {
        KqlType::Bool => DataType::Boolean,
        KqlType::Int => DataType::Int32,
        KqlType::Long => DataType::Int64,
        KqlType::Real => DataType::Float64,
        KqlType::Decimal => DataType::Decimal128(38, 18),
        KqlType::String | KqlType::Guid | KqlType::Dynamic => DataType::Utf8,
        KqlType::DateTime => DataType::Timestamp(TimeUnit::Nanosecond, Some(UTC.into())),
        KqlType::TimeSpan => DataType::Duration(TimeUnit::Nanosecond),
    }
}

/// The KQL type a column of an Arrow type reads as, for sources without a catalog schema
/// (Parquet files, unknown tables). `None` when kqlake cannot read the type yet.
///
/// Nested Arrow types (lists, structs, maps) are `dynamic`; the reader turns them into JSON.
pub fn arrow_to_kql(t: &DataType) -> Option<KqlType> {
    Some(match t {
        DataType::Boolean => KqlType::Bool,
        DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::UInt8 | DataType::UInt16 => {
            KqlType::Int
        }
        DataType::Int64 | DataType::UInt32 | DataType::UInt64 => KqlType::Long,
        DataType::Float16 | DataType::Float32 | DataType::Float64 => KqlType::Real,
        DataType::Decimal128(_, _) | DataType::Decimal256(_, _) => KqlType::Decimal,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => KqlType::String,
        DataType::Timestamp(_, _) | DataType::Date32 | DataType::Date64 => KqlType::DateTime,
        DataType::Duration(_) => KqlType::TimeSpan,
        DataType::List(_)
        | DataType::LargeList(_)
        | DataType::FixedSizeList(_, _)
        | DataType::Struct(_)
        | DataType::Map(_, _) => KqlType::Dynamic,
        DataType::Dictionary(_, value) => return arrow_to_kql(value),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kql_type_round_trips_through_its_arrow_type_except_utf8_sharers() {
        for t in KqlType::ALL {
            let back = arrow_to_kql(&kql_to_arrow(t)).expect("canonical types are readable");
            let expected = match t {
                KqlType::Guid | KqlType::Dynamic => KqlType::String,
                other => other,
            };
            assert_eq!(back, expected, "{t}");
        }
    }

    #[test]
    fn datetime_is_nanoseconds_in_utc() {
        assert_eq!(
            kql_to_arrow(KqlType::DateTime),
            DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into()))
        );
        assert_eq!(arrow_to_kql(&DataType::Date32), Some(KqlType::DateTime));
    }
}
