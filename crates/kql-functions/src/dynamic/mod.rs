//! Dynamic functions and the access operators: `d[0]`, `d["key"]`, `d.key`.
//!
//! A `dynamic` value is stored as compact JSON text in a `Utf8` column (JSON `null` and a
//! missing value are both a null cell); [`crate::json`] reads and writes it. Why JSON text:
//! - exports carry dynamic values as JSON already (nested objects in export rows, JSON strings
//!   in Parquet), so reading them is a copy of the raw bytes, with no decode of values a query
//!   never touches;
//! - it keeps every KQL scalar apart that Arrow structs or lists would merge or lose (a bag's
//!   keys vary per row; arrays mix types);
//! - rendering is the text itself ("dynamic as compact JSON" in the CSV contract).
//!
//! The price is a parse per access, done without building a tree; `split(s, d)[i]` never
//! builds JSON at all (`string::split`).
//!
//! Access follows Kusto (`dynamic.md`): negative indexes count from the end; an index out of
//! range, a missing key, or access into a non-container gives null.

mod access;

pub use access::{dynamic_index_udf, dynamic_member_udf};
