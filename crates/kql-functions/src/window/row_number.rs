//! `row_number([StartingIndex [, Restart]])`: the current row's index in a serialized row set.

use super::{restart_flags, restarts, window_call};
use crate::args::optional;
use crate::{Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr};
use datafusion::arrow::array::{Array, ArrayRef, AsArray, Int64Builder};
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::common::Result;
use datafusion::logical_expr::lit;
use kql_syntax::KqlType;
use std::sync::Arc;

/// `row_number`.
pub(crate) struct RowNumberFunc;

const DOC: FunctionDoc = FunctionDoc {
    name: "row_number",
    aliases: &[],
    category: "window",
    syntax: "row_number([StartingIndex [, Restart]])",
    description: "The index of the current row in a serialized row set: StartingIndex (1 by \
        default) for the first row, one more for each row after it, and StartingIndex again on \
        every row where Restart is true (a null Restart is false). Needs serialized input \
        (after serialize, sort, top, range, …).",
    returns: "long; a null StartingIndex gives null until the next restart",
    examples: &[
        Example {
            query: "range a from 1 to 4 step 1 | sort by a desc | extend rn = row_number(7)",
            output: "a,rn\n4,7\n3,8\n2,9\n1,10",
        },
        Example {
            query: "datatable (Airport:string, Airline:string, Departures:long) [\"TLV\", \"LH\", 1, \"TLV\", \"LY\", 100, \"SEA\", \"LH\", 1, \"SEA\", \"BA\", 2, \"SEA\", \"LY\", 0] | sort by Airport asc, Departures desc | extend Rank = row_number(1, prev(Airport) != Airport)",
            output: "Airport,Airline,Departures,Rank\nSEA,BA,2,1\nSEA,LH,1,2\nSEA,LY,0,3\nTLV,LY,100,1\nTLV,LH,1,2",
        },
    ],
};

impl KqlFunction for RowNumberFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn kind(&self) -> FunctionKind {
        FunctionKind::Window
    }

    fn plan_window(&self, args: Vec<TypedExpr>) -> Result<TypedExpr, FunctionError> {
        let ([], [start, restart]) = optional::<0, 2>(&DOC, args)?;
        let start = match start {
            Some(s) => s.long()?.expr,
            None => lit(1i64),
        };
        let restart = match restart {
            Some(r) => r.bool()?.expr,
            None => lit(false),
        };
        Ok(TypedExpr::new(
            window_call(
                "row_number",
                vec![start, restart],
                vec![DataType::Int64, DataType::Boolean],
                DataType::Int64,
                number,
            ),
            KqlType::Long,
        ))
    }
}

/// Numbers the rows: the start value on the first row and on each restart, then one more per
/// row.
fn number(values: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let start = values[0].as_primitive::<Int64Type>();
    let flags = restart_flags(values, 1);
    let mut out = Int64Builder::with_capacity(rows);
    let mut current: Option<i64> = None;
    for row in 0..rows {
        current = if row == 0 || restarts(flags, row) {
            start.is_valid(row).then(|| start.value(row))
        } else {
            current.map(|c| c.saturating_add(1))
        };
        out.append_option(current);
    }
    Ok(Arc::new(out.finish()))
}
