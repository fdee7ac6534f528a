//! `arg_max(ExprToMaximize, ExprToReturn, …)`: values from the row that maximizes an
//! expression; the planning `arg_min` shares.

use super::columns::values_of_one_row;
use crate::{AggregateArg, AggregateColumn, Example, FunctionDoc, FunctionError};
use datafusion::logical_expr::SortExpr;
use kql_syntax::KqlType;

/// `arg_max`: see [`DOC`].
pub(crate) struct ArgMaxFunc;

/// The reference entry of `arg_max`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "arg_max",
    aliases: &[],
    category: "aggregate",
    syntax: "arg_max(ExprToMaximize, * | ExprToReturn [, ...])",
    description: "Finds a row of the group that maximizes ExprToMaximize and returns its value \
        and the values of ExprToReturn from that same row; `*` returns every input column \
        except the group keys. Rows where ExprToMaximize is null are ignored unless all are: \
        then some row is returned, with a null. Which row wins a tie is unspecified. Columns: \
        ExprToMaximize's name (max_ for an unnamed expression), then each returned column by \
        its name (max_<first>_arg<i> for an unnamed expression), a clashing name suffixed \
        (k1); `name = arg_max(…)` renames the first and `(a, b) = arg_max(…)` the first ones.",
    returns: "one column per argument, each of its argument's type",
    examples: &[
        Example {
            query: r#"datatable(Fruit:string, Color:string, Version:long)["Apple", "Red", 1, "Apple", "Green", long(null), "Pear", "Brown", 1, "Pear", "Green", 2, "Plum", "Blue", long(null)] | summarize arg_max(Version, *) by Fruit | sort by Fruit asc"#,
            output: "Fruit,Version,Color\nApple,1,Red\nPear,2,Green\nPlum,,Blue",
        },
        Example {
            query: r#"datatable(t:long, a:string, b:long)[1, "x", 10, 3, "y", 30, 2, "z", 20] | summarize arg_max(t, b, a), (latest, v) = arg_max(t, b)"#,
            output: "t,b,a,latest,v\n3,30,y,3,30",
        },
    ],
};

super::columns::star_aggregate!(ArgMaxFunc, DOC, |args| {
    plan_extreme_row(args, "max", &DOC, extreme_names)
});

/// The column names of `arg_max` (`prefix` "max") and `arg_min` ("min"): each argument's own
/// name; `max_` for an unnamed first one, `max_<first>_arg<i>` for a later one.
pub(super) fn extreme_names(args: &[AggregateArg], prefix: &str) -> Vec<String> {
    let primary = args
        .first()
        .and_then(|a| a.name.clone())
        .unwrap_or_default();
    args.iter()
        .map(|arg| match (&arg.name, arg.index) {
            (Some(name), _) => name.clone(),
            (None, 0) => format!("{prefix}_"),
            (None, i) => format!("{prefix}_{primary}_arg{i}"),
        })
        .collect()
}

/// The columns of `arg_max` (`prefix` "max": the largest first) or `arg_min` ("min") and their
/// deprecated forms, named by `names`.
pub(super) fn plan_extreme_row(
    args: Vec<AggregateArg>,
    prefix: &str,
    doc: &'static FunctionDoc,
    names: fn(&[AggregateArg], &str) -> Vec<String>,
) -> Result<Vec<AggregateColumn>, FunctionError> {
    let Some(first) = args.first() else {
        return Err(FunctionError::call(
            doc,
            format!(
                "needs the expression to {}: {}",
                if prefix == "max" {
                    "maximize"
                } else {
                    "minimize"
                },
                doc.syntax
            ),
        ));
    };
    if first.from_star {
        return Err(FunctionError::arg(
            doc,
            0,
            format!("needs an expression to order by before '*': {}", doc.syntax),
        ));
    }
    if first.value.kql_type == KqlType::Dynamic {
        return Err(FunctionError::arg(
            doc,
            0,
            format!(
                "cannot order by a dynamic value: convert it first, e.g. \
                 arg_{prefix}(tolong(x), …)"
            ),
        ));
    }
    // The largest (smallest) first; a null never wins unless every value is null.
    let order = vec![SortExpr::new(
        first.value.expr.clone(),
        prefix == "min",
        false,
    )];
    let names = names(&args, prefix);
    Ok(values_of_one_row(args, names, order, None))
}
