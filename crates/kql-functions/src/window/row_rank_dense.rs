//! `row_rank_dense(Term [, restart])`: the dense rank of the current row's term in a
//! serialized row set.

use super::{plan_rank, restart_flags, restarts, same_as_previous};
use crate::{Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr};
use datafusion::arrow::array::{ArrayRef, Int64Builder};
use datafusion::common::Result;
use std::sync::Arc;

/// `row_rank_dense`.
pub(crate) struct RowRankDenseFunc;

const DOC: FunctionDoc = FunctionDoc {
    name: "row_rank_dense",
    aliases: &[],
    category: "window",
    syntax: "row_rank_dense(Term [, restart])",
    description: "1 on the first row, then one more whenever Term differs from the previous \
        row's Term (two nulls are equal); on a row where restart is true the rank is 1 again. \
        Needs serialized input, normally sorted by Term.",
    returns: "long",
    examples: &[
        Example {
            query: "datatable (Airport:string, Airline:string, Departures:long) [\"SEA\", \"LH\", 3, \"SEA\", \"LY\", 100, \"SEA\", \"UA\", 3, \"SEA\", \"BA\", 2, \"SEA\", \"EL\", 3] | sort by Departures asc, Airline asc | extend Rank = row_rank_dense(Departures)",
            output: "Airport,Airline,Departures,Rank\nSEA,BA,2,1\nSEA,EL,3,2\nSEA,LH,3,2\nSEA,UA,3,2\nSEA,LY,100,3",
        },
        Example {
            query: "datatable (Airport:string, Airline:string, Departures:long) [\"SEA\", \"LH\", 3, \"SEA\", \"LY\", 100, \"SEA\", \"UA\", 3, \"SEA\", \"BA\", 2, \"SEA\", \"EL\", 3, \"AMS\", \"EL\", 1, \"AMS\", \"BA\", 1] | sort by Airport desc, Departures asc, Airline asc | extend Rank = row_rank_dense(Departures, prev(Airport) != Airport)",
            output: "Airport,Airline,Departures,Rank\nSEA,BA,2,1\nSEA,EL,3,2\nSEA,LH,3,2\nSEA,UA,3,2\nSEA,LY,100,3\nAMS,BA,1,1\nAMS,EL,1,1",
        },
    ],
};

impl KqlFunction for RowRankDenseFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn kind(&self) -> FunctionKind {
        FunctionKind::Window
    }

    fn plan_window(&self, args: Vec<TypedExpr>) -> Result<TypedExpr, FunctionError> {
        plan_rank(&DOC, args, rank_dense)
    }
}

/// 1, then +1 at each change of term; 1 again on a restart.
fn rank_dense(values: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let same = same_as_previous(&values[0])?;
    let flags = restart_flags(values, 1);
    let mut out = Int64Builder::with_capacity(rows);
    let mut rank = 0i64;
    for (row, same) in same.iter().enumerate().take(rows) {
        rank = if row == 0 || restarts(flags, row) {
            1
        } else if *same {
            rank
        } else {
            rank + 1
        };
        out.append_value(rank);
    }
    Ok(Arc::new(out.finish()))
}
