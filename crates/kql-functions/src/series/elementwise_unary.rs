//! `series_abs`, `series_acos`, `series_asin`, `series_atan`, `series_ceiling`, `series_cos`,
//! `series_exp`, `series_floor`, `series_log`, `series_sign`, `series_sin`, `series_tan`: a
//! math function applied to each element of a numeric array.
//!
//! Kusto's pages say only that a non-numeric element gives a null element. Their outputs fix
//! the element types: `series_abs` and `series_sign` keep a long a long (`[-6,0,8]` →
//! `[-1,0,1]`), the others always give reals (`series_floor([-1.5,1,2.5])` is
//! `[-2.0,1.0,2.0]`). An argument outside a function's domain gives what the real function
//! gives (`series_log([0, -1])` is `[-Infinity, NaN]`, written as strings in dynamic values).

use super::{Num, push_real, series_elements};
use crate::args::fixed;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;
use std::sync::Arc;

/// A function of one series argument, returning `returns` computed by `body` (the
/// element-wise functions of this file, the reductions of `reduce.rs`): see its `DOC`.
pub(crate) struct OneSeriesFunc {
    pub(crate) doc: &'static FunctionDoc,
    pub(crate) body: fn(&Batch) -> Result<ColumnarValue>,
    pub(crate) returns: KqlType,
}

/// The functions of this file.
pub(crate) fn functions() -> Vec<Arc<dyn KqlFunction>> {
    macro_rules! func {
        ($name:literal, $what:literal, $returns:literal, $example:literal, $output:literal, $op:expr) => {{
            const DOC: FunctionDoc = FunctionDoc {
                name: $name,
                aliases: &[],
                category: "series",
                syntax: concat!($name, "(series)"),
                description: concat!(
                    "The element-wise ",
                    $what,
                    " of a numeric array. An element that is not a number (null, a string, \
                    a bag) gives a null element; an empty array gives an empty array."
                ),
                returns: concat!(
                    "dynamic array of ",
                    $returns,
                    "; null when series is not an array"
                ),
                examples: &[Example {
                    query: $example,
                    output: $output,
                }],
            };
            fn body(batch: &Batch) -> Result<ColumnarValue> {
                map_elements(batch, $op)
            }
            Arc::new(OneSeriesFunc {
                doc: &DOC,
                body,
                returns: KqlType::Dynamic,
            }) as Arc<dyn KqlFunction>
        }};
    }
    vec![
        func!(
            "series_abs",
            "absolute value",
            "longs for longs, reals for reals",
            "print arr = dynamic([-6.5, 0, 8.2]) | project series_abs(arr)",
            "Column1\n\"[6.5,0,8.2]\"",
            |x, out| match x {
                Num::Long(v) if v != i64::MIN => Num::Long(v.abs()).push(out),
                _ => push_real(out, x.real().abs()),
            }
        ),
        func!(
            "series_acos",
            "arccosine",
            "reals (NaN outside [-1, 1])",
            "print arr = dynamic([-1, 0, 1]) | project series_acos(arr)",
            "Column1\n\"[3.141592653589793,1.5707963267948966,0.0]\"",
            |x, out| push_real(out, x.real().acos())
        ),
        func!(
            "series_asin",
            "arcsine",
            "reals (NaN outside [-1, 1])",
            "print arr = dynamic([-1, 0, 1]) | project series_asin(arr)",
            "Column1\n\"[-1.5707963267948966,0.0,1.5707963267948966]\"",
            |x, out| push_real(out, x.real().asin())
        ),
        func!(
            "series_atan",
            "arctangent",
            "reals",
            "print arr = dynamic([-1, 0, 1]) | project series_atan(arr)",
            "Column1\n\"[-0.7853981633974483,0.0,0.7853981633974483]\"",
            |x, out| push_real(out, x.real().atan())
        ),
        func!(
            "series_ceiling",
            "ceiling (the smallest whole number not below it)",
            "reals",
            "print s = dynamic([-1.5, 1, 2.5]) | project series_ceiling(s)",
            "Column1\n\"[-1.0,1.0,3.0]\"",
            |x, out| push_real(out, x.real().ceil())
        ),
        func!(
            "series_cos",
            "cosine",
            "reals",
            "print arr = dynamic([-1, 0, 1]) | project series_cos(arr)",
            "Column1\n\"[0.5403023058681398,1.0,0.5403023058681398]\"",
            |x, out| push_real(out, x.real().cos())
        ),
        func!(
            "series_exp",
            "exponential (e to the power of the element)",
            "reals",
            "print s = dynamic([1, 2, 3]) | project series_exp(s)",
            "Column1\n\"[2.718281828459045,7.38905609893065,20.085536923187668]\"",
            |x, out| push_real(out, x.real().exp())
        ),
        func!(
            "series_floor",
            "floor (the largest whole number not above it)",
            "reals",
            "print s = dynamic([-1.5, 1, 2.5]) | project series_floor(s)",
            "Column1\n\"[-2.0,1.0,2.0]\"",
            |x, out| push_real(out, x.real().floor())
        ),
        func!(
            "series_log",
            "natural logarithm",
            "reals (-Infinity for 0, NaN below 0)",
            "print s = dynamic([1, 2, 3]) | project series_log(s)",
            "Column1\n\"[0.0,0.6931471805599453,1.0986122886681098]\"",
            |x, out| push_real(out, x.real().ln())
        ),
        func!(
            "series_sign",
            "sign (-1 for negative, 0 for 0, 1 for positive)",
            "longs for longs, reals for reals (NaN for NaN)",
            "print arr = dynamic([-6, 0, 8]) | project series_sign(arr)",
            "Column1\n\"[-1,0,1]\"",
            |x, out| match x {
                Num::Long(v) => Num::Long(v.signum()).push(out),
                Num::Real(v) if v == 0.0 || v.is_nan() => push_real(out, v),
                Num::Real(v) => push_real(out, v.signum()),
            }
        ),
        func!(
            "series_sin",
            "sine",
            "reals",
            "print arr = dynamic([-1, 0, 1]) | project series_sin(arr)",
            "Column1\n\"[-0.8414709848078965,0.0,0.8414709848078965]\"",
            |x, out| push_real(out, x.real().sin())
        ),
        func!(
            "series_tan",
            "tangent",
            "reals",
            "print arr = dynamic([-1, 0, 1]) | project series_tan(arr)",
            "Column1\n\"[-1.5574077246549023,0.0,1.5574077246549023]\"",
            |x, out| push_real(out, x.real().tan())
        ),
    ]
}

impl KqlFunction for OneSeriesFunc {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [series] = fixed(self.doc, args)?;
        let series = series.dynamic()?;
        let f = udf(
            self.doc.name,
            vec![DataType::Utf8],
            crate::types::kql_to_arrow(self.returns),
            self.body,
        );
        Ok(TypedExpr::new(f.call(vec![series.expr]), self.returns))
    }
}

/// Applies `op` to each numeric element; other elements become null.
fn map_elements(batch: &Batch, op: fn(Num, &mut String)) -> Result<ColumnarValue> {
    let series = batch.strings(0)?;
    batch.string_result(|row, out| {
        let Some(elements) = series.get(row).and_then(series_elements) else {
            return false;
        };
        out.push('[');
        for (i, e) in elements.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            match Num::parse(e) {
                Some(x) => op(x, out),
                None => out.push_str("null"),
            }
        }
        out.push(']');
        true
    })
}
