//! `iff(condition, then, else)` (alias `iif`): a per-row choice.

use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::logical_expr::when;
use kql_syntax::KqlType;

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
        let [condition, then, otherwise] = crate::args::fixed::<3>(args, DOC.syntax)?;
        if condition.kql_type != KqlType::Bool {
            return Err(FunctionError::arg(
                0,
                format!(
                    "iff() expects a bool condition, found {}",
                    condition.kql_type
                ),
            ));
        }
        let ty = if then.kql_type == otherwise.kql_type {
            then.kql_type
        } else if then.kql_type.is_numeric() && otherwise.kql_type.is_numeric() {
            if then.kql_type == KqlType::Real || otherwise.kql_type == KqlType::Real {
                KqlType::Real
            } else {
                KqlType::Long
            }
        } else {
            return Err(FunctionError::arg(
                2,
                format!(
                    "iff() branches must have one type, found {} and {}",
                    then.kql_type, otherwise.kql_type
                ),
            ));
        };
        // A null condition takes the else branch, as CASE WHEN does.
        let expr = when(condition.expr, then.cast_to(ty).expr)
            .otherwise(otherwise.cast_to(ty).expr)
            .map_err(|e| FunctionError::call(e.to_string()))?;
        Ok(TypedExpr::new(expr, ty))
    }
}
