//! `count()`: the number of rows in the group.

use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};
use datafusion::logical_expr::lit;
use kql_syntax::KqlType;

/// `count`: see [`DOC`].
pub(crate) struct CountFunc;

/// The reference entry of `count`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "count",
    aliases: &[],
    category: "aggregate",
    syntax: "count()",
    description: "The number of rows in the group. Without `by`, summarize over no rows still \
        returns one row, with count 0.",
    returns: "long",
    examples: &[
        Example {
            query: "datatable(x:long)[1, 5, 3] | summarize count()",
            output: "count_\n3",
        },
        Example {
            query: r#"datatable(k:string)["a", "b", "a"] | summarize n = count() by k | sort by k asc"#,
            output: "k,n\na,2\nb,1",
        },
    ],
};

impl KqlFunction for CountFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn column_prefix(&self) -> Option<&'static str> {
        Some("count")
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        if !args.is_empty() {
            // Kusto's docs disagree on count(x) (rows, or countif); rejected rather than guessed.
            return Err(FunctionError::arg(
                &DOC,
                0,
                "count(expr) is not supported yet: use count()",
            ));
        }
        Ok(AggregatePlan {
            aggregate: datafusion::functions_aggregate::expr_fn::count(lit(1i64)),
            kql_type: KqlType::Long,
            finish: None,
        })
    }
}
