//! The collector behind `make_list`, `make_list_if`, `make_list_with_nulls`, `make_set`,
//! `make_set_if`, `make_bag`, `make_bag_if` and their deprecated forms.
//!
//! Every value arrives as its JSON text (`conversion::to_json`: strings quoted, datetimes as
//! their canonical text, dynamic values as themselves), so one collector serves every input
//! type and the result is the dynamic value's JSON directly. The partial state is the partial
//! result's JSON text; merging reads its elements back.
//!
//! - list: the values in arrival order (input order within a partition), nulls skipped unless
//!   `with_nulls`, at most `limit` of them.
//! - set: the distinct values in first-seen order; an array value contributes its elements
//!   (make-set-aggregation-function.md: `[1,2]`, `[2,3]` → `[1,2,3]`); at most `limit`.
//! - bag: the keys of every property-bag value (other values are skipped); a key seen twice
//!   keeps its first value (Kusto: "an arbitrary value"); at most `limit` keys.

use super::udaf::KqlAggregate;
use crate::args::Arg;
use crate::json::{self, JsonKind};
use crate::{AggregatePlan, FunctionError};
use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{Result, ScalarValue, exec_err};
use datafusion::logical_expr::Accumulator;
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

/// A collector of at most `limit` items.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Collect {
    shape: Shape,
    limit: usize,
}

/// Plans a collector over `value` (which `make_bag` requires to be dynamic), with the limit
/// of the optional constant `max_size` argument (1 to 1,048,576) or `default_limit`.
pub(in crate::aggregate) fn collect(
    value: Arg,
    shape: Shape,
    max_size: Option<Arg>,
    default_limit: i64,
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
    let aggregate = Collect {
        shape,
        limit: usize::try_from(limit).unwrap_or(usize::MAX),
    };
    let json = crate::conversion::to_json(value);
    Ok(AggregatePlan::new(
        super::udaf::call(aggregate, vec![json]),
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
        vec![DataType::Utf8]
    }
    fn accumulator(&self) -> Box<dyn Accumulator> {
        Box::new(Collector {
            collect: self.clone(),
            text: String::new(),
            count: 0,
            seen: HashSet::new(),
        })
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
