//! `startofday`, `startofweek`, `startofmonth`, `startofyear` (`date [, offset]`): the first
//! instant of the period holding date, `offset` periods later. `endof*` (`endof.rs`) share
//! this file's plan.

use super::Unit;
use crate::args::optional;
use crate::udf::{Batch, udf};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::arrow::datatypes::{DataType, Int64Type, TimestampNanosecondType};
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, lit};
use kql_syntax::KqlType;

/// A `startof…` or `endof…` function: see the `DOC`s.
pub(crate) struct BoundaryFunc {
    pub(crate) doc: &'static FunctionDoc,
    pub(crate) unit: Unit,
    /// The last tick of the period (`endof…`) rather than its first.
    pub(crate) end: bool,
}

/// `startofday`.
pub(crate) const STARTOFDAY: BoundaryFunc = BoundaryFunc {
    doc: &STARTOFDAY_DOC,
    unit: Unit::Day,
    end: false,
};
/// `startofweek`.
pub(crate) const STARTOFWEEK: BoundaryFunc = BoundaryFunc {
    doc: &STARTOFWEEK_DOC,
    unit: Unit::Week,
    end: false,
};
/// `startofmonth`.
pub(crate) const STARTOFMONTH: BoundaryFunc = BoundaryFunc {
    doc: &STARTOFMONTH_DOC,
    unit: Unit::Month,
    end: false,
};
/// `startofyear`.
pub(crate) const STARTOFYEAR: BoundaryFunc = BoundaryFunc {
    doc: &STARTOFYEAR_DOC,
    unit: Unit::Year,
    end: false,
};

const STARTOFDAY_DOC: FunctionDoc = FunctionDoc {
    name: "startofday",
    aliases: &[],
    category: "datetime",
    syntax: "startofday(date [, offset])",
    description: "The start of date's day (00:00:00 UTC), offset days later (earlier when \
        negative); offset may be a column.",
    returns: "datetime; null when date or offset is null",
    examples: &[Example {
        query: "print a = startofday(datetime(2017-01-01 10:10:17)), b = startofday(datetime(2017-01-01 10:10:17), -1), c = startofday(datetime(2017-01-01 10:10:17), 1)",
        output: "a,b,c\n2017-01-01T00:00:00.0000000Z,2016-12-31T00:00:00.0000000Z,2017-01-02T00:00:00.0000000Z",
    }],
};

const STARTOFWEEK_DOC: FunctionDoc = FunctionDoc {
    name: "startofweek",
    aliases: &[],
    category: "datetime",
    syntax: "startofweek(date [, offset])",
    description: "The start of date's week, which begins on Sunday at 00:00:00 UTC (not \
        Monday as ISO 8601 and SQL's date_trunc('week') have it), offset weeks later.",
    returns: "datetime; null when date or offset is null",
    examples: &[Example {
        query: "print a = startofweek(datetime(2017-01-01 10:10:17), -1), b = startofweek(datetime(2017-01-01 10:10:17)), c = startofweek(datetime(2017-01-01 10:10:17), 1), d = startofweek(datetime(2024-01-03))",
        output: "a,b,c,d\n2016-12-25T00:00:00.0000000Z,2017-01-01T00:00:00.0000000Z,2017-01-08T00:00:00.0000000Z,2023-12-31T00:00:00.0000000Z",
    }],
};

const STARTOFMONTH_DOC: FunctionDoc = FunctionDoc {
    name: "startofmonth",
    aliases: &[],
    category: "datetime",
    syntax: "startofmonth(date [, offset])",
    description: "The first day of date's month at 00:00:00 UTC, offset months later.",
    returns: "datetime; null when date or offset is null",
    examples: &[Example {
        query: "print a = startofmonth(datetime(2017-01-01 10:10:17), -1), b = startofmonth(datetime(2017-01-01 10:10:17)), c = startofmonth(datetime(2017-01-01 10:10:17), 1)",
        output: "a,b,c\n2016-12-01T00:00:00.0000000Z,2017-01-01T00:00:00.0000000Z,2017-02-01T00:00:00.0000000Z",
    }],
};

const STARTOFYEAR_DOC: FunctionDoc = FunctionDoc {
    name: "startofyear",
    aliases: &[],
    category: "datetime",
    syntax: "startofyear(date [, offset])",
    description: "January 1 of date's year at 00:00:00 UTC, offset years later.",
    returns: "datetime; null when date or offset is null",
    examples: &[Example {
        query: "print a = startofyear(datetime(2017-01-01 10:10:17), -1), b = startofyear(datetime(2017-01-01 10:10:17)), c = startofyear(datetime(2017-01-01 10:10:17), 1)",
        output: "a,b,c\n2016-01-01T00:00:00.0000000Z,2017-01-01T00:00:00.0000000Z,2018-01-01T00:00:00.0000000Z",
    }],
};

impl KqlFunction for BoundaryFunc {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let ([date], [offset]) = optional::<1, 1>(self.doc, args)?;
        let date = date.datetime()?;
        let offset = match offset {
            Some(o) => o.long()?.expr,
            None => lit(0i64),
        };
        let (name, body): (&'static str, crate::udf::UdfBody) = match (self.unit, self.end) {
            (Unit::Day, false) => ("kql_startofday", batch_for::<0, false>),
            (Unit::Week, false) => ("kql_startofweek", batch_for::<1, false>),
            (Unit::Month, false) => ("kql_startofmonth", batch_for::<2, false>),
            (Unit::Year, false) => ("kql_startofyear", batch_for::<3, false>),
            (Unit::Day, true) => ("kql_endofday", batch_for::<0, true>),
            (Unit::Week, true) => ("kql_endofweek", batch_for::<1, true>),
            (Unit::Month, true) => ("kql_endofmonth", batch_for::<2, true>),
            (Unit::Year, true) => ("kql_endofyear", batch_for::<3, true>),
        };
        let ts = crate::types::kql_to_arrow(KqlType::DateTime);
        let f = udf(name, vec![ts.clone(), DataType::Int64], ts, body);
        Ok(TypedExpr::new(
            f.call(vec![date.expr, offset]),
            KqlType::DateTime,
        ))
    }
}

fn batch_for<const UNIT: u8, const END: bool>(batch: &Batch) -> Result<ColumnarValue> {
    let unit = [Unit::Day, Unit::Week, Unit::Month, Unit::Year][usize::from(UNIT)];
    let dates = batch.primitives::<TimestampNanosecondType>(0)?;
    let offsets = batch.primitives::<Int64Type>(1)?;
    batch.datetime_result(|row| {
        let (date, offset) = (dates.get(row)?, offsets.get(row)?);
        if END {
            let next = super::start_of(unit, date, offset.checked_add(1)?)?;
            next.checked_sub(100)
        } else {
            super::start_of(unit, date, offset)
        }
    })
}
