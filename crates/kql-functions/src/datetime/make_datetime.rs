//! `make_datetime(year, month, day [, hour, minute [, second]])`: a datetime from its parts.

use crate::args::variadic;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use chrono::NaiveDate;
use datafusion::arrow::datatypes::{DataType, Float64Type, Int64Type};
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, lit};
use kql_syntax::KqlType;

/// `make_datetime`: see [`DOC`].
pub(crate) struct MakeDatetimeFunc;

/// The reference entry of `make_datetime`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "make_datetime",
    aliases: &[],
    category: "datetime",
    syntax: "make_datetime(year, month, day [, hour, minute [, second]])",
    description: "The UTC datetime of the given parts: 3, 5 or 6 arguments; second may have a \
        fraction (to the tick). A part out of its range (month 13, February 30, hour 24) gives \
        null.",
    returns: "datetime; null when the parts are not a datetime",
    examples: &[Example {
        query: "print a = make_datetime(2017, 10, 01), b = make_datetime(2017, 10, 01, 12, 10), c = make_datetime(2017, 10, 01, 12, 11, 0.1234567), d = make_datetime(2017, 2, 30)",
        output: "a,b,c,d\n2017-10-01T00:00:00.0000000Z,2017-10-01T12:10:00.0000000Z,2017-10-01T12:11:00.1234567Z,",
    }],
};

impl KqlFunction for MakeDatetimeFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let count = args.len();
        let args = variadic(&DOC, args, 3..=6)?;
        if count == 4 {
            return Err(FunctionError::call(
                &DOC,
                "expected 3, 5 or 6 arguments, found 4 (an hour needs its minute)",
            ));
        }
        let mut exprs = Vec::with_capacity(6);
        for (i, arg) in args.into_iter().enumerate() {
            exprs.push(if i == 5 {
                arg.real()?.expr
            } else {
                arg.long()?.expr
            });
        }
        while exprs.len() < 5 {
            exprs.push(lit(0i64));
        }
        if exprs.len() == 5 {
            exprs.push(lit(0.0));
        }
        let mut types = vec![DataType::Int64; 5];
        types.push(DataType::Float64);
        let f = udf(
            "kql_make_datetime",
            types,
            crate::types::kql_to_arrow(KqlType::DateTime),
            make_batch,
        );
        Ok(TypedExpr::new(f.call(exprs), KqlType::DateTime))
    }
}

/// The instant of the parts, in nanoseconds.
fn make(parts: [i64; 5], second: f64) -> Option<i64> {
    let [year, month, day, hour, minute] = parts;
    if !(0.0..60.0).contains(&second) {
        return None;
    }
    let ticks = (second * 10_000_000.0).round() as i64;
    let date = NaiveDate::from_ymd_opt(
        i32::try_from(year).ok()?,
        u32::try_from(month).ok()?,
        u32::try_from(day).ok()?,
    )?;
    let time = date.and_hms_opt(u32::try_from(hour).ok()?, u32::try_from(minute).ok()?, 0)?;
    time.and_utc()
        .timestamp_nanos_opt()?
        .checked_add(ticks.checked_mul(100)?)
}

fn make_batch(batch: &Batch) -> Result<ColumnarValue> {
    let parts = (0..5)
        .map(|i| batch.primitives::<Int64Type>(i))
        .collect::<Result<Vec<_>>>()?;
    let second = batch.primitives::<Float64Type>(5)?;
    batch.datetime_result(|row| {
        let mut values = [0i64; 5];
        for (value, part) in values.iter_mut().zip(&parts) {
            *value = part.get(row)?;
        }
        make(values, second.get(row)?)
    })
}
