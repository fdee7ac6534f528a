//! The collector behind `make_list`, `make_list_if`, `make_list_with_nulls`, `make_set`,
//! `make_set_if`, `make_bag`, `make_bag_if` and their deprecated forms.
//!
//! Every value arrives as its JSON text (`conversion::to_json`: strings quoted, datetimes as
//! their canonical text, dynamic values as themselves), so one collector serves every input
//! type and the result is the dynamic value's JSON directly. The partial state is the partial
//! result's JSON text; merging reads its elements back.
//!
//! - list: the values in input order, nulls skipped unless `with_nulls`, at most `limit` of
//!   them. Kusto keeps the order of sorted input (make-list-aggregation-function.md); DataFusion
//!   reads partitions in parallel and drops a sort under an aggregate, so when the summarize
//!   input is sorted the planner passes the sort keys (`KqlFunction::plan_aggregate_in_order`)
//!   and the list is kept with each value's key in Arrow's byte-comparable row format, then
//!   sorted by it. Unsorted input keeps arrival order within each partition.
//! - set: the distinct values in first-seen order; an array value contributes its elements
//!   (make-set-aggregation-function.md: `[1,2]`, `[2,3]` → `[1,2,3]`); at most `limit`.
//! - bag: the keys of every property-bag value (other values are skipped); a key seen twice
//!   keeps its first value (Kusto: "an arbitrary value"); at most `limit` keys.

use super::udaf::KqlAggregate;
use crate::args::Arg;
use crate::json::{self, JsonKind};
use crate::{AggregatePlan, FunctionError};
use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::compute::SortOptions;
use datafusion::arrow::datatypes::DataType;
use datafusion::arrow::row::{RowConverter, SortField};
use datafusion::common::{Result, ScalarValue, exec_err};
use datafusion::logical_expr::Accumulator;
use datafusion::logical_expr::SortExpr;
use kql_syntax::KqlType;
use std::collections::HashSet;

/// The largest and default `maxSize` (make-list-aggregation-function.md).
pub(in crate::aggregate) const MAX_SIZE: i64 = 1_048_576;

/// The default `maxSize` of the deprecated `makelist`, `makeset` and `make_dictionary`.
pub(in crate::aggregate) const DEPRECATED_MAX_SIZE: i64 = 128;

/// What a collector makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(in crate::aggregate) enum Shape {
    /// `make_list`: nulls skipped.
    List,
    /// `make_list_with_nulls`: nulls kept as `null`.
    ListWithNulls,
    /// `make_set`.
    Set,
    /// `make_bag`.
    Bag,
}

/// A collector of at most `limit` items; a list also by the sort keys following the value
/// argument, each with its (ascending, nulls first) options.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Collect {
    shape: Shape,
    limit: usize,
    order: Vec<(bool, bool)>,
}

/// Plans a collector over `value` (which `make_bag` requires to be dynamic), with the limit
/// of the optional constant `max_size` argument (1 to 1,048,576) or `default_limit`.
pub(in crate::aggregate) fn collect(
    value: Arg,
    shape: Shape,
    max_size: Option<Arg>,
    default_limit: i64,
) -> Result<AggregatePlan, FunctionError> {
    collect_in_order(value, shape, max_size, default_limit, &[])
}

/// [`collect`] of a list whose input arrives sorted by `order` (empty: unsorted), keeping that
/// order.
pub(in crate::aggregate) fn collect_in_order(
    value: Arg,
    shape: Shape,
    max_size: Option<Arg>,
    default_limit: i64,
    order: &[SortExpr],
) -> Result<AggregatePlan, FunctionError> {
    let limit = match max_size {
        None => default_limit,
        Some(arg) => {
            let name = arg.name();
            let error = arg.error(format!("{name} must be 1 to {MAX_SIZE}"));
            match arg.long_literal()? {
                n @ 1..=MAX_SIZE => n,
                _ => return Err(error),
            }
        }
    };
    let value = match shape {
        Shape::Bag => value.dynamic()?,
        _ => super::super::kql_values(value),
    };
    let order = match shape {
        Shape::List | Shape::ListWithNulls => order,
        Shape::Set | Shape::Bag => &[],
    };
    let aggregate = Collect {
        shape,
        limit: usize::try_from(limit).unwrap_or(usize::MAX),
        order: order.iter().map(|o| (o.asc, o.nulls_first)).collect(),
    };
    let mut args = vec![crate::conversion::to_json(value)];
    args.extend(order.iter().map(|o| o.expr.clone()));
    Ok(AggregatePlan::new(
        super::udaf::call(aggregate, args),
        KqlType::Dynamic,
    ))
}

