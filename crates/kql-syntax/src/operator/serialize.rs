//! `serialize`: mark the rows as ordered (for window functions), optionally adding columns.

use super::{OperatorName, named_expression_list, write_list};
use crate::ast::{OperatorKind, ProjectItem};
use crate::parser::lexical::ws;
use crate::parser::{Input, PResult};
use std::fmt;

/// `serialize [Name = Expr, …]`: the input, in its order, with the items added as `extend`
/// adds them.
#[derive(Debug, Clone, PartialEq)]
pub struct Serialize {
    /// The columns to add or replace (often none).
    pub items: Vec<ProjectItem>,
}

/// `serialize` [Name1 `=` Expr1 [`,` Name2 `=` Expr2]…].
///
/// ```ebnf
/// serialize_operator ::= "serialize" [named_expression_list]
/// ```
pub(crate) fn serialize_operator(
    _name: OperatorName,
    input: Input<'_>,
) -> PResult<'_, OperatorKind> {
    let (at, ()) = ws(input)?;
    if at.fragment().is_empty() || at.starts_with(['|', ')', ';']) {
        return Ok((
            input,
            OperatorKind::Serialize(Serialize { items: Vec::new() }),
        ));
    }
    let (rest, items) =
        named_expression_list(input, "expected a column or expression after 'serialize'")?;
    Ok((rest, OperatorKind::Serialize(Serialize { items })))
}

/// `serialize` / `serialize rn = x`.
impl fmt::Display for Serialize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("serialize")?;
        if !self.items.is_empty() {
            f.write_str(" ")?;
            write_list(f, &self.items)?;
        }
        Ok(())
    }
}
