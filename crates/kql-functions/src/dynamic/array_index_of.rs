//! `array_index_of(array, value [, start [, length [, occurrence]]])` and
//! `set_has_element(set, value)`: where a value is in a dynamic array.
//!
//! Elements equal the value as KQL values (`json::json_equal`): numbers as numbers (`1` is
//! `1.0`), strings by their text.

use crate::args::optional;
use crate::json::{elements, json_equal};
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, lit};
use kql_syntax::KqlType;

/// `array_index_of` or `set_has_element`: see each `DOC`.
pub(crate) struct ArrayIndexOfFunc {
    doc: &'static FunctionDoc,
    /// `set_has_element`: whether the value is there, not where.
    has: bool,
}

/// `array_index_of`.
pub(crate) const ARRAY_INDEX_OF: ArrayIndexOfFunc = ArrayIndexOfFunc {
    doc: &ARRAY_INDEX_OF_DOC,
    has: false,
};
/// `set_has_element`.
pub(crate) const SET_HAS_ELEMENT: ArrayIndexOfFunc = ArrayIndexOfFunc {
    doc: &SET_HAS_ELEMENT_DOC,
    has: true,
};

const ARRAY_INDEX_OF_DOC: FunctionDoc = FunctionDoc {
    name: "array_index_of",
    aliases: &[],
    category: "dynamic",
    syntax: "array_index_of(array, value [, start [, length [, occurrence]]])",
    description: "The 0-based index of the occurrence-th (default 1st) element of array equal \
        to value, searching from start (negative: from the end) over length elements (-1, the \
        default: to the end); each further occurrence is searched from one past the previous \
        one. -1 when not found; null when array is not an array, length is below -1 or \
        occurrence below 0.",
    returns: "long",
    examples: &[Example {
        query: r#"print arr = dynamic(["this", "is", "an", "example", "an", "example"]) | project idx1 = array_index_of(arr, "an"), idx2 = array_index_of(arr, "example", 1, 3), idx3 = array_index_of(arr, "example", 1, 2), idx6 = array_index_of(arr, "an", 1, -1, 2), idx8 = array_index_of(arr, "an", -3)"#,
        output: "idx1,idx2,idx3,idx6,idx8\n2,3,-1,4,4",
    }],
};

const SET_HAS_ELEMENT_DOC: FunctionDoc = FunctionDoc {
    name: "set_has_element",
    aliases: &[],
    category: "dynamic",
    syntax: "set_has_element(set, value)",
    description: "True when the array set has an element equal to value (numbers as numbers, \
        strings by their text). Null when set is not an array.",
    returns: "bool",
    examples: &[Example {
        query: r#"print arr = dynamic(["this", "is", "an", "example"]) | project Result = set_has_element(arr, "example"), n = set_has_element(dynamic([1, 2.0]), 2)"#,
        output: "Result,n\ntrue,true",
    }],
};

impl KqlFunction for ArrayIndexOfFunc {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let ([array, value], [start, length, occurrence]) = if self.has {
            let ([a, v], []) = optional::<2, 0>(self.doc, args)?;
            ([a, v], [None, None, None])
        } else {
            optional::<2, 3>(self.doc, args)?
        };
        let number = |arg: Option<crate::args::Arg>, default: i64| match arg {
            Some(a) => a.long().map(|e| e.expr),
            None => Ok(lit(default)),
        };
        let exprs = vec![
            array.dynamic()?.expr,
            crate::conversion::to_json(value.any()),
            number(start, 0)?,
            number(length, -1)?,
            number(occurrence, 1)?,
        ];
        let mut types = vec![DataType::Utf8, DataType::Utf8];
        types.extend(vec![DataType::Int64; 3]);
        let f = udf("kql_array_index_of", types, DataType::Int64, index_batch);
        let index = TypedExpr::new(f.call(exprs), KqlType::Long);
        Ok(if self.has {
            TypedExpr::new(index.expr.gt_eq(lit(0i64)), KqlType::Bool)
        } else {
            index
        })
    }
}

/// The `array_index_of` of one row (see [`ARRAY_INDEX_OF_DOC`]).
fn index_of(items: &[&str], value: &str, start: i64, length: i64, occurrence: i64) -> Option<i64> {
    let len = i64::try_from(items.len()).ok()?;
    if length < -1 || occurrence < 0 {
        return None;
    }
    let mut from = if start < 0 {
        (len + start).max(0)
    } else {
        start
    };
    for n in 1..=occurrence {
        let end = if length == -1 {
            len
        } else {
            from.saturating_add(length).min(len)
        };
        let found =
            (from..end).find(|&i| usize::try_from(i).is_ok_and(|i| json_equal(items[i], value)));
        let Some(found) = found else {
            return Some(-1);
        };
        if n == occurrence {
            return Some(found);
        }
        from = found + 1;
    }
    Some(-1)
}

fn index_batch(batch: &Batch) -> Result<ColumnarValue> {
    let [arrays, values] = [batch.strings(0)?, batch.strings(1)?];
    let [start, length, occurrence] = [
        batch.primitives::<Int64Type>(2)?,
        batch.primitives::<Int64Type>(3)?,
        batch.primitives::<Int64Type>(4)?,
    ];
    batch.primitive_result::<Int64Type>(|row| {
        let items = elements(arrays.get(row)?)?;
        index_of(
            &items,
            values.get(row).unwrap_or("null"),
            start.get(row)?,
            length.get(row)?,
            occurrence.get(row)?,
        )
    })
}
