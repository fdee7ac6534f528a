//! UDFs that tabular operators build on, which are not KQL functions themselves: the element
//! lists `mv-expand` unnests, and the slots of property bags `evaluate bag_unpack()` learns
//! its columns from ([`bag_slots`]).
//!
//! `mv-expand` is planned as DataFusion's `unnest` over lists of dynamic values (JSON text):
//! [`mv_expand_items`] turns each dynamic value into the list of its elements, as
//! mv-expand-operator.md defines them — an array's elements; a property bag's entries as
//! one-key bags `{"k":v}` (or `["k",v]` pairs with `bagexpansion=array`); a null value one null
//! element (one row); an empty array or bag no element (no row); any other value (a scalar)
//! itself, as one element. Several lists unnested together are zipped by DataFusion, the
//! shorter padded with null, which is Kusto's "expanded in parallel". [`mv_expand_index`]
//! gives the 0-based positions of a row's longest list, for `with_itemindex=`.

use crate::TypedExpr;
use crate::json::{self, JsonKind, push_json_string};
use crate::udf::{Batch, udf, udf_with};
use datafusion::arrow::array::{
    Array, ArrayRef, Int64Builder, ListArray, ListBuilder, StringBuilder,
};
use datafusion::arrow::datatypes::{DataType, Field, Int64Type};
use datafusion::common::{Result, exec_err};
use datafusion::logical_expr::{ColumnarValue, Expr, Signature, TypeSignature, Volatility, lit};
use std::sync::Arc;

/// The Arrow type of a list of dynamic values (JSON text, null for a dynamic null).
pub fn item_list_type() -> DataType {
    DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true)))
}

/// The elements of the dynamic value `value` as a list, at most `limit` of them; bags expand
/// to `["k",v]` pairs when `bag_as_array`, else to `{"k":v}` bags.
pub fn mv_expand_items(value: TypedExpr, bag_as_array: bool, limit: i64) -> Expr {
    let f = udf(
        "kql_mv_expand_items",
        vec![DataType::Utf8, DataType::Boolean, DataType::Int64],
        item_list_type(),
        items_body,
    );
    f.call(vec![value.expr, lit(bag_as_array), lit(limit)])
}

/// The list `[0, 1, …, n-1]` where `n` is the length of the longest of `lists` (lists of
/// [`mv_expand_items`]), for `with_itemindex=`.
pub fn mv_expand_index(lists: Vec<Expr>) -> Expr {
    let f = udf_with(
        "kql_mv_expand_index",
        Signature::new(
            TypeSignature::Variadic(vec![item_list_type()]),
            Volatility::Immutable,
        ),
        DataType::List(Arc::new(Field::new_list_field(DataType::Int64, true))),
        index_body,
    );
    f.call(lists)
}

/// Appends the elements of `value` (JSON text, `None` for null) to `out`, at most `limit`.
fn push_items(
    out: &mut ListBuilder<StringBuilder>,
    value: Option<&str>,
    as_array: bool,
    limit: usize,
) {
    let items = out.values();
    let push_json = |items: &mut StringBuilder, text: &str| {
        if json::kind(text) == JsonKind::Null {
            items.append_null();
        } else {
            items.append_value(text);
        }
    };
    match value {
        None => {
            if limit > 0 {
                items.append_null();
            }
        }
        Some(text) => match json::kind(text) {
            JsonKind::Array => {
                for element in json::elements(text)
                    .unwrap_or_default()
                    .into_iter()
                    .take(limit)
                {
                    push_json(items, element);
                }
            }
            JsonKind::Object => {
                let mut entry = String::new();
                for (key, v) in json::entries(text)
                    .unwrap_or_default()
                    .into_iter()
                    .take(limit)
                {
                    entry.clear();
                    entry.push(if as_array { '[' } else { '{' });
                    push_json_string(&mut entry, &key);
                    entry.push(if as_array { ',' } else { ':' });
                    entry.push_str(v);
                    entry.push(if as_array { ']' } else { '}' });
                    items.append_value(&entry);
                }
            }
            JsonKind::Null => {
                if limit > 0 {
                    items.append_null();
                }
            }
            _ => {
                if limit > 0 {
                    items.append_value(text);
                }
            }
        },
    }
    out.append(true);
}

/// `kql_mv_expand_items(value, bag_as_array, limit)`.
fn items_body(batch: &Batch) -> Result<ColumnarValue> {
    let values = batch.strings(0)?;
    let as_array = batch.bools(1)?.get(0).unwrap_or(false);
    let limit = batch.primitives::<Int64Type>(2)?.get(0).unwrap_or(i64::MAX);
    let limit = usize::try_from(limit.max(0)).unwrap_or(usize::MAX);
    let mut out = ListBuilder::new(StringBuilder::new());
    for row in 0..batch.rows() {
        push_items(&mut out, values.get(row), as_array, limit);
    }
    let array: ArrayRef = Arc::new(out.finish());
    batch.finish(array)
}

/// `kql_mv_expand_index(list, …)`.
fn index_body(batch: &Batch) -> Result<ColumnarValue> {
    let mut lists = Vec::with_capacity(batch.len());
    for i in 0..batch.len() {
        let array = batch.array(i);
        let Some(list) = array.as_any().downcast_ref::<ListArray>() else {
            return exec_err!("kql_mv_expand_index: argument {i} is not a list");
        };
        lists.push((list.clone(), batch.is_scalar(i)));
    }
    let mut out = ListBuilder::new(Int64Builder::new());
    for row in 0..batch.rows() {
        let longest = lists
            .iter()
            .map(|(list, scalar)| {
                let i = if *scalar { 0 } else { row };
                if list.is_valid(i) {
                    list.value_length(i)
                } else {
                    0
                }
            })
            .max()
            .unwrap_or(0);
        for n in 0..i64::from(longest) {
            out.values().append_value(n);
        }
        out.append(true);
    }
    let array: ArrayRef = Arc::new(out.finish());
    batch.finish(array)
}

/// The slots of the property bag `value` as a list of `"<type>\t<key>"` texts, the type as
/// `gettype()` names it (`int`, `string`, `dictionary`, …); nothing for a value that is not a
/// bag. `evaluate bag_unpack()` collects the distinct texts to learn its output columns.
pub fn bag_slots(value: TypedExpr) -> Expr {
    let f = udf(
        "kql_bag_slots",
        vec![DataType::Utf8],
        item_list_type(),
        slots_body,
    );
    f.call(vec![value.expr])
}

/// `kql_bag_slots(value)`.
fn slots_body(batch: &Batch) -> Result<ColumnarValue> {
    let values = batch.strings(0)?;
    let mut out = ListBuilder::new(StringBuilder::new());
    let mut slot = String::new();
    for row in 0..batch.rows() {
        if let Some(entries) = values.get(row).and_then(json::entries) {
            for (key, value) in entries {
                slot.clear();
                slot.push_str(crate::dynamic::json_type(value));
                slot.push('\t');
                slot.push_str(&key);
                out.values().append_value(&slot);
            }
        }
        out.append(true);
    }
    let array: ArrayRef = Arc::new(out.finish());
    batch.finish(array)
}
