//! `strlen(source)`: the number of Unicode code points.

use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use kql_syntax::KqlType;

/// `strlen`: see [`DOC`].
pub(crate) struct StrlenFunc;

/// The reference entry of `strlen`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "strlen",
    aliases: &[],
    category: "string",
    syntax: "strlen(source)",
    description: "The length of source in Unicode code points, not bytes (SQL's \
        octet_length counts bytes): strlen(\"día\") is 3. A non-string argument is first \
        converted with tostring().",
    returns: "long",
    examples: &[
        Example {
            query: r#"print strlen("hello")"#,
            output: "print_0\n5",
        },
        Example {
            query: r#"print a = strlen("día"), b = strlen(""), c = strlen(12345)"#,
            output: "a,b,c\n3,0,5",
        },
    ],
};

impl KqlFunction for StrlenFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [source] = crate::args::fixed(&DOC, args)?;
        let text = source.text();
        let length = datafusion::functions::unicode::expr_fn::character_length(text.expr);
        Ok(TypedExpr::new(length, KqlType::Int).cast_to(KqlType::Long))
    }
}
