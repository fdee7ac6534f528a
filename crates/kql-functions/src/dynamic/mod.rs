//! Dynamic functions (`parse_json`, `gettype`, arrays, property bags and sets) and the access
//! operators `d[0]`, `d["key"]`, `d.key`.
//!
//! A `dynamic` value is stored as compact JSON text in a `Utf8` column (JSON `null` and a
//! missing value are both a null cell); [`crate::json`] reads and writes it. Why JSON text:
//! - exports carry dynamic values as JSON already (nested objects in export rows, JSON strings
//!   in Parquet), so reading them is a copy of the raw bytes, with no decode of values a query
//!   never touches;
//! - it keeps every KQL scalar apart that Arrow structs or lists would merge or lose (a bag's
//!   keys vary per row; arrays mix types): longs are JSON integers, reals keep a fraction or
//!   exponent (`2.0`), and datetimes, timespans and guids are strings in their exact canonical
//!   text, which `gettype` reads back as those types (see `gettype.rs`);
//! - rendering is the text itself ("dynamic as compact JSON" in the CSV contract).
//!
//! The price is a parse per access, done without building a tree; `split(s, d)[i]` never
//! builds JSON at all (`string::split`).
//!
//! Access follows Kusto (`dynamic.md`): negative indexes count from the end; an index out of
//! range, a missing key, or access into a non-container gives null.

mod access;
mod array_concat;
mod array_iff;
mod array_index_of;
mod array_length;
mod array_reverse;
mod array_rotate_left;
mod array_shift_left;
mod array_slice;
mod array_sort_asc;
mod array_split;
mod array_sum;
mod bag_has_key;
mod bag_keys;
mod bag_merge;
mod bag_pack;
mod bag_set_key;
mod dynamic_to_json;
pub(crate) mod gettype;
mod jaccard_index;
mod pack_all;
mod pack_array;
mod parse_json;
mod parse_xml;
mod range;
mod repeat;
mod set_union;
mod treepath;
mod zip;

use crate::KqlFunction;
use std::sync::Arc;

pub use access::{dynamic_index_udf, dynamic_member_udf};
pub(crate) use gettype::json_type;
pub(crate) use parse_json::parse_json;

/// The functions of this category.
pub(crate) fn functions() -> Vec<Arc<dyn KqlFunction>> {
    vec![
        Arc::new(array_concat::ArrayConcatFunc),
        Arc::new(array_iff::ArrayIffFunc),
        Arc::new(array_index_of::ARRAY_INDEX_OF),
        Arc::new(array_index_of::SET_HAS_ELEMENT),
        Arc::new(array_length::ArrayLengthFunc),
        Arc::new(array_reverse::ArrayReverseFunc),
        Arc::new(array_rotate_left::ARRAY_ROTATE_LEFT),
        Arc::new(array_rotate_left::ARRAY_ROTATE_RIGHT),
        Arc::new(array_shift_left::ARRAY_SHIFT_LEFT),
        Arc::new(array_shift_left::ARRAY_SHIFT_RIGHT),
        Arc::new(array_slice::ArraySliceFunc),
        Arc::new(array_sort_asc::ARRAY_SORT_ASC),
        Arc::new(array_sort_asc::ARRAY_SORT_DESC),
        Arc::new(array_split::ArraySplitFunc),
        Arc::new(array_sum::ArraySumFunc),
        Arc::new(bag_has_key::BagHasKeyFunc),
        Arc::new(bag_keys::BagKeysFunc),
        Arc::new(bag_merge::BagMergeFunc),
        Arc::new(bag_pack::BagPackFunc),
        Arc::new(bag_set_key::BagRemoveKeysFunc),
        Arc::new(bag_set_key::BagSetKeyFunc),
        Arc::new(dynamic_to_json::DynamicToJsonFunc),
        Arc::new(gettype::GettypeFunc),
        Arc::new(jaccard_index::JaccardIndexFunc),
        Arc::new(pack_all::PackAllFunc),
        Arc::new(pack_array::PackArrayFunc),
        Arc::new(parse_json::ParseJsonFunc),
        Arc::new(parse_xml::ParseXmlFunc),
        Arc::new(range::RangeFunc),
        Arc::new(repeat::RepeatFunc),
        Arc::new(set_union::SET_DIFFERENCE),
        Arc::new(set_union::SET_INTERSECT),
        Arc::new(set_union::SET_UNION),
        Arc::new(treepath::TreepathFunc),
        Arc::new(zip::ZipFunc),
    ]
}

/// Appends the JSON array of the element texts `items`.
pub(crate) fn push_array<'a>(out: &mut String, items: impl IntoIterator<Item = &'a str>) {
    out.push('[');
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(item);
    }
    out.push(']');
}
