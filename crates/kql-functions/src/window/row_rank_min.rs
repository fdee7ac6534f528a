//! `row_rank_min(Term [, restart])`: the minimal rank of the current row's term in a
//! serialized row set.

use super::{plan_rank, restart_flags, restarts, same_as_previous};
use crate::{Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr};
use datafusion::arrow::array::{ArrayRef, Int64Builder};
use datafusion::common::Result;
use std::sync::Arc;

/// `row_rank_min`.
pub(crate) struct RowRankMinFunc;

const DOC: FunctionDoc = FunctionDoc {
    name: "row_rank_min",
    aliases: &[],
    category: "window",
    syntax: "row_rank_min(Term [, restart])",
    description: "The row number (1 for the first row, or the first row since the last \
        restart) of the first row of the current run of equal Terms: rows with the same Term \
        share the smallest row number among them, as in a ranking with ties. Runs are of \
        adjacent rows (two nulls are equal), so sort by Term first; the docs' 'minimal row \
        number the Term appears in' is the same on sorted input. Needs serialized input.",
    returns: "long",
    examples: &[
        Example {
            query: "datatable (Airport:string, Airline:string, Departures:long) [\"SEA\", \"LH\", 3, \"SEA\", \"LY\", 100, \"SEA\", \"UA\", 3, \"SEA\", \"BA\", 2, \"SEA\", \"EL\", 3] | sort by Departures asc, Airline asc | extend Rank = row_rank_min(Departures)",
            output: "Airport,Airline,Departures,Rank\nSEA,BA,2,1\nSEA,EL,3,2\nSEA,LH,3,2\nSEA,UA,3,2\nSEA,LY,100,5",
        },
        Example {
            query: "datatable(Category:string, Item:string, Value:int) [\"A\", \"item1\", 10, \"A\", \"item2\", 10, \"A\", \"item3\", 5, \"A\", \"item4\", 20, \"B\", \"item2\", 5, \"B\", \"item1\", 7] | sort by Category asc, Value asc, Item asc | extend rank = row_rank_min(Value, Category != prev(Category))",
            output: "Category,Item,Value,rank\nA,item3,5,1\nA,item1,10,2\nA,item2,10,2\nA,item4,20,4\nB,item2,5,1\nB,item1,7,2",
        },
    ],
};

impl KqlFunction for RowRankMinFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn kind(&self) -> FunctionKind {
        FunctionKind::Window
    }

    fn plan_window(&self, args: Vec<TypedExpr>) -> Result<TypedExpr, FunctionError> {
        plan_rank(&DOC, args, rank_min)
    }
}

/// The row number (since the last restart) of the first row of each run of equal terms.
fn rank_min(values: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let same = same_as_previous(&values[0])?;
    let flags = restart_flags(values, 1);
    let mut out = Int64Builder::with_capacity(rows);
    let mut number = 0i64;
    let mut rank = 0i64;
    for (row, same) in same.iter().enumerate().take(rows) {
        if row == 0 || restarts(flags, row) {
            number = 1;
            rank = 1;
        } else {
            number += 1;
            if !*same {
                rank = number;
            }
        }
        out.append_value(rank);
    }
    Ok(Arc::new(out.finish()))
}
