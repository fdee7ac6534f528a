//! `next(column [, offset [, default_value]])`: a value from a row after the current one in a
//! serialized row set.

use super::prev::{lead_shift, plan_shift};
use crate::{Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr};

/// `next`.
pub(crate) struct NextFunc;

const DOC: FunctionDoc = FunctionDoc {
    name: "next",
    aliases: &[],
    category: "window",
    syntax: "next(column [, offset [, default_value]])",
    description: "The value of column offset rows (1 by default) after the current row of a \
        serialized row set; default_value (null by default, an empty string for a string) \
        where there is no such row. offset must be a constant long and default_value a \
        constant of column's type. Needs serialized input (after serialize, sort, top, \
        range, …).",
    returns: "the type of column",
    examples: &[
        Example {
            query: "range x from 1 to 4 step 1 | extend n = next(x), n2 = next(x, 2, -1)",
            output: "x,n,n2\n1,2,3\n2,3,4\n3,4,-1\n4,,-1",
        },
        Example {
            query: "datatable(s:string)[\"Keynote\", \"Expo Session\", \"Breakout\"] | serialize next_type = next(s)",
            output: "s,next_type\nKeynote,Expo Session\nExpo Session,Breakout\nBreakout,",
        },
    ],
};

impl KqlFunction for NextFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn kind(&self) -> FunctionKind {
        FunctionKind::Window
    }

    fn plan_window(&self, args: Vec<TypedExpr>) -> Result<TypedExpr, FunctionError> {
        plan_shift(&DOC, args, lead_shift())
    }
}
