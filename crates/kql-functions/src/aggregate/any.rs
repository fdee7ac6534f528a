//! `any(expr, …)` / `any(*)`: the deprecated `take_any`, whose columns are named `any_…`.

use crate::{Example, FunctionDoc};

/// `any`: see [`DOC`].
pub(crate) struct AnyFunc;

/// The reference entry of `any`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "any",
    aliases: &[],
    category: "aggregate",
    syntax: "any(expr_1 [, expr_2 ...]) | any(*)",
    description: "Deprecated: use take_any. Returns the values of the expressions over one \
        arbitrarily chosen row of the group, as take_any does, but prefixes each column's name \
        with any_ (any_x; any_ for one unnamed expression, any_arg<i> among several).",
    returns: "one column per expression, each of its expression's type",
    examples: &[Example {
        query: r#"datatable(k:string, v:long)["a", 1, "a", 1, "b", 2] | summarize any(v), any(k, v * 2) by k | sort by k asc"#,
        output: "k,any_v,any_k,any_arg1\na,1,a,2\nb,2,b,4",
    }],
};

super::columns::star_aggregate!(AnyFunc, DOC, |args| {
    // One expression: any_<name> or any_ (Kusto.Language's one-argument overload); several
    // (or `*`): each column's name, or arg<i>, after any_.
    let single = args.len() == 1;
    let names = args
        .iter()
        .map(|arg| match (&arg.name, single) {
            (Some(name), _) => format!("any_{name}"),
            (None, true) => "any_".to_owned(),
            (None, false) => format!("any_arg{}", arg.index),
        })
        .collect();
    super::take_any::plan_any_row(args, names, &DOC)
});