impl KqlAggregate for Collect {
    fn name(&self) -> &'static str {
        match self.shape {
            Shape::List => "kql_make_list",
            Shape::ListWithNulls => "kql_make_list_with_nulls",
            Shape::Set => "kql_make_set",
            Shape::Bag => "kql_make_bag",
        }
    }
    fn returns(&self) -> DataType {
        DataType::Utf8
    }
    fn state(&self) -> Vec<DataType> {
        match self.order.is_empty() {
            true => vec![DataType::Utf8],
            false => vec![DataType::Binary],
        }
    }
    fn accumulator(&self, arg_types: &[DataType]) -> Result<Box<dyn Accumulator>> {
        if self.order.is_empty() {
            return Ok(Box::new(Collector {
                collect: self.clone(),
                text: String::new(),
                count: 0,
                seen: HashSet::new(),
            }));
        }
        let fields = arg_types
            .iter()
            .skip(1)
            .zip(&self.order)
            .map(|(t, (asc, nulls_first))| {
                let options = SortOptions {
                    descending: !asc,
                    nulls_first: *nulls_first,
                };
                SortField::new_with_options(t.clone(), options)
            })
            .collect();
        Ok(Box::new(SortedList {
            with_nulls: self.shape == Shape::ListWithNulls,
            limit: self.limit,
            keys: RowConverter::new(fields)?,
            entries: Vec::new(),
            bytes: Vec::new(),
        }))
    }
}

/// One group's items, written as they arrive into `text` (comma-separated JSON values, or
/// `"key":value` members for a bag).
#[derive(Debug)]
struct Collector {
    collect: Collect,
    text: String,
    count: usize,
    /// The set's values, or the bag's keys.
    seen: HashSet<Box<str>>,
}

impl Collector {
    fn full(&self) -> bool {
        self.count >= self.collect.limit
    }

    fn push(&mut self, item: &str) {
        if self.count > 0 {
            self.text.push(',');
        }
        self.text.push_str(item);
        self.count += 1;
    }

    /// Adds one value's JSON text (`None`: a null value).
    fn add(&mut self, value: Option<&str>) {
        if self.full() {
            return;
        }
        let value = value.filter(|v| json::kind(v) != JsonKind::Null);
        match (self.collect.shape, value) {
            (Shape::ListWithNulls, None) => self.push("null"),
            (_, None) => {}
            (Shape::List | Shape::ListWithNulls, Some(v)) => self.push(v),
            (Shape::Set, Some(v)) if json::kind(v) == JsonKind::Array => {
                for element in json::elements(v).unwrap_or_default() {
                    if json::kind(element) != JsonKind::Null {
                        self.add_distinct(element);
                    }
                }
            }
            (Shape::Set, Some(v)) => self.add_distinct(v),
            (Shape::Bag, Some(v)) => {
                for (key, member) in json::entries(v).unwrap_or_default() {
                    if self.full() {
                        break;
                    }
                    if self.seen.insert(key.as_ref().into()) {
                        if self.count > 0 {
                            self.text.push(',');
                        }
                        json::push_json_string(&mut self.text, &key);
                        self.text.push(':');
                        self.text.push_str(member);
                        self.count += 1;
                    }
                }
            }
        }
    }

    fn add_distinct(&mut self, value: &str) {
        if !self.full() && self.seen.insert(value.into()) {
            self.push(value);
        }
    }

    /// The result so far as JSON text.
    fn json(&self) -> String {
        let (open, close) = match self.collect.shape {
            Shape::Bag => ('{', '}'),
            _ => ('[', ']'),
        };
        let mut out = String::with_capacity(self.text.len() + 2);
        out.push(open);
        out.push_str(&self.text);
        out.push(close);
        out
    }
}

