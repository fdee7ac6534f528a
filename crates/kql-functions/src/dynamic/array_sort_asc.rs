//! `array_sort_asc(array [, nulls_last])` and `array_sort_desc(…)`: an array's elements
//! sorted.
//!
//! Kusto's order for mixed elements: numbers (and datetimes and timespans), then strings (and
//! guids), then everything else; dynamic arrays hold datetimes, timespans and guids as their
//! strings, so here they sort with the strings. Elements of the last group keep their order.

use super::push_array;
use crate::args::variadic;
use crate::json::{JsonKind, elements, kind, string_value};
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, lit};
use kql_syntax::KqlType;
use std::cmp::Ordering;

/// `array_sort_asc` or `array_sort_desc`: see each `DOC`.
pub(crate) struct ArraySortFunc {
    doc: &'static FunctionDoc,
    descending: bool,
}

/// `array_sort_asc`.
pub(crate) const ARRAY_SORT_ASC: ArraySortFunc = ArraySortFunc {
    doc: &ASC_DOC,
    descending: false,
};
/// `array_sort_desc`.
pub(crate) const ARRAY_SORT_DESC: ArraySortFunc = ArraySortFunc {
    doc: &DESC_DOC,
    descending: true,
};

const ASC_DOC: FunctionDoc = FunctionDoc {
    name: "array_sort_asc",
    aliases: &[],
    category: "dynamic",
    syntax: "array_sort_asc(array1 [, …] [, nulls_last])",
    description: "The elements of array1 in ascending order: numbers first (by value), then \
        strings (ordinal, case-sensitive; datetimes, timespans and guids are strings in a \
        dynamic array), then the other elements in their original order; nulls last, or \
        first when nulls_last is false. Null when array1 is not an array. Sorting several \
        arrays together (array_sort_asc(array1, array2)) is not supported yet.",
    returns: "dynamic (an array)",
    examples: &[Example {
        query: r#"let Names = "John,Paul,Jane,Kao"; print result = strcat_array(array_sort_asc(split(Names, ",")), ","), n = array_sort_asc(dynamic([1,3,4,5,2]))"#,
        output: "result,n\n\"Jane,John,Kao,Paul\",\"[1,2,3,4,5]\"",
    }],
};

const DESC_DOC: FunctionDoc = FunctionDoc {
    name: "array_sort_desc",
    aliases: &[],
    category: "dynamic",
    syntax: "array_sort_desc(array1 [, …] [, nulls_last])",
    description: "The elements of array1 in descending order: the reverse of array_sort_asc's \
        order (strings before numbers), except that nulls stay last, or first when nulls_last \
        is false. Null when array1 is not an array. Sorting several arrays together is not \
        supported yet.",
    returns: "dynamic (an array)",
    examples: &[Example {
        query: r#"let Names = "John,Paul,Jane,Kao"; print result = strcat_array(array_sort_desc(split(Names, ",")), ","), n = array_sort_desc(dynamic([1,3,4,5,2]))"#,
        output: "result,n\n\"Paul,Kao,John,Jane\",\"[5,4,3,2,1]\"",
    }],
};

impl KqlFunction for ArraySortFunc {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let mut args = variadic(self.doc, args, 1..=2)?.into_iter();
        let array = args
            .next()
            .expect("variadic checked one argument")
            .dynamic()?;
        let nulls_last = match args.next() {
            None => lit(true),
            Some(arg) if arg.kql_type() == KqlType::Dynamic => {
                return Err(arg.error(format!(
                    "sorting several arrays together is not supported yet; {}() sorts one array",
                    self.doc.name
                )));
            }
            Some(arg) => arg.bool()?.expr,
        };
        let (name, body): (_, crate::udf::UdfBody) = if self.descending {
            ("kql_array_sort_desc", sort_desc_batch)
        } else {
            ("kql_array_sort_asc", sort_asc_batch)
        };
        let f = udf(
            name,
            vec![DataType::Utf8, DataType::Boolean],
            DataType::Utf8,
            body,
        );
        Ok(TypedExpr::new(
            f.call(vec![array.expr, nulls_last]),
            KqlType::Dynamic,
        ))
    }
}

/// A sort key: the group, then the value within it.
#[derive(PartialEq, PartialOrd)]
enum Key<'a> {
    Number(f64),
    String(std::borrow::Cow<'a, str>),
    Other,
}

fn key(json: &str) -> Key<'_> {
    match kind(json) {
        JsonKind::Number => json.parse().map_or(Key::Other, Key::Number),
        JsonKind::String => string_value(json).map_or(Key::Other, Key::String),
        _ => Key::Other,
    }
}

fn compare(a: &Key<'_>, b: &Key<'_>) -> Ordering {
    match (a, b) {
        (Key::Number(x), Key::Number(y)) => x.total_cmp(y),
        (Key::String(x), Key::String(y)) => x.cmp(y),
        (Key::Number(_), _) | (Key::String(_), Key::Other) => Ordering::Less,
        (_, Key::Number(_)) | (Key::Other, Key::String(_)) => Ordering::Greater,
        (Key::Other, Key::Other) => Ordering::Equal,
    }
}

fn sort_batch(batch: &Batch, descending: bool) -> Result<ColumnarValue> {
    let arrays = batch.strings(0)?;
    let nulls_last = batch.bools(1)?;
    batch.string_result(|row, out| {
        let Some(items) = arrays.get(row).and_then(elements) else {
            return false;
        };
        let (nulls, values): (Vec<&str>, Vec<&str>) =
            items.into_iter().partition(|i| kind(i) == JsonKind::Null);
        let mut keyed: Vec<(Key<'_>, &str)> = values.into_iter().map(|v| (key(v), v)).collect();
        keyed.sort_by(|(a, _), (b, _)| {
            let order = compare(a, b);
            if descending { order.reverse() } else { order }
        });
        let sorted = keyed.into_iter().map(|(_, v)| v);
        if nulls_last.get(row).unwrap_or(true) {
            push_array(out, sorted.chain(nulls));
        } else {
            push_array(out, nulls.into_iter().chain(sorted));
        }
        true
    })
}

fn sort_asc_batch(batch: &Batch) -> Result<ColumnarValue> {
    sort_batch(batch, false)
}

fn sort_desc_batch(batch: &Batch) -> Result<ColumnarValue> {
    sort_batch(batch, true)
}
