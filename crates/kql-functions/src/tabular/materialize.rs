//! `materialize(expression)`: a tabular expression evaluated once per query and kept.

use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};

/// `materialize`: see [`DOC`].
pub(crate) struct MaterializeFunc;

/// The reference entry of `materialize`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "materialize",
    aliases: &[],
    category: "tabular",
    syntax: "materialize(tabular_expression)",
    description: "The rows of a tabular expression, evaluated once and kept in memory for \
        the rest of the query, so that several references to a let of it (a join of it with \
        itself, say) read the same rows, computed once. A query source or a let value, not a \
        scalar. kqlake evaluates it while planning.",
    returns: "a table with the expression's columns",
    examples: &[Example {
        query: "let m = materialize(datatable(k: string, n: long) [\"a\", 1, \"b\", 2, \"a\", 3]); \
                m | summarize total = sum(n) by k | sort by k asc",
        output: "k,total\na,4\nb,2",
    }],
};

impl KqlFunction for MaterializeFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        _args: Vec<TypedExpr>,
        _ctx: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        Err(FunctionError::call(
            &DOC,
            "returns a table: bind it with let or use it as a query source",
        ))
    }
}
