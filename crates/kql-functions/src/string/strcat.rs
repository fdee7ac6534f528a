//! `strcat(a, b, …)`: concatenate 1 to 64 values as strings.

use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::functions::string::expr_fn::concat;
use kql_syntax::KqlType;

/// `strcat`: see [`DOC`].
pub(crate) struct StrcatFunc;

/// The reference entry of `strcat`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "strcat",
    aliases: &[],
    category: "string",
    syntax: "strcat(argument1, argument2 [, …])",
    description: "Concatenates 1 to 64 arguments. Non-string arguments are converted with \
        tostring(), so a null contributes \"\" (SQL's || would make the whole result null).",
    returns: "string",
    examples: &[Example {
        query: r#"print s = strcat("n=", 5, long(null), "/", 1.5, true)"#,
        output: "s\nn=5/1.5true",
    }],
};

impl KqlFunction for StrcatFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let parts = crate::args::variadic(&DOC, args, 1..=64)?
            .into_iter()
            .map(|a| a.text().expr)
            .collect();
        Ok(TypedExpr::new(concat(parts), KqlType::String))
    }
}
