//! `arg_min(ExprToMinimize, ExprToReturn, …)`: values from the row that minimizes an
//! expression.

use crate::{Example, FunctionDoc};

/// `arg_min`: see [`DOC`].
pub(crate) struct ArgMinFunc;

/// The reference entry of `arg_min`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "arg_min",
    aliases: &[],
    category: "aggregate",
    syntax: "arg_min(ExprToMinimize, * | ExprToReturn [, ...])",
    description: "Finds a row of the group that minimizes ExprToMinimize and returns its value \
        and the values of ExprToReturn from that same row; `*` returns every input column \
        except the group keys. Rows where ExprToMinimize is null are ignored unless all are: \
        then some row is returned, with a null. Which row wins a tie is unspecified. Columns \
        are named as arg_max names them, with min_ for unnamed expressions.",
    returns: "one column per argument, each of its argument's type",
    examples: &[
        Example {
            query: r#"datatable(Fruit:string, Color:string, Version:long)["Apple", "Red", 1, "Apple", "Green", long(null), "Pear", "Brown", 1, "Pear", "Green", 2] | summarize arg_min(Version, *) by Fruit | sort by Fruit asc"#,
            output: "Fruit,Version,Color\nApple,1,Red\nPear,1,Brown",
        },
        Example {
            query: r#"datatable(t:long, a:string)[2, "x", 1, "y", 3, "z"] | summarize first = arg_min(t, a), arg_min(t * 10, a)"#,
            output: "first,a,min_,a1\n1,y,10,y",
        },
    ],
};

super::columns::star_aggregate!(ArgMinFunc, DOC, |args| {
    super::arg_max::plan_extreme_row(args, "min", &DOC, super::arg_max::extreme_names)
});
