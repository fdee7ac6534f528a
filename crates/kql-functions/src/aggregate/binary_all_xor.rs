//! `binary_all_xor(expr)`: the bitwise XOR of all the values.

use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};

/// `binary_all_xor`: see [`DOC`].
pub(crate) struct BinaryAllXorFunc;

/// The reference entry of `binary_all_xor`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "binary_all_xor",
    aliases: &[],
    category: "aggregate",
    syntax: "binary_all_xor(expr)",
    description: "Combines the values of expr in the group with bitwise XOR; null values are \
        ignored. An unnamed call's column keeps the argument's name. The example is Kusto's \
        (0xCAFEF00D = 3405705229).",
    returns: "the type of expr (int or long); null when the group has no non-null value",
    examples: &[
        Example {
            query: "datatable(num:long)[0x44404440, 0x1E1E1E1E, 0x90ABBA09, 0x000B105A] | summarize binary_all_xor(num)",
            output: "num\n3405705229",
        },
        Example {
            query: "datatable(num:long)[0x44404440, 0x1E1E1E1E, 0x90ABBA09, 0x000B105A] | summarize result = binary_all_xor(num)",
            output: "result\n3405705229",
        },
    ],
};

impl KqlFunction for BinaryAllXorFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn aggregate_column_names(
        &self,
        _: &str,
        first: Option<&str>,
        _: &[kql_syntax::ast::Expr],
    ) -> Vec<Option<String>> {
        super::binary_all_or::first_argument_name(first)
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        super::binary_all_or::bitwise_of(
            &DOC,
            args,
            datafusion::functions_aggregate::expr_fn::bit_xor,
        )
    }
}
