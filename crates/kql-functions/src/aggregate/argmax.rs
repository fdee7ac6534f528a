//! `argmax(…)`: the deprecated `arg_max`, whose columns are named after the ordering
//! expression (`max_t`, `max_t_a`).

use super::arg_max::plan_extreme_row;
use crate::{AggregateArg, Example, FunctionDoc};

/// `argmax`: see [`DOC`].
pub(crate) struct ArgmaxFunc;

/// The reference entry of `argmax`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "argmax",
    aliases: &[],
    category: "aggregate",
    syntax: "argmax(ExprToMaximize, * | ExprToReturn [, ...])",
    description: "Deprecated: use arg_max. Returns the same row's values as arg_max, but names \
        every column after ExprToMaximize, as Kusto.Language does: max_<first>, then \
        max_<first>_<name> for each returned column (max_<first>_arg<i> for an unnamed \
        expression).",
    returns: "one column per argument, each of its argument's type",
    examples: &[Example {
        query: r#"datatable(t:long, a:string, b:long)[1, "x", 10, 3, "y", 30] | summarize argmax(t, a, b * 2)"#,
        output: "max_t,max_t_a,max_t_arg2\n3,y,60",
    }],
};

/// Kusto.Language's names for the deprecated forms: `<prefix>_<first>` then
/// `<prefix>_<first>_<name or arg<i>>`.
pub(super) fn deprecated_names(args: &[AggregateArg], prefix: &str) -> Vec<String> {
    let primary = args
        .first()
        .and_then(|a| a.name.clone())
        .unwrap_or_default();
    args.iter()
        .map(|arg| match (arg.index, &arg.name) {
            (0, _) => format!("{prefix}_{primary}"),
            (_, Some(name)) => format!("{prefix}_{primary}_{name}"),
            (i, None) => format!("{prefix}_{primary}_arg{i}"),
        })
        .collect()
}

super::columns::star_aggregate!(ArgmaxFunc, DOC, |args| {
    plan_extreme_row(args, "max", &DOC, deprecated_names)
});
