//! `ago(timespan)`: the query's `now()` minus a timespan.

use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};

/// `ago`: see [`DOC`].
pub(crate) struct AgoFunc;

/// The reference entry of `ago`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "ago",
    aliases: &[],
    category: "datetime",
    syntax: "ago(timespan)",
    description: "Subtracts the timespan from the query's now(). now() is one value for the \
        whole query (pinned with `kql query --now`), so every ago() in a query agrees; with a \
        literal argument the result is a constant, which lets scans skip export folders \
        outside the time range.",
    returns: "datetime; null if the argument is null",
    examples: &[
        Example {
            query: "print t = ago(1d)",
            output: "t\n2023-12-31T00:00:00.0000000Z",
        },
        Example {
            query: "print a = ago(90m), b = ago(-2h)",
            output: "a,b\n2023-12-31T22:30:00.0000000Z,2024-01-01T02:00:00.0000000Z",
        },
    ],
};

impl KqlFunction for AgoFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        ctx: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [offset] = crate::args::fixed(&DOC, args)?;
        super::shifted_now(ctx, offset, -1)
    }
}
