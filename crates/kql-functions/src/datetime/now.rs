//! `now([offset])`: the query's current time, one value for the whole query.

use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use kql_syntax::KqlType;

/// `now`: see [`DOC`].
pub(crate) struct NowFunc;

/// The reference entry of `now`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "now",
    aliases: &[],
    category: "datetime",
    syntax: "now([offset])",
    description: "The current UTC time, plus the optional timespan offset. It is evaluated \
        once per query: every now() and ago() in a query see the same instant. \
        `kql query --now 2024-01-01T00:00:00Z` pins it for reproducible results.",
    returns: "datetime",
    examples: &[
        Example {
            query: "print now()",
            output: "print_0\n2024-01-01T00:00:00.0000000Z",
        },
        Example {
            query: "print later = now(1h)",
            output: "later\n2024-01-01T01:00:00.0000000Z",
        },
    ],
};

impl KqlFunction for NowFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        ctx: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        match crate::args::optional::<0, 1>(&DOC, args)? {
            ([], [None]) => Ok(TypedExpr::new(
                super::datetime_literal(ctx.now_nanos),
                KqlType::DateTime,
            )),
            ([], [Some(offset)]) => super::shifted_now(ctx, offset, 1),
        }
    }
}
