//! `argmin(…)`: the deprecated `arg_min`, whose columns are named after the ordering
//! expression (`min_t`, `min_t_a`).

use super::arg_max::plan_extreme_row;
use super::argmax::deprecated_names;
use crate::{Example, FunctionDoc};

/// `argmin`: see [`DOC`].
pub(crate) struct ArgminFunc;

/// The reference entry of `argmin`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "argmin",
    aliases: &[],
    category: "aggregate",
    syntax: "argmin(ExprToMinimize, * | ExprToReturn [, ...])",
    description: "Deprecated: use arg_min. Returns the same row's values as arg_min, with \
        columns named as argmax names them, with min_.",
    returns: "one column per argument, each of its argument's type",
    examples: &[Example {
        query: r#"datatable(t:long, a:string)[1, "x", 3, "y"] | summarize argmin(t, *)"#,
        output: "min_t,min_t_a\n1,x",
    }],
};

super::columns::star_aggregate!(ArgminFunc, DOC, |args| {
    plan_extreme_row(args, "min", &DOC, deprecated_names)
});
