//! `tolong(value)`, `toint(value)`, `toreal(value)` (alias `todouble`), `todecimal(value)`:
//! numbers from strings, numbers, bools and dynamic values; **null on failure**, never an error (SQL's CAST fails the
//! query).

use crate::args::fixed;
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use kql_syntax::KqlType;

/// One of the numeric conversions: see each `DOC`.
pub(crate) struct ToNumberFunc {
    doc: &'static FunctionDoc,
    to: KqlType,
}

/// `tolong`.
pub(crate) const TOLONG: ToNumberFunc = ToNumberFunc {
    doc: &TOLONG_DOC,
    to: KqlType::Long,
};
/// `toint`.
pub(crate) const TOINT: ToNumberFunc = ToNumberFunc {
    doc: &TOINT_DOC,
    to: KqlType::Int,
};
/// `toreal`.
pub(crate) const TOREAL: ToNumberFunc = ToNumberFunc {
    doc: &TOREAL_DOC,
    to: KqlType::Real,
};

/// `todecimal`.
pub(crate) const TODECIMAL: ToNumberFunc = ToNumberFunc {
    doc: &TODECIMAL_DOC,
    to: KqlType::Decimal,
};

const TODECIMAL_DOC: FunctionDoc = FunctionDoc {
    name: "todecimal",
    aliases: &[],
    category: "conversion",
    syntax: "todecimal(value)",
    description: "value as a decimal: a string holding a number is parsed exactly (\"123.45678\"), \
        an int, long or real converted, true is 1. Anything that does not convert gives null, \
        never an error: text that is not a number, NaN, the infinities and values of 10^20 or \
        more (kqlake keeps 18 digits after the point and 20 before it, rounding half away from \
        zero). A dynamic value converts as its text.",
    returns: "decimal; null when the conversion fails",
    examples: &[Example {
        query: r#"print a = todecimal("123.45678") == decimal(123.45678), b = todecimal("x"), c = todecimal(3), d = todecimal(0.5), e = todecimal(dynamic("2.25"))"#,
        output: "a,b,c,d,e\ntrue,,3,0.5,2.25",
    }],
};

const TOLONG_DOC: FunctionDoc = FunctionDoc {
    name: "tolong",
    aliases: &[],
    category: "conversion",
    syntax: "tolong(value)",
    description: "value as a long: a string holding an integer is parsed, a real is truncated \
        toward zero, true is 1. Anything that does not convert gives null, never an error. A \
        dynamic value converts as its text.",
    returns: "long; null when the conversion fails",
    examples: &[Example {
        query: r#"print a = tolong("12"), b = tolong("abc"), c = tolong(2.9), d = tolong(true), e = tolong(split("7/x", "/")[0])"#,
        output: "a,b,c,d,e\n12,,2,1,7",
    }],
};

const TOINT_DOC: FunctionDoc = FunctionDoc {
    name: "toint",
    aliases: &[],
    category: "conversion",
    syntax: "toint(value)",
    description: "value as an int (32-bit), with tolong()'s rules; values out of the int range \
        give null.",
    returns: "int; null when the conversion fails",
    examples: &[Example {
        query: r#"print a = toint("12"), b = toint("abc"), c = toint(2.9), d = toint("3000000000")"#,
        output: "a,b,c,d\n12,,2,",
    }],
};

const TOREAL_DOC: FunctionDoc = FunctionDoc {
    name: "toreal",
    aliases: &["todouble"],
    category: "conversion",
    syntax: "toreal(value)",
    description: "value as a real: strings are parsed (\"1.5\", \"1e3\"), numbers widened, true \
        is 1. Anything that does not convert gives null.",
    returns: "real; null when the conversion fails",
    examples: &[Example {
        query: r#"print a = toreal("1.5"), b = todouble("x"), c = toreal(3), d = toreal("87.5")"#,
        output: "a,b,c,d\n1.5,,3,87.5",
    }],
};

impl KqlFunction for ToNumberFunc {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn takes_first_argument_name(&self) -> bool {
        true
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [value] = fixed(self.doc, args)?;
        let expr = match value.kql_type() {
            // Arrow casts no bool to a decimal: through long (true is 1).
            KqlType::Bool if self.to == KqlType::Decimal => {
                value
                    .any()
                    .try_cast_to(KqlType::Long)
                    .try_cast_to(KqlType::Decimal)
                    .expr
            }
            t if t.is_numeric() || matches!(t, KqlType::Bool | KqlType::String | KqlType::Guid) => {
                value.any().try_cast_to(self.to).expr
            }
            KqlType::Dynamic => {
                // A JSON number or a JSON string holding one: parse its text; a real-valued
                // number is truncated like tolong(real).
                let text = value.text();
                if matches!(self.to, KqlType::Real | KqlType::Decimal) {
                    text.try_cast_to(self.to).expr
                } else {
                    datafusion::functions::core::expr_fn::coalesce(vec![
                        text.clone().try_cast_to(self.to).expr,
                        text.try_cast_to(KqlType::Real).try_cast_to(self.to).expr,
                    ])
                }
            }
            other => {
                return Err(value.error(format!("a {other} is not supported yet")));
            }
        };
        Ok(TypedExpr::new(expr, self.to))
    }
}
