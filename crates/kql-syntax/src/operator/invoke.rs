//! `invoke`: call a tabular function with the input as its first tabular argument.

use super::OperatorName;
use crate::ast::{Expr, Ident, OperatorKind};
use crate::parser::expr::call_arguments;
use crate::parser::lexical::{expected_failure, plain_name, punct, require};
use crate::parser::{Input, PResult};
use std::fmt;

/// `invoke f(args)`: `T | invoke f(1)` is `f(T, 1)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Invoke {
    /// The function (a user-defined function with a tabular first parameter).
    pub function: Ident,
    /// The arguments after the first, in order (named ones are `ExprKind::NamedArgument`).
    pub args: Vec<Expr>,
}

/// `invoke`: the function and its remaining arguments.
///
/// ```ebnf
/// invoke_operator ::= "invoke" plain_name call_arguments
/// ```
pub(crate) fn invoke_operator(_name: OperatorName, input: Input<'_>) -> PResult<'_, OperatorKind> {
    let (after_name, function) = require(plain_name(input), input, || {
        "expected a function call after 'invoke'".to_owned()
    })?;
    let Ok((after_open, open)) = punct("(")(after_name) else {
        return Err(expected_failure(
            &format!("expected '(' and the arguments after 'invoke {function}'"),
            after_name,
        ));
    };
    let (rest, args) = call_arguments(after_open, open, &function)?;
    Ok((rest, OperatorKind::Invoke(Invoke { function, args })))
}

/// `invoke f(a, b)`.
impl fmt::Display for Invoke {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invoke {}(", self.function.name)?;
        super::write_list(f, &self.args)?;
        f.write_str(")")
    }
}
