//! `iff(condition, then, else)` (alias `iif`): a per-row choice.

use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::logical_expr::when;

/// `iff`: see [`DOC`].
pub(crate) struct IffFunc;

/// The reference entry of `iff`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "iff",
    aliases: &["iif"],
    category: "logical",
    syntax: "iff(condition, then, else)",
    description: "then where condition is true, else where it is false or null. then and \
        else must have the same type (int, long and real mix, giving the wider).",
    returns: "the type of then and else",
    examples: &[Example {
        query: r#"datatable(n:long)[1, 5, long(null)] | extend size = iff(n > 2, "big", "small")"#,
        output: "n,size\n1,small\n5,big\n,small",
    }],
};

impl KqlFunction for IffFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [condition, then, otherwise] = crate::args::fixed(&DOC, args)?;
        let condition = condition.bool()?;
        let Some(ty) = super::common_type(then.kql_type(), otherwise.kql_type()) else {
            return Err(otherwise.error(format!(
                "the branches must have one type, found {} and {}",
                then.kql_type(),
                otherwise.kql_type()
            )));
        };
        // A null condition takes the else branch, as CASE WHEN does.
        let expr = when(condition.expr, then.any().cast_to(ty).expr)
            .otherwise(otherwise.any().cast_to(ty).expr)
            .map_err(|e| FunctionError::call(&DOC, e))?;
        Ok(TypedExpr::new(expr, ty))
    }
}
