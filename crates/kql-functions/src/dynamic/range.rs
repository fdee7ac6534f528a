//! `range(start, stop [, step])`: a dynamic array of evenly spaced values (the function, not
//! the `range` operator).

use super::push_array;
use crate::args::optional;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Float64Type, Int64Type};
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, lit};
use kql_syntax::KqlType;

/// `range`: see [`DOC`].
pub(crate) struct RangeFunc;

/// The most elements, as range-function.md gives it (2^20).
const MAX_ELEMENTS: usize = 1 << 20;

/// Nanoseconds per hour: the default step of datetimes and timespans.
const HOUR_NANOS: i64 = 3_600_000_000_000;

/// The reference entry of `range`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "range",
    aliases: &[],
    category: "dynamic",
    syntax: "range(start, stop [, step])",
    description: "The array start, start + step, start + 2 × step, … up to and including \
        stop (down to it when step is negative), truncated at 1,048,576 elements. start and \
        stop are numbers (longs when start, stop and step are all ints or longs, else reals), \
        datetimes or timespans; step is a number (default 1) or, for datetimes and timespans, \
        a timespan (default 1h). An empty array when step moves away from stop; null when an \
        argument is null or step is 0 (kqlake's choice).",
    returns: "dynamic (an array)",
    examples: &[Example {
        query: "print a = range(1, 8, 3), b = range(1, 3), c = range(1h, 5h), d = range(5, 1, -2)",
        output: "a,b,c,d\n\"[1,4,7]\",\"[1,2,3]\",\"[\"\"01:00:00\"\",\"\"02:00:00\"\",\"\"03:00:00\"\",\"\"04:00:00\"\",\"\"05:00:00\"\"]\",\"[5,3,1]\"",
    }],
};

impl KqlFunction for RangeFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let ([start, stop], [step]) = optional::<2, 1>(&DOC, args)?;
        let is_integer = |t: KqlType| matches!(t, KqlType::Int | KqlType::Long);
        let (exprs, types, body): (Vec<_>, _, crate::udf::UdfBody) = match start.kql_type() {
            t @ (KqlType::DateTime | KqlType::TimeSpan) => {
                let start = start.expect(&t.to_string(), |s| s == t)?.to_nanos();
                let stop = stop.expect(&t.to_string(), |s| s == t)?.to_nanos();
                let step = match step {
                    Some(s) => s.timespan()?.to_nanos(),
                    None => lit(HOUR_NANOS),
                };
                let body = if t == KqlType::DateTime {
                    range_datetime_batch
                } else {
                    range_timespan_batch
                };
                (vec![start, stop, step], DataType::Int64, body)
            }
            t if is_integer(t)
                && is_integer(stop.kql_type())
                && step.as_ref().is_none_or(|s| is_integer(s.kql_type())) =>
            {
                let step = match step {
                    Some(s) => s.long()?.expr,
                    None => lit(1_i64),
                };
                (
                    vec![start.long()?.expr, stop.long()?.expr, step],
                    DataType::Int64,
                    range_long_batch,
                )
            }
            _ => {
                let step = match step {
                    Some(s) => s.real()?.expr,
                    None => lit(1.0),
                };
                (
                    vec![start.real()?.expr, stop.real()?.expr, step],
                    DataType::Float64,
                    range_real_batch,
                )
            }
        };
        let f = udf("kql_range", vec![types; 3], DataType::Utf8, body);
        Ok(TypedExpr::new(f.call(exprs), KqlType::Dynamic))
    }
}

/// The values of a range of longs (or nanoseconds), written by `write`.
fn long_range(batch: &Batch, write: fn(&mut String, i64)) -> Result<ColumnarValue> {
    let [start, stop, step] = [
        batch.primitives::<Int64Type>(0)?,
        batch.primitives::<Int64Type>(1)?,
        batch.primitives::<Int64Type>(2)?,
    ];
    let mut text = String::new();
    let mut items: Vec<String> = Vec::new();
    batch.string_result(|row, out| {
        let (Some(start), Some(stop), Some(step)) = (start.get(row), stop.get(row), step.get(row))
        else {
            return false;
        };
        if step == 0 {
            return false;
        }
        items.clear();
        let mut value = Some(start);
        while let Some(v) = value {
            if (step > 0 && v > stop) || (step < 0 && v < stop) || items.len() == MAX_ELEMENTS {
                break;
            }
            text.clear();
            write(&mut text, v);
            items.push(text.clone());
            value = v.checked_add(step);
        }
        push_array(out, items.iter().map(String::as_str));
        true
    })
}

fn write_long(out: &mut String, v: i64) {
    use std::fmt::Write;
    let _ = write!(out, "{v}");
}

fn range_long_batch(batch: &Batch) -> Result<ColumnarValue> {
    long_range(batch, write_long)
}

fn range_datetime_batch(batch: &Batch) -> Result<ColumnarValue> {
    long_range(batch, |out, v| {
        out.push('"');
        crate::format::write_datetime(out, v);
        out.push('"');
    })
}

fn range_timespan_batch(batch: &Batch) -> Result<ColumnarValue> {
    long_range(batch, |out, v| {
        out.push('"');
        crate::format::write_timespan(out, v);
        out.push('"');
    })
}

fn range_real_batch(batch: &Batch) -> Result<ColumnarValue> {
    use std::fmt::Write;
    let [start, stop, step] = [
        batch.primitives::<Float64Type>(0)?,
        batch.primitives::<Float64Type>(1)?,
        batch.primitives::<Float64Type>(2)?,
    ];
    batch.string_result(|row, out| {
        let (Some(start), Some(stop), Some(step)) = (start.get(row), stop.get(row), step.get(row))
        else {
            return false;
        };
        if step == 0.0 || !(start.is_finite() && stop.is_finite() && step.is_finite()) {
            return false;
        }
        out.push('[');
        let mut i = 0;
        while i < MAX_ELEMENTS {
            let v = start + i as f64 * step;
            if (step > 0.0 && v > stop) || (step < 0.0 && v < stop) {
                break;
            }
            if i > 0 {
                out.push(',');
            }
            // Reals keep a fraction in dynamic values (`2.0`).
            let _ = write!(out, "{v:?}");
            i += 1;
        }
        out.push(']');
        true
    })
}
