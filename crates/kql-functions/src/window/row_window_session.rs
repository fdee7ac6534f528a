//! `row_window_session(Expr, MaxDistanceFromFirst, MaxDistanceBetweenNeighbors [, Restart])`:
//! the start of the session each row belongs to, in a serialized row set.

use super::{restart_flags, restarts, window_call};
use crate::args::optional;
use crate::types::kql_to_arrow;
use crate::{Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr};
use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::array::{
    DurationNanosecondArray, PrimitiveBuilder, TimestampNanosecondArray,
};
use datafusion::arrow::datatypes::{DataType, DurationNanosecondType, TimestampNanosecondType};
use datafusion::common::Result;
use datafusion::logical_expr::lit;
use kql_syntax::KqlType;
use std::sync::Arc;

/// `row_window_session`.
pub(crate) struct RowWindowSessionFunc;

const DOC: FunctionDoc = FunctionDoc {
    name: "row_window_session",
    aliases: &[],
    category: "window",
    syntax: "row_window_session(Expr, MaxDistanceFromFirst, MaxDistanceBetweenNeighbors [, Restart])",
    description: "Groups the rows of a serialized row set into sessions and returns, on each \
        row, the value of Expr at its session's first row. A row starts a new session when it \
        is the first, when the previous row's Expr was null, when its Expr is at or past the \
        session's start plus MaxDistanceFromFirst, when it is at or past the previous row's \
        Expr plus MaxDistanceBetweenNeighbors, or when Restart is true. A row whose Expr is \
        null gets null.",
    returns: "datetime",
    examples: &[Example {
        query: "datatable (ID:string, Timestamp:datetime) [\"1\", datetime(2024-04-11 10:00:00), \"2\", datetime(2024-04-11 10:18:00), \"1\", datetime(2024-04-11 11:00:00), \"3\", datetime(2024-04-11 11:30:00), \"2\", datetime(2024-04-11 13:30:00), \"2\", datetime(2024-04-11 10:16:00)] | sort by ID asc, Timestamp asc | extend SessionStarted = row_window_session(Timestamp, 1h, 5m, ID != prev(ID))",
        output: "ID,Timestamp,SessionStarted\n1,2024-04-11T10:00:00.0000000Z,2024-04-11T10:00:00.0000000Z\n1,2024-04-11T11:00:00.0000000Z,2024-04-11T11:00:00.0000000Z\n2,2024-04-11T10:16:00.0000000Z,2024-04-11T10:16:00.0000000Z\n2,2024-04-11T10:18:00.0000000Z,2024-04-11T10:16:00.0000000Z\n2,2024-04-11T13:30:00.0000000Z,2024-04-11T13:30:00.0000000Z\n3,2024-04-11T11:30:00.0000000Z,2024-04-11T11:30:00.0000000Z",
    }],
};

impl KqlFunction for RowWindowSessionFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn kind(&self) -> FunctionKind {
        FunctionKind::Window
    }

    fn plan_window(&self, args: Vec<TypedExpr>) -> Result<TypedExpr, FunctionError> {
        let ([value, from_first, between], [restart]) = optional::<3, 1>(&DOC, args)?;
        let value = value.datetime()?;
        let from_first = from_first.timespan()?;
        let between = between.timespan()?;
        let restart = match restart {
            Some(r) => r.bool()?.expr,
            None => lit(false),
        };
        Ok(TypedExpr::new(
            window_call(
                "row_window_session",
                vec![value.expr, from_first.expr, between.expr, restart],
                vec![
                    kql_to_arrow(KqlType::DateTime),
                    kql_to_arrow(KqlType::TimeSpan),
                    kql_to_arrow(KqlType::TimeSpan),
                    DataType::Boolean,
                ],
                kql_to_arrow(KqlType::DateTime),
                sessions,
            ),
            KqlType::DateTime,
        ))
    }
}

/// One pass: each row's session start.
fn sessions(values: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let value = values[0].as_primitive::<TimestampNanosecondType>();
    let from_first = values[1].as_primitive::<DurationNanosecondType>();
    let between = values[2].as_primitive::<DurationNanosecondType>();
    let flags = restart_flags(values, 3);
    let mut out = PrimitiveBuilder::<TimestampNanosecondType>::with_capacity(rows);
    // The current session's start and the previous row's value (None after a null).
    let mut start: Option<i64> = None;
    let mut previous: Option<i64> = None;
    for row in 0..rows {
        if !value.is_valid(row) {
            out.append_null();
            start = None;
            previous = None;
            continue;
        }
        let v = value.value(row);
        // A null distance never ends a session.
        let reached = |base: Option<i64>, limit: &DurationNanosecondArray| {
            base.is_some_and(|b| limit.is_valid(row) && v >= b.saturating_add(limit.value(row)))
        };
        let new_session = start.is_none()
            || previous.is_none()
            || restarts(flags, row)
            || reached(start, from_first)
            || reached(previous, between);
        if new_session {
            start = Some(v);
        }
        previous = Some(v);
        out.append_option(start);
    }
    let array: TimestampNanosecondArray = out.finish().with_timezone("UTC");
    Ok(Arc::new(array))
}
