//! `take_anyif(expr, predicate)`: a value from an arbitrary row where the predicate holds.

use super::columns::{empty_string_for_null, first_non_empty};
use crate::{
    AggregatePlan, Example, FunctionDoc, FunctionError, FunctionKind, KqlFunction, TypedExpr,
};
use kql_syntax::KqlType;

/// `take_anyif`: see [`DOC`].
pub(crate) struct TakeAnyifFunc;

/// The reference entry of `take_anyif`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "take_anyif",
    aliases: &[],
    category: "aggregate",
    syntax: "take_anyif(expr, predicate)",
    description: "Returns expr over one arbitrarily chosen row of the group where predicate is \
        true, preferring a non-null, non-empty value; null (an empty string) when no row \
        qualifies. An unnamed column takes expr's name (Column1 for an unnamed expression).",
    returns: "the type of expr",
    examples: &[Example {
        query: r#"datatable(k:string, v:long, ok:bool)["a", 1, false, "a", 2, true, "b", 3, false] | summarize take_anyif(v, ok) by k | sort by k asc"#,
        output: "k,v\na,2\nb,",
    }],
};

impl KqlFunction for TakeAnyifFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }
    fn kind(&self) -> FunctionKind {
        FunctionKind::Aggregate
    }
    fn takes_first_argument_name(&self) -> bool {
        true
    }
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        let [value, predicate] = crate::args::fixed(&DOC, args)?;
        let predicate = predicate.bool()?;
        let value = value.any();
        let kql_type = value.kql_type;
        let plan = AggregatePlan::new(first_non_empty(value, Some(predicate.expr)), kql_type);
        Ok(if kql_type == KqlType::String {
            plan.with_finish(|value, _| empty_string_for_null(value))
        } else {
            plan
        })
    }
}
