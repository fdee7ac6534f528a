//! `string_size(source)`: a string's size in bytes (UTF-8).

use crate::args::fixed;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::functions::string::expr_fn::octet_length;
use kql_syntax::KqlType;

/// `string_size`: see [`DOC`].
pub(crate) struct StringSizeFunc;

/// The reference entry of `string_size`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "string_size",
    aliases: &[],
    category: "string",
    syntax: "string_size(source)",
    description: "The number of bytes of source in UTF-8 (strlen counts characters): \
        string_size(\"⒦⒰⒮⒯⒪\") is 15. A non-string is converted with tostring() first.",
    returns: "long",
    examples: &[Example {
        query: r#"print size = string_size("hello"), symbols = string_size("⒦⒰⒮⒯⒪")"#,
        output: "size,symbols\n5,15",
    }],
};

impl KqlFunction for StringSizeFunc {
    fn doc(&self) -> &'static FunctionDoc {
        &DOC
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [source] = fixed(&DOC, args)?;
        let size = TypedExpr::new(octet_length(source.text().expr), KqlType::Int);
        Ok(size.cast_to(KqlType::Long))
    }
}
