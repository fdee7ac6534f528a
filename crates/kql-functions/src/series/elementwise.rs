//! `series_add`, `series_subtract`, `series_multiply`, `series_divide`, `series_greater`,
//! `series_greater_equals`, `series_less`, `series_less_equals`, `series_equals`,
//! `series_not_equals`, `series_pow`: element-wise operations on two numeric arrays.

use super::{Num, push_real, series_elements};
use crate::args::fixed;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;
use std::sync::Arc;

/// One element-wise function: see its `DOC`.
pub(crate) struct ElementwiseFunc {
    doc: &'static FunctionDoc,
    body: fn(&Batch) -> Result<ColumnarValue>,
}

/// The functions of this file.
pub(crate) fn functions() -> Vec<Arc<dyn KqlFunction>> {
    macro_rules! func {
        ($name:literal, $what:literal, $example:literal, $output:literal, $op:expr) => {{
            const DOC: FunctionDoc = FunctionDoc {
                name: $name,
                aliases: &[],
                category: "series",
                syntax: concat!($name, "(series1, series2)"),
                description: concat!(
                    "The element-wise ",
                    $what,
                    " of two numeric arrays. An element that is not a number, or that one \
                    array lacks (arrays of different lengths), gives null; the result is as \
                    long as the longer array."
                ),
                returns: "dynamic array; null when an argument is not an array",
                examples: &[Example {
                    query: $example,
                    output: $output,
                }],
            };
            fn body(batch: &Batch) -> Result<ColumnarValue> {
                elementwise(batch, $op)
            }
            Arc::new(ElementwiseFunc { doc: &DOC, body }) as Arc<dyn KqlFunction>
        }};
    }
    vec![
        func!(
            "series_add",
            "sum (two longs give a long, else a real)",
            "print s1 = dynamic([1, 2, 4]), s2 = dynamic([4, 2, 1]) | project series_add(s1, s2)",
            "Column1\n\"[5,4,5]\"",
            |a, b, out| arithmetic(a, b, out, i64::checked_add, |x, y| x + y)
        ),
        func!(
            "series_subtract",
            "difference (two longs give a long, else a real)",
            "print s1 = dynamic([1, 2, 4]), s2 = dynamic([4, 2, 1]) | project series_subtract(s1, s2)",
            "Column1\n\"[-3,0,3]\"",
            |a, b, out| arithmetic(a, b, out, i64::checked_sub, |x, y| x - y)
        ),
        func!(
            "series_multiply",
            "product (two longs give a long, else a real)",
            "print s1 = dynamic([1, 2, 4]), s2 = dynamic([4, 2, 1.5]) | project series_multiply(s1, s2)",
            "Column1\n\"[4,4,6.0]\"",
            |a, b, out| arithmetic(a, b, out, i64::checked_mul, |x, y| x * y)
        ),
        func!(
            "series_divide",
            "quotient, always a real (x / 0 is infinite or NaN)",
            "print s1 = dynamic([1, 2, 4]), s2 = dynamic([4, 2, 0]) | project series_divide(s1, s2)",
            "Column1\n\"[0.25,1.0,\"\"Infinity\"\"]\"",
            |a, b, out| push_real(out, a.real() / b.real())
        ),
        func!(
            "series_pow",
            "power (the element of series1 raised to that of series2), always a real",
            "print x = dynamic([1, 2, 3, 4]), y = dynamic([1, 2, 3, 0.5]) | project series_pow(x, y)",
            "Column1\n\"[1.0,4.0,27.0,2.0]\"",
            |a, b, out| push_real(out, a.real().powf(b.real()))
        ),
        func!(
            "series_greater",
            "comparison a > b",
            "print s1 = dynamic([1, 2, 4]), s2 = dynamic([4, 2, 1]) | project series_greater(s1, s2)",
            "Column1\n\"[false,false,true]\"",
            |a, b, out| push_bool(out, a.real() > b.real())
        ),
        func!(
            "series_greater_equals",
            "comparison a >= b",
            "print s1 = dynamic([1, 2, 4]), s2 = dynamic([4, 2, 1]) | project series_greater_equals(s1, s2)",
            "Column1\n\"[false,true,true]\"",
            |a, b, out| push_bool(out, a.real() >= b.real())
        ),
        func!(
            "series_less",
            "comparison a < b",
            "print s1 = dynamic([1, 2, 4]), s2 = dynamic([4, 2, 1]) | project series_less(s1, s2)",
            "Column1\n\"[true,false,false]\"",
            |a, b, out| push_bool(out, a.real() < b.real())
        ),
        func!(
            "series_less_equals",
            "comparison a <= b",
            "print s1 = dynamic([1, 2, 4]), s2 = dynamic([4, 2, 1]) | project series_less_equals(s1, s2)",
            "Column1\n\"[true,true,false]\"",
            |a, b, out| push_bool(out, a.real() <= b.real())
        ),
        func!(
            "series_equals",
            "comparison a == b",
            "print s1 = dynamic([1, 2, 4]), s2 = dynamic([4, 2, 1]) | project series_equals(s1, s2)",
            "Column1\n\"[false,true,false]\"",
            |a, b, out| push_bool(out, equal(a, b))
        ),
        func!(
            "series_not_equals",
            "comparison a != b",
            "print s1 = dynamic([1, 2, 4]), s2 = dynamic([4, 2, 1]) | project series_not_equals(s1, s2)",
            "Column1\n\"[true,false,true]\"",
            |a, b, out| push_bool(out, !equal(a, b))
        ),
    ]
}

impl KqlFunction for ElementwiseFunc {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [a, b] = fixed(self.doc, args)?;
        let (a, b) = (a.dynamic()?, b.dynamic()?);
        let f = udf(
            self.doc.name,
            vec![DataType::Utf8, DataType::Utf8],
            DataType::Utf8,
            self.body,
        );
        Ok(TypedExpr::new(
            f.call(vec![a.expr, b.expr]),
            KqlType::Dynamic,
        ))
    }
}

/// Applies `op` to the elements of the two arrays at each position.
fn elementwise(batch: &Batch, op: fn(Num, Num, &mut String)) -> Result<ColumnarValue> {
    let a = batch.strings(0)?;
    let b = batch.strings(1)?;
    batch.string_result(|row, out| {
        let (Some(a), Some(b)) = (
            a.get(row).and_then(series_elements),
            b.get(row).and_then(series_elements),
        ) else {
            return false;
        };
        out.push('[');
        for i in 0..a.len().max(b.len()) {
            if i > 0 {
                out.push(',');
            }
            let x = a.get(i).and_then(|e| Num::parse(e));
            let y = b.get(i).and_then(|e| Num::parse(e));
            match (x, y) {
                (Some(x), Some(y)) => op(x, y, out),
                _ => out.push_str("null"),
            }
        }
        out.push(']');
        true
    })
}

/// Long arithmetic when both are longs and it does not overflow, else real.
fn arithmetic(
    a: Num,
    b: Num,
    out: &mut String,
    long: fn(i64, i64) -> Option<i64>,
    real: fn(f64, f64) -> f64,
) {
    match (a, b) {
        (Num::Long(x), Num::Long(y)) if long(x, y).is_some() => {
            Num::Long(long(x, y).unwrap_or_default()).push(out);
        }
        _ => push_real(out, real(a.real(), b.real())),
    }
}

fn equal(a: Num, b: Num) -> bool {
    match (a, b) {
        (Num::Long(x), Num::Long(y)) => x == y,
        _ => a.real() == b.real(),
    }
}

fn push_bool(out: &mut String, v: bool) {
    out.push_str(if v { "true" } else { "false" });
}
