//! `not(expr)`: logical negation. KQL has no `not` operator; negation is this function.

use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::logical_expr::Expr;
use kql_syntax::KqlType;

/// `not`: see [`DOC`].
pub(crate) struct NotFunc;

/// The reference entry of `not`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "not",
    aliases: &[],
    category: "logical",
    syntax: "not(expr)",
    description: "Negates a bool: true becomes false and false true; null stays null, so \
        `where not(x > 1)` drops rows where x is null.",
    returns: "bool",
    examples: &[
        Example {
            query: "print a = not(true), b = not(1 > 2), c = not(bool(null))",
            output: "a,b,c\nfalse,true,",
        },
        Example {
            query: "datatable(n:long)[1, 2, long(null)] | where not(n == 2)",
            output: "n\n1",
        },
    ],
};

impl KqlFunction for NotFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [value] = crate::args::fixed(&DOC, args)?;
        let value = value.bool()?;
        Ok(TypedExpr::new(
            Expr::Not(Box::new(value.expr)),
            KqlType::Bool,
        ))
    }
}
