//! `column_ifexists(columnName, defaultValue)` (alias `columnifexists`): a column of the input
//! if it has one by that name, else a default value.
//!
//! Only the planner knows the input's columns: when `columnName` is a constant naming one, it
//! passes that column as the second argument; otherwise the default stays there.

use crate::args::fixed;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};

/// `column_ifexists`: see [`DOC`].
pub(crate) struct ColumnIfExistsFunc;

/// The reference entry of `column_ifexists`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "column_ifexists",
    aliases: &["columnifexists"],
    category: "tabular",
    syntax: "column_ifexists(columnName, defaultValue)",
    description: "The column called columnName (a constant string, matched exactly) of the \
        operator's input when there is one, else defaultValue (any expression, which may use \
        other columns). The result has the column's type, or the default's.",
    returns: "the column's type, or defaultValue's",
    examples: &[Example {
        query: r#"datatable(a: long, s: string) [1, "x"] | extend b = column_ifexists("a", 0), c = column_ifexists("zz", "none"), d = column_ifexists("A", s)"#,
        output: "a,s,b,c,d\n1,x,1,none,x",
    }],
};

impl KqlFunction for ColumnIfExistsFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [column_name, value] = fixed(&DOC, args)?;
        column_name.string_literal()?;
        Ok(value.any())
    }
}
