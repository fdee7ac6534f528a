//! `max_of(arg, arg_2, [arg_3, …])` and `min_of(…)`: the largest or smallest of values.

use crate::args::variadic;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::functions::core::expr_fn::{greatest, least};

/// `max_of` or `min_of`: see each `DOC`.
pub(crate) struct ExtremeOfFunc {
    doc: &'static FunctionDoc,
    max: bool,
}

/// `max_of`.
pub(crate) const MAX_OF: ExtremeOfFunc = ExtremeOfFunc {
    doc: &MAX_OF_DOC,
    max: true,
};
/// `min_of`.
pub(crate) const MIN_OF: ExtremeOfFunc = ExtremeOfFunc {
    doc: &MIN_OF_DOC,
    max: false,
};

const MAX_OF_DOC: FunctionDoc = FunctionDoc {
    name: "max_of",
    aliases: &[],
    category: "logical",
    syntax: "max_of(arg, arg_2, [arg_3, …])",
    description: "The largest of 2 to 64 values of one type (int, long and real mix as the \
        wider). Nulls are ignored; null only when every value is null.",
    returns: "the arguments' type",
    examples: &[Example {
        query: "datatable(A:int, B:int)[int(1), int(6), int(8), int(1), int(null), int(2), int(1), int(null), int(null), int(null)] | extend m = max_of(A, B)",
        output: "A,B,m\n1,6,6\n8,1,8\n,2,2\n1,,1\n,,",
    }],
};

const MIN_OF_DOC: FunctionDoc = FunctionDoc {
    name: "min_of",
    aliases: &[],
    category: "logical",
    syntax: "min_of(arg, arg_2, [arg_3, …])",
    description: "The smallest of 2 to 64 values of one type. Nulls are ignored; null only \
        when every value is null.",
    returns: "the arguments' type",
    examples: &[Example {
        query: "print result = min_of(10, 1, -3, 17), r = min_of(2.5, 3)",
        output: "result,r\n-3,2.5",
    }],
};

impl KqlFunction for ExtremeOfFunc {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let args = variadic(self.doc, args, 2..=64)?;
        let mut ty = args[0].kql_type();
        for arg in &args[1..] {
            ty = super::common_type(ty, arg.kql_type()).ok_or_else(|| {
                arg.error(format!(
                    "every argument must have one type, found {} and {ty}",
                    arg.kql_type()
                ))
            })?;
        }
        let values = args.into_iter().map(|a| a.any().cast_to(ty).expr).collect();
        let expr = if self.max {
            greatest(values)
        } else {
            least(values)
        };
        Ok(TypedExpr::new(expr, ty))
    }
}
