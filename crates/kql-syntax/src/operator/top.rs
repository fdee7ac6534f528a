//! `top N by Expr [asc|desc] [nulls first|last]`: the first N rows by one key.

use super::OperatorName;
use super::sort::{SortKey, sort_key};
use crate::ast::{Expr, OperatorKind};
use crate::parser::expr::expression;
use crate::parser::lexical::{expected_failure, keyword, punct, require};
use crate::parser::{Input, PResult};
use std::fmt;

/// `top 5 by x desc`: `sort by x desc | take 5`, with sort's defaults (`desc`, nulls last).
#[derive(Debug, Clone, PartialEq)]
pub struct Top {
    /// The row count.
    pub count: Expr,
    /// The one sort key.
    pub key: SortKey,
}

/// `top` NumberOfRows `by` Expression [`asc` | `desc`] [`nulls first` | `nulls last`]. Kusto
/// takes one key (Kusto.Language parses a single ordered expression); a second is an error
/// suggesting `sort by … | take N`.
///
/// ```ebnf
/// top_operator ::= "top" expression "by" sort_key
/// ```
pub(crate) fn top_operator(name: OperatorName, input: Input<'_>) -> PResult<'_, OperatorKind> {
    let (rest, count) = require(expression(input), input, || {
        format!("expected a row count after '{name}'")
    })?;
    let Ok((after_by, _)) = keyword("by")(rest) else {
        return Err(expected_failure(
            &format!("expected 'by' after the row count of '{name}'"),
            rest,
        ));
    };
    let (rest, key) = require(sort_key(after_by), after_by, || {
        "expected a sort key after 'by'".to_owned()
    })?;
    if let Ok((_, comma)) = punct(",")(rest) {
        return Err(nom::Err::Failure(crate::parser::lexical::SyntaxError::new(
            crate::Diagnostic::syntax("top takes one sort key", comma)
                .with_help("for several keys write sort by a, b | take N"),
        )));
    }
    Ok((rest, OperatorKind::Top(Top { count, key })))
}

/// `top 5 by x desc`.
impl fmt::Display for Top {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "top {} by {}", self.count, self.key)
    }
}
