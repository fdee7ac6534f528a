//! `getschema`: one row per input column, describing it (name, ordinal, .NET type, KQL type).

use super::OperatorName;
use super::operand::operator_parameter;
use crate::ast::OperatorKind;
use crate::parser::lexical::{syntax_failure, unsupported_failure};
use crate::parser::{Input, PResult};
use std::fmt;

/// `getschema`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GetSchema;

/// `getschema`: the schema of the input as a table.
///
/// ```ebnf
/// getschema_operator ::= "getschema"
/// ```
///
/// `getschema kind=csl` (the schema as one string) is valid KQL, rejected by name.
pub(crate) fn getschema_operator(
    name: OperatorName,
    input: Input<'_>,
) -> PResult<'_, OperatorKind> {
    match operator_parameter(input) {
        Ok((_, parameter)) if parameter.name == "kind" => Err(unsupported_failure(
            format!("'{name} {parameter}'"),
            parameter.span(),
        )),
        Ok((_, parameter)) => Err(syntax_failure(
            format!("unknown {name} parameter '{}'", parameter.name),
            parameter.name_span,
        )),
        Err(nom::Err::Error(_)) => Ok((input, OperatorKind::GetSchema(GetSchema))),
        Err(e) => Err(e),
    }
}

/// `getschema`.
impl fmt::Display for GetSchema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("getschema")
    }
}

#[cfg(test)]
mod tests {
    use crate::DiagnosticKind::{Syntax, Unsupported};
    use crate::testing::{assert_error, assert_round_trip};

    #[test]
    fn getschema_takes_no_arguments() {
        assert_round_trip("T | getschema | take 1");
        assert_error(
            "T | getschema «kind=csl»",
            Unsupported,
            "'getschema kind=csl' is not supported yet",
        );
        assert_error(
            "T | getschema «x»=1",
            Syntax,
            "unknown getschema parameter 'x'",
        );
        assert_error("T | getschema «x»", Syntax, "unexpected 'x'");
    }
}
