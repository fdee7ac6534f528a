//! `as`: bind a name to the operator's input, for the rest of the query to refer to.

use super::OperatorName;
use crate::ast::{Ident, OperatorKind};
use crate::parser::lexical::{keyword, name, punct, require, syntax_failure, word};
use crate::parser::{Input, PResult};
use std::fmt;

/// `as [hint.materialized = true] Name`.
#[derive(Debug, Clone, PartialEq)]
pub struct As {
    /// The bound name.
    pub name: Ident,
    /// `hint.materialized = true`: the value is evaluated once, as by `materialize()`.
    pub materialized: bool,
}

/// `as`: names its input; the pipeline continues with the input unchanged.
///
/// ```ebnf
/// as_operator ::= "as" ["hint.materialized" "=" ("true" | "false")] name
/// ```
pub(crate) fn as_operator(_name: OperatorName, input: Input<'_>) -> PResult<'_, OperatorKind> {
    let hint = keyword("hint")(input)
        .ok()
        .and_then(|(after_hint, _)| punct(".")(after_hint).ok());
    let (rest, materialized) = match hint {
        Some((after_dot, _)) => {
            let (after_word, (text, span)) = require(word(after_dot), after_dot, || {
                "expected 'materialized' after 'hint.'".to_owned()
            })?;
            if text != "materialized" {
                return Err(syntax_failure(
                    format!("unknown hint 'hint.{text}' of 'as': expected 'hint.materialized'"),
                    span,
                ));
            }
            let (after_eq, _) = require(punct("=")(after_word), after_word, || {
                "expected '=' after 'hint.materialized'".to_owned()
            })?;
            match word(after_eq) {
                Ok((rest, ("true", _))) => (rest, true),
                Ok((rest, ("false", _))) => (rest, false),
                _ => {
                    return Err(crate::parser::lexical::expected_failure(
                        "expected true or false after 'hint.materialized ='",
                        after_eq,
                    ));
                }
            }
        }
        None => (input, false),
    };
    let (rest, bound) = require(name(rest), rest, || "expected a name after 'as'".to_owned())?;
    Ok((
        rest,
        OperatorKind::As(As {
            name: bound,
            materialized,
        }),
    ))
}

/// `as X` or `as hint.materialized = true X`.
impl fmt::Display for As {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("as ")?;
        if self.materialized {
            f.write_str("hint.materialized = true ")?;
        }
        write!(f, "{}", self.name)
    }
}