impl Accumulator for Collector {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let Some(texts) = values.first().and_then(|v| v.as_string_opt::<i32>()) else {
            return exec_err!("make_list(): expected JSON text");
        };
        for row in 0..texts.len() {
            if self.full() {
                break;
            }
            self.add(texts.is_valid(row).then(|| texts.value(row)));
        }
        Ok(())
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        Ok(ScalarValue::Utf8(Some(self.json())))
    }

    fn size(&self) -> usize {
        std::mem::size_of_val(self)
            + self.text.capacity()
            + self.seen.iter().map(|s| s.len() + 16).sum::<usize>()
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        Ok(vec![ScalarValue::Utf8(Some(self.json()))])
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let Some(partials) = states.first().and_then(|v| v.as_string_opt::<i32>()) else {
            return exec_err!("make_list(): bad partial state");
        };
        for partial in partials.iter().flatten() {
            match self.collect.shape {
                // A partial bag is a bag: its members merge like a value's.
                Shape::Bag => self.add(Some(partial)),
                _ => {
                    for element in json::elements(partial).unwrap_or_default() {
                        match self.collect.shape {
                            Shape::Set => self.add_distinct(element),
                            _ if !self.full() => self.push(element),
                            _ => break,
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// A list of values that arrive sorted by keys: each value's key bytes and JSON text, kept in
/// one buffer (`entries` holds the offsets), sorted by key when the list is read. Equal keys
/// keep their arrival order (a stable sort), as Kusto's order of equal rows is any order.
#[derive(Debug)]
struct SortedList {
    with_nulls: bool,
    limit: usize,
    keys: RowConverter,
    /// (key start, key end, text end) in `bytes`; the text starts at the key's end.
    entries: Vec<(usize, usize, usize)>,
    bytes: Vec<u8>,
}

impl SortedList {
    fn push(&mut self, key: &[u8], text: &[u8]) {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(key);
        let key_end = self.bytes.len();
        self.bytes.extend_from_slice(text);
        self.entries.push((start, key_end, self.bytes.len()));
    }

    fn key(&self, entry: (usize, usize, usize)) -> &[u8] {
        self.bytes.get(entry.0..entry.1).unwrap_or_default()
    }

    fn text(&self, entry: (usize, usize, usize)) -> &[u8] {
        self.bytes.get(entry.1..entry.2).unwrap_or_default()
    }

    /// The entries in key order, at most `limit` of them.
    fn sorted(&self) -> Vec<(usize, usize, usize)> {
        let mut sorted = self.entries.clone();
        sorted.sort_by(|a, b| self.key(*a).cmp(self.key(*b)));
        sorted.truncate(self.limit);
        sorted
    }
}

impl Accumulator for SortedList {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let (Some(texts), Some(keys)) = (
            values.first().and_then(|v| v.as_string_opt::<i32>()),
            values.get(1..),
        ) else {
            return exec_err!("make_list(): expected JSON text and sort keys");
        };
        let rows = self.keys.convert_columns(keys)?;
        for row in 0..texts.len() {
            let text = texts
                .is_valid(row)
                .then(|| texts.value(row))
                .filter(|t| json::kind(t) != JsonKind::Null);
            match (text, self.with_nulls) {
                (Some(t), _) => self.push(rows.row(row).as_ref(), t.as_bytes()),
                (None, true) => self.push(rows.row(row).as_ref(), b"null"),
                (None, false) => {}
            }
        }
        Ok(())
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        let mut out = String::from("[");
        for (i, entry) in self.sorted().into_iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(std::str::from_utf8(self.text(entry)).unwrap_or("null"));
        }
        out.push(']');
        Ok(ScalarValue::Utf8(Some(out)))
    }

    fn size(&self) -> usize {
        std::mem::size_of_val(self)
            + self.keys.size()
            + self.bytes.capacity()
            + self.entries.capacity() * 24
    }

    /// Each entry as its key length and text length (4 bytes each, little-endian), then the
    /// key and the text.
    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        let mut state = Vec::with_capacity(self.bytes.len() + self.entries.len() * 8);
        for entry in &self.entries {
            let (key, text) = (self.key(*entry), self.text(*entry));
            let (Ok(key_len), Ok(text_len)) = (u32::try_from(key.len()), u32::try_from(text.len()))
            else {
                return exec_err!("make_list(): a value longer than 4 GiB");
            };
            state.extend_from_slice(&key_len.to_le_bytes());
            state.extend_from_slice(&text_len.to_le_bytes());
            state.extend_from_slice(key);
            state.extend_from_slice(text);
        }
        Ok(vec![ScalarValue::Binary(Some(state))])
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let Some(states) = states.first().and_then(|s| s.as_binary_opt::<i32>()) else {
            return exec_err!("make_list(): bad partial state");
        };
        for mut state in states.iter().flatten() {
            while !state.is_empty() {
                let Some((key, text, rest)) = next_entry(state) else {
                    return exec_err!("make_list(): bad partial state");
                };
                self.push(key, text);
                state = rest;
            }
        }
        Ok(())
    }
}

/// Splits the first entry of a [`SortedList`] state off: its key, its text and the rest.
fn next_entry(state: &[u8]) -> Option<(&[u8], &[u8], &[u8])> {
    let length = |at: usize| -> Option<usize> {
        let bytes: [u8; 4] = state.get(at..at + 4)?.try_into().ok()?;
        usize::try_from(u32::from_le_bytes(bytes)).ok()
    };
    let (key_len, text_len) = (length(0)?, length(4)?);
    let rest = state.get(8..)?;
    let (key, rest) = rest.split_at_checked(key_len)?;
    let (text, rest) = rest.split_at_checked(text_len)?;
    Some((key, text, rest))
}
