//! `binary_all_or(expr)`: the bitwise OR of all the values.

use crate::args::Arg;
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};
use datafusion::logical_expr::Expr;
use kql_syntax::KqlType;

/// `binary_all_or`: see [`DOC`].
pub(crate) struct BinaryAllOrFunc;

/// The reference entry of `binary_all_or`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "binary_all_or",
    aliases: &[],
    category: "aggregate",
    syntax: "binary_all_or(expr)",
    description: "Combines the values of expr in the group with bitwise OR; null values are \
        ignored. An unnamed call's column keeps the argument's name. The example is Kusto's \
        (0xCAFEF00D = 3405705229).",
    returns: "the type of expr (int or long); null when the group has no non-null value",
    examples: &[
        Example {
            query: "datatable(num:long)[0x88888008, 0x42000000, 0x00767000, 0x00000005] | summarize binary_all_or(num)",
            output: "num\n3405705229",
        },
        Example {
            query: "datatable(num:long)[0x88888008, 0x42000000, 0x00767000, 0x00000005] | summarize result = binary_all_or(num)",
            output: "result\n3405705229",
        },
    ],
};

impl KqlFunction for BinaryAllOrFunc {
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
        first_argument_name(first)
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        bitwise_of(&DOC, args, datafusion::functions_aggregate::expr_fn::bit_or)
    }
}

/// `kernel(value)` over an int or long, keeping its type (Kusto.Language: the result is of the
/// argument's type).
/// (`binary_all_and`, `binary_all_or` and `binary_all_xor` share this and the naming below.)
pub(super) fn bitwise_of(
    doc: &'static FunctionDoc,
    args: Vec<TypedExpr>,
    kernel: fn(Expr) -> Expr,
) -> Result<AggregatePlan, FunctionError> {
    let [value] = crate::args::fixed(doc, args)?;
    let value = integer(value)?;
    Ok(AggregatePlan::new(kernel(value.expr), value.kql_type))
}

fn integer(value: Arg) -> Result<TypedExpr, FunctionError> {
    value.expect("long", |t| matches!(t, KqlType::Int | KqlType::Long))
}

/// The column of an unnamed call is named after its argument (Kusto.Language's
/// `ResultNameKind.FirstArgument`): `binary_all_or(num)` is `num`; over an expression it is a
/// generated `ColumnN`.
pub(super) fn first_argument_name(first: Option<&str>) -> Vec<Option<String>> {
    vec![first.map(str::to_owned)]
}
