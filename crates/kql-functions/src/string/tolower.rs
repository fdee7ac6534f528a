//! `tolower(source)` and `toupper(source)`: change a string's case.

use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::functions::string::expr_fn::{lower, upper};
use kql_syntax::KqlType;

/// `tolower` or `toupper`: see their `DOC`s.
pub(crate) struct CaseFunc {
    doc: &'static FunctionDoc,
    to_upper: bool,
}

/// `tolower`.
pub(crate) const TOLOWER: CaseFunc = CaseFunc {
    doc: &TOLOWER_DOC,
    to_upper: false,
};
/// `toupper`.
pub(crate) const TOUPPER: CaseFunc = CaseFunc {
    doc: &TOUPPER_DOC,
    to_upper: true,
};

const TOLOWER_DOC: FunctionDoc = FunctionDoc {
    name: "tolower",
    aliases: &[],
    category: "string",
    syntax: "tolower(source)",
    description: "source in lower case. A non-string argument is converted with tostring() \
        first.",
    returns: "string",
    examples: &[Example {
        query: r#"print tolower("Hello"), x = tolower("STANDARD_D1_V2")"#,
        output: "print_0,x\nhello,standard_d1_v2",
    }],
};

const TOUPPER_DOC: FunctionDoc = FunctionDoc {
    name: "toupper",
    aliases: &[],
    category: "string",
    syntax: "toupper(source)",
    description: "source in upper case. A non-string argument is converted with tostring() \
        first.",
    returns: "string",
    examples: &[Example {
        query: r#"print toupper("hello"), x = toupper("/subscriptions/a1")"#,
        output: "print_0,x\nHELLO,/SUBSCRIPTIONS/A1",
    }],
};

impl KqlFunction for CaseFunc {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [source] = crate::args::fixed(self.doc, args)?;
        let text = source.text().expr;
        let expr = if self.to_upper {
            upper(text)
        } else {
            lower(text)
        };
        Ok(TypedExpr::new(expr, KqlType::String))
    }
}
