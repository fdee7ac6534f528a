//! `row_cumsum(term [, restart])`: the running sum of a column in a serialized row set.

use super::{restart_flags, restarts, window_call};
use crate::args::optional;
use crate::{Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr};
use datafusion::arrow::array::{Array, ArrayRef, AsArray, Float64Builder, Int64Builder};
use datafusion::arrow::datatypes::{DataType, Float64Type, Int64Type};
use datafusion::common::Result;
use datafusion::logical_expr::lit;
use kql_syntax::KqlType;
use std::sync::Arc;

/// `row_cumsum`.
pub(crate) struct RowCumsumFunc;

const DOC: FunctionDoc = FunctionDoc {
    name: "row_cumsum",
    aliases: &[],
    category: "window",
    syntax: "row_cumsum(term [, restart])",
    description: "The sum of term over the rows so far in a serialized row set; on a row where \
        restart is true the sum starts again from that row's term. A null term adds nothing \
        (the row shows the sum so far; the docs leave this open). Needs serialized input.",
    returns: "long for an int or long term, real for a real term",
    examples: &[
        Example {
            query: "datatable (a:long) [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] | where a % 2 == 0 | serialize cs = row_cumsum(a)",
            output: "a,cs\n2,2\n4,6\n6,12\n8,20\n10,30",
        },
        Example {
            query: "datatable (name:string, month:int, salary:long) [\"Alice\", 1, 1000, \"Bob\", 1, 1000, \"Alice\", 2, 2000, \"Bob\", 2, 1950, \"Alice\", 3, 1400, \"Bob\", 3, 1450] | order by name asc, month asc | extend total = row_cumsum(salary, name != prev(name))",
            output: "name,month,salary,total\nAlice,1,1000,1000\nAlice,2,2000,3000\nAlice,3,1400,4400\nBob,1,1000,1000\nBob,2,1950,2950\nBob,3,1450,4400",
        },
    ],
};

impl KqlFunction for RowCumsumFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn kind(&self) -> FunctionKind {
        FunctionKind::Window
    }

    fn plan_window(&self, args: Vec<TypedExpr>) -> Result<TypedExpr, FunctionError> {
        let ([term], [restart]) = optional::<1, 1>(&DOC, args)?;
        let real = term.kql_type() == KqlType::Real;
        let term = if real { term.real()? } else { term.long()? };
        let restart = match restart {
            Some(r) => r.bool()?.expr,
            None => lit(false),
        };
        let (arrow, kql, body): (DataType, KqlType, super::WindowBody) = if real {
            (DataType::Float64, KqlType::Real, sum_reals)
        } else {
            (DataType::Int64, KqlType::Long, sum_longs)
        };
        Ok(TypedExpr::new(
            window_call(
                "row_cumsum",
                vec![term.expr, restart],
                vec![arrow.clone(), DataType::Boolean],
                arrow,
                body,
            ),
            kql,
        ))
    }
}

/// The running sum of a long column (wrapping as Kusto's long arithmetic does not say; it
/// saturates here rather than panic).
fn sum_longs(values: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let term = values[0].as_primitive::<Int64Type>();
    let flags = restart_flags(values, 1);
    let mut out = Int64Builder::with_capacity(rows);
    let mut sum = 0i64;
    for row in 0..rows {
        if restarts(flags, row) {
            sum = 0;
        }
        if term.is_valid(row) {
            sum = sum.saturating_add(term.value(row));
        }
        out.append_value(sum);
    }
    Ok(Arc::new(out.finish()))
}

/// The running sum of a real column.
fn sum_reals(values: &[ArrayRef], rows: usize) -> Result<ArrayRef> {
    let term = values[0].as_primitive::<Float64Type>();
    let flags = restart_flags(values, 1);
    let mut out = Float64Builder::with_capacity(rows);
    let mut sum = 0f64;
    for row in 0..rows {
        if restarts(flags, row) {
            sum = 0.0;
        }
        if term.is_valid(row) {
            sum += term.value(row);
        }
        out.append_value(sum);
    }
    Ok(Arc::new(out.finish()))
}
