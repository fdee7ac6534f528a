//! `take_any(expr, …)` / `take_any(*)`: values from an arbitrary row of the group; and the
//! planning the deprecated `any` shares.

use super::columns::{empty_string_for_null, first_non_empty, values_of_one_row};
use crate::{AggregateArg, AggregateColumn, Example, FunctionDoc, FunctionError};
use kql_syntax::KqlType;
use std::sync::Arc;

/// `take_any`: see [`DOC`].
pub(crate) struct TakeAnyFunc;

/// The reference entry of `take_any`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "take_any",
    aliases: &[],
    category: "aggregate",
    syntax: "take_any(expr_1 [, expr_2 ...]) | take_any(*)",
    description: "Returns the values of the expressions over one arbitrarily chosen row of the \
        group; several expressions in one call come from the same row, and `*` stands for \
        every input column except the group keys. With one expression it returns a non-null, \
        non-empty value when the group has one. Each column keeps its expression's name \
        (any_arg<i> for an unnamed expression).",
    returns: "one column per expression, each of its expression's type",
    examples: &[
        Example {
            query: r#"datatable(k:string, v:string)["a", "", "a", "x", "b", "y"] | summarize take_any(v) by k | sort by k asc"#,
            output: "k,v\na,x\nb,y",
        },
        Example {
            query: r#"datatable(k:string, a:long, b:string)["p", 1, "u", "p", 1, "u", "q", 2, "w"] | summarize take_any(*) by k | sort by k asc"#,
            output: "k,a,b\np,1,u\nq,2,w",
        },
    ],
};

super::columns::star_aggregate!(TakeAnyFunc, DOC, |args| {
    let names = args
        .iter()
        .map(|arg| match &arg.name {
            Some(name) => name.clone(),
            None => format!("any_arg{}", arg.index),
        })
        .collect();
    plan_any_row(args, names, &DOC)
});

/// The columns of `take_any` and `any`, named `names`: with one value, a non-null, non-empty
/// one if the group has it; with several, all from one arbitrary row.
pub(super) fn plan_any_row(
    args: Vec<AggregateArg>,
    names: Vec<String>,
    doc: &'static FunctionDoc,
) -> Result<Vec<AggregateColumn>, FunctionError> {
    if args.is_empty() {
        return Err(FunctionError::call(
            doc,
            format!("expected an expression or '*': {}", doc.syntax),
        ));
    }
    if let [arg] = args.as_slice() {
        let kql_type = arg.value.kql_type;
        let aggregate = first_non_empty(arg.value.clone(), None);
        let name = names.into_iter().next().unwrap_or_default();
        return Ok(vec![AggregateColumn {
            name,
            kql_type,
            aggregate,
            finish: (kql_type == KqlType::String)
                .then(|| Arc::new(empty_string_for_null) as super::columns::Finish),
        }]);
    }
    Ok(values_of_one_row(args, names, Vec::new(), None))
}
