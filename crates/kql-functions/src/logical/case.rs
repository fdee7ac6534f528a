//! `case(predicate1, then1, [predicate2, then2, …] else)`: the first branch whose predicate is
//! true.

use crate::args::variadic;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::logical_expr::Expr;
use datafusion::logical_expr::expr::Case;

/// `case`: see [`DOC`].
pub(crate) struct CaseFunc;

/// The reference entry of `case`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "case",
    aliases: &[],
    category: "logical",
    syntax: "case(predicate1, then1, [predicate2, then2, …] else)",
    description: "The then of the first predicate that is true, else the else value. A null \
        predicate is not true. Every then and else must have one type (int, long and real mix \
        as the wider).",
    returns: "the type of the then and else values",
    examples: &[Example {
        query: r#"datatable(Size:long)[1, 3, 5, 11, long(null)] | extend bucket = case(Size <= 3, "Small", Size <= 10, "Medium", "Large")"#,
        output: "Size,bucket\n1,Small\n3,Small\n5,Medium\n11,Large\n,Large",
    }],
};

impl KqlFunction for CaseFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let count = args.len();
        let mut args = variadic(&DOC, args, 3..=usize::MAX)?;
        if count.is_multiple_of(2) {
            return Err(FunctionError::call(
                &DOC,
                format!(
                    "expected predicate and value pairs and an else value, found {count} arguments"
                ),
            ));
        }
        let otherwise = args
            .pop()
            .ok_or_else(|| FunctionError::call(&DOC, "no else value"))?;
        let mut ty = otherwise.kql_type();
        let mut pairs = Vec::with_capacity(count / 2);
        let mut values = args.into_iter();
        while let (Some(predicate), Some(then)) = (values.next(), values.next()) {
            let Some(common) = super::common_type(ty, then.kql_type()) else {
                return Err(then.error(format!(
                    "every value must have one type, found {} and {ty}",
                    then.kql_type()
                )));
            };
            ty = common;
            pairs.push((predicate.bool()?, then.any()));
        }
        let when_then = pairs
            .into_iter()
            .map(|(p, t)| (Box::new(p.expr), Box::new(t.cast_to(ty).expr)))
            .collect();
        let otherwise = Box::new(otherwise.any().cast_to(ty).expr);
        let case = Expr::Case(Case::new(None, when_then, Some(otherwise)));
        Ok(TypedExpr::new(case, ty))
    }
}
