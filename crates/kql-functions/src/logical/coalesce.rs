//! `coalesce(arg1, arg2, [arg3, …])`: the first value that is not null (for strings: not
//! empty).

use crate::args::variadic;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::functions::core::expr_fn::{coalesce, nullif};
use datafusion::logical_expr::lit;
use kql_syntax::KqlType;

/// `coalesce`: see [`DOC`].
pub(crate) struct CoalesceFunc;

/// The reference entry of `coalesce`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "coalesce",
    aliases: &[],
    category: "logical",
    syntax: "coalesce(arg1, arg2, [arg3, …])",
    description: "The first argument that is not null; for strings the first that is not \
        empty (SQL's COALESCE would stop at \"\"), and \"\" when all are. 2 to 64 arguments \
        of one type (int, long and real mix as the wider).",
    returns: "the arguments' type",
    examples: &[Example {
        query: r#"print result = coalesce(tolong("not a number"), tolong("42"), 33), s = coalesce("", "b", "c")"#,
        output: "result,s\n42,b",
    }],
};

impl KqlFunction for CoalesceFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let args = variadic(&DOC, args, 2..=64)?;
        let mut ty = args[0].kql_type();
        for arg in &args[1..] {
            ty = super::common_type(ty, arg.kql_type()).ok_or_else(|| {
                arg.error(format!(
                    "every argument must have one type, found {} and {ty}",
                    arg.kql_type()
                ))
            })?;
        }
        let values = args.into_iter().map(|a| a.any().cast_to(ty).expr);
        let expr = if ty == KqlType::String {
            let mut non_empty: Vec<_> = values.map(|v| nullif(v, lit(""))).collect();
            non_empty.push(lit(""));
            coalesce(non_empty)
        } else {
            coalesce(values.collect())
        };
        Ok(TypedExpr::new(expr, ty))
    }
}
