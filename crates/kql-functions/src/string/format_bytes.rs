//! `format_bytes(size [, precision [, units]])`: a data size in bytes as text (`19.08 MB`).

use crate::args::optional;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Float64Type, Int64Type};
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, lit};
use kql_syntax::KqlType;

/// `format_bytes`: see [`DOC`].
pub(crate) struct FormatBytesFunc;

/// The units, each 1024 times the one before.
const UNITS: [&str; 7] = ["Bytes", "KB", "MB", "GB", "TB", "PB", "EB"];

/// The reference entry of `format_bytes`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "format_bytes",
    aliases: &[],
    category: "string",
    syntax: "format_bytes(size [, precision [, units]])",
    description: "size (a number of bytes) as text in units of 1024: the value rounded to \
        precision digits after the decimal point (default 0), a space and the unit name. units \
        (Bytes, KB, MB, GB, TB, PB or EB, matched ignoring case) fixes the unit; empty or \
        absent, the largest unit whose value is at least 1 is chosen. Trailing zeros of the \
        rounded value are not written (format_bytes(1024, 2) is \"1 KB\", kqlake's choice). A \
        null size or an unknown unit name gives \"\".",
    returns: "string",
    examples: &[Example {
        query: r#"print v1 = format_bytes(564), v2 = format_bytes(10332, 1), v3 = format_bytes(20010332), v4 = format_bytes(20010332, 2), v5 = format_bytes(20010332, 0, "KB")"#,
        output: "v1,v2,v3,v4,v5\n564 Bytes,10.1 KB,19 MB,19.08 MB,19541 KB",
    }],
};

impl KqlFunction for FormatBytesFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let ([size], [precision, units]) = optional::<1, 2>(&DOC, args)?;
        let exprs = vec![
            size.real()?.expr,
            match precision {
                Some(p) => p.long()?.expr,
                None => lit(0_i64),
            },
            match units {
                Some(u) => u.string()?.expr,
                None => lit(""),
            },
        ];
        let f = udf(
            "kql_format_bytes",
            vec![DataType::Float64, DataType::Int64, DataType::Utf8],
            DataType::Utf8,
            format_bytes_batch,
        );
        Ok(TypedExpr::new(f.call(exprs), KqlType::String))
    }
}

fn format_bytes_batch(batch: &Batch) -> Result<ColumnarValue> {
    let size = batch.primitives::<Float64Type>(0)?;
    let precision = batch.primitives::<Int64Type>(1)?;
    let units = batch.strings(2)?;
    batch.string_result(|row, out| {
        let Some(size) = size.get(row).filter(|s| s.is_finite()) else {
            return true;
        };
        let unit = match units.get(row).unwrap_or("") {
            "" => {
                let mut unit = 0;
                while unit + 1 < UNITS.len() && size.abs() >= 1024f64.powi(unit as i32 + 1) {
                    unit += 1;
                }
                unit
            }
            name => match UNITS.iter().position(|u| u.eq_ignore_ascii_case(name)) {
                Some(unit) => unit,
                None => return true,
            },
        };
        let value = size / 1024f64.powi(unit as i32);
        let digits = precision.get(row).unwrap_or(0).clamp(0, 15) as i32;
        let scale = 10f64.powi(digits);
        let rounded = (value * scale).round() / scale;
        crate::format::write_real(out, if rounded == 0.0 { 0.0 } else { rounded });
        out.push(' ');
        out.push_str(UNITS[unit]);
        true
    })
}
