//! `consume`: runs its input and returns none of its rows.

use super::OperatorName;
use super::operand::{ParameterValue, operator_parameters};
use crate::Diagnostic;
use crate::ast::OperatorKind;
use crate::parser::lexical::SyntaxError;
use crate::parser::{Input, PResult};
use std::fmt;

/// `consume [decodeblocks=true|false]`: the input is read to its end; no row comes out.
#[derive(Debug, Clone, PartialEq)]
pub struct Consume {
    /// `decodeblocks=…` if written (Kusto decodes every value with `true`; kqlake always reads
    /// the values its input needs, so it changes nothing).
    pub decode_blocks: Option<bool>,
}

/// `consume`, with its one optional parameter.
///
/// ```ebnf
/// consume_operator ::= "consume" [operator_parameter]   (* decodeblocks=true|false *)
/// ```
pub(crate) fn consume_operator(_name: OperatorName, input: Input<'_>) -> PResult<'_, OperatorKind> {
    let (rest, parameters) = operator_parameters(input)?;
    let mut decode_blocks = None;
    for parameter in parameters {
        match (parameter.name.as_str(), &parameter.value) {
            ("decodeblocks", ParameterValue::Bool(b)) if decode_blocks.is_none() => {
                decode_blocks = Some(*b);
            }
            ("decodeblocks", _) => {
                return Err(nom::Err::Failure(SyntaxError::new(Diagnostic::syntax(
                    "expected true or false after 'decodeblocks=' (once)",
                    parameter.value_span,
                ))));
            }
            (other, _) => {
                return Err(nom::Err::Failure(SyntaxError::new(
                    Diagnostic::syntax(
                        format!("unknown consume parameter '{other}'"),
                        parameter.name_span,
                    )
                    .with_help("consume takes one parameter, decodeblocks=true|false"),
                )));
            }
        }
    }
    Ok((rest, OperatorKind::Consume(Consume { decode_blocks })))
}

/// `consume` or `consume decodeblocks=true`.
impl fmt::Display for Consume {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("consume")?;
        if let Some(b) = self.decode_blocks {
            write!(f, " decodeblocks={b}")?;
        }
        Ok(())
    }
}
