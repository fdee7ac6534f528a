//! The `dynamic` representation and its access operators: `d[0]`, `d["key"]`, `d.key`.
//!
//! A `dynamic` value is stored as compact JSON text in a `Utf8` column (JSON `null` and a
//! missing value are both a null cell). Why JSON text:
//! - exports carry dynamic values as JSON already (nested objects in export rows, JSON strings
//!   in Parquet), so reading them is a copy of the raw bytes, with no decode of values a query
//!   never touches;
//! - it keeps every KQL scalar apart that Arrow structs or lists would merge or lose (a bag's
//!   keys vary per row; arrays mix types);
//! - rendering is the text itself ("dynamic as compact JSON" in the CSV contract).
//!
//! The price is a parse per access; the planner fuses the common `split(s, d)[i]` into one
//! pass over the string (`string::split`).
//!
//! Access follows Kusto (`dynamic.md`): negative indexes count from the end; an index out of
//! range, a missing key, or access into a non-container gives null.

mod access;
mod to_string;

pub use access::{dynamic_index_udf, dynamic_member_udf};
pub use to_string::{dynamic_to_string_udf, json_to_kql_string};
