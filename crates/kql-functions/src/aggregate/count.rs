//! `count()`: the number of rows in the group; `count(expr)` as Kusto resolves it.

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
    syntax: "count([expr])",
    description: "The number of rows in the group. Without `by`, summarize over no rows still \
        returns one row, with count 0. Kusto's pages disagree on count(expr) \
        (kql-semantics.md §16.4); kqlake follows both where they agree with Kusto.Language: \
        count(predicate) with a bool argument is the obsolete spelling of countif(predicate) \
        (rows where it is true), and count(expr) of any other type counts every row, nulls \
        included, as summarize-operator.md's example shows (2 rows, one of them null, give 2).",
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
        Example {
            query: "datatable(y:real)[real(null), 5.0] | summarize count(y), big = count(y > 1.0)",
            output: "count_y,big\n2,1",
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
        let ([], [value]) = crate::args::optional::<0, 1>(&DOC, args)?;
        if let Some(predicate) = value.filter(|v| v.kql_type() == KqlType::Bool) {
            let plan = super::countif::count_true(predicate.any().expr)
                .map_err(|e| FunctionError::call(&DOC, e))?;
            return Ok(plan);
        }
        Ok(AggregatePlan::new(
            datafusion::functions_aggregate::expr_fn::count(lit(1i64)),
            KqlType::Long,
        ))
    }
}
