//! `strcat_delim(delimiter, argument1, argument2 [, …])`: values joined with a delimiter.

use crate::args::variadic;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::functions::string::expr_fn::concat_ws;
use kql_syntax::KqlType;

/// `strcat_delim`: see [`DOC`].
pub(crate) struct StrcatDelimFunc;

/// The reference entry of `strcat_delim`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "strcat_delim",
    aliases: &[],
    category: "string",
    syntax: "strcat_delim(delimiter, argument1, argument2 [, …])",
    description: "2 to 64 arguments converted with tostring() and joined with delimiter. A \
        null argument contributes \"\" and keeps its delimiters (SQL's concat_ws skips it).",
    returns: "string",
    examples: &[Example {
        query: "print st = strcat_delim('-', 1, '2', 'A', 1s), n = strcat_delim(',', 'a', long(null), 'b')",
        output: "st,n\n1-2-A-00:00:01,\"a,,b\"",
    }],
};

impl KqlFunction for StrcatDelimFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let mut args = variadic(&DOC, args, 3..=65)?.into_iter();
        let delimiter = match args.next() {
            Some(d) => d.string()?.expr,
            None => return Err(FunctionError::call(&DOC, "a delimiter is needed")),
        };
        let parts = args.map(|a| a.text().expr).collect();
        Ok(TypedExpr::new(concat_ws(delimiter, parts), KqlType::String))
    }
}
