//! `toscalar(expression)`: the value of an expression evaluated once per query.

use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::logical_expr::Expr;

/// `toscalar`: see [`DOC`].
pub(crate) struct ToScalarFunc;

/// The reference entry of `toscalar`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "toscalar",
    aliases: &[],
    category: "tabular",
    syntax: "toscalar(expression)",
    description: "The value of a scalar or tabular expression, evaluated once for the whole \
        query: for a table, the first column of its first row. The expression cannot refer \
        to the row it is used in (a function parameter bound to a column is an error). \
        kqlake evaluates it while planning, so `where TimeGenerated > toscalar(…)` still \
        skips export folders outside the time range.",
    returns: "the expression's type (the first column's for a table); null (\"\" for a \
        string) when the table has no rows",
    examples: &[
        Example {
            query: "let Start = toscalar(print x = 1); \
                    let End = toscalar(range x from 1 to 9 step 1 | count); \
                    let Step = toscalar(2); \
                    range z from Start to End step Step | extend start = Start, end = End, step = Step",
            output: "z,start,end,step\n1,1,9,2\n3,1,9,2\n5,1,9,2\n7,1,9,2\n9,1,9,2",
        },
        Example {
            query: "let top = toscalar(datatable(k: string, n: long) [\"a\", 3, \"b\", 5] \
                    | sort by n desc | project k); print result = top",
            output: "result\nb",
        },
    ],
};

impl KqlFunction for ToScalarFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    /// The planner has already evaluated the argument: a literal, or a scalar subquery when
    /// the catalog cannot run plans. It is the value.
    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _ctx: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let mut args = args.into_iter();
        match (args.next(), args.next()) {
            (Some(value), None)
                if matches!(value.expr, Expr::Literal(..) | Expr::ScalarSubquery(_))
                    || value.expr.column_refs().is_empty() =>
            {
                Ok(value)
            }
            (Some(_), None) => Err(FunctionError::arg(
                &DOC,
                0,
                "cannot refer to the row it is used in",
            )),
            _ => Err(FunctionError::call(&DOC, "takes one argument")),
        }
    }
}
