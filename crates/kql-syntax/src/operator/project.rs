//! `project`: choose, rename and compute the output columns.

use super::OperatorName;
use super::extend::{items_with_tuples, write_items_with_tuples};
use crate::ast::{Ident, OperatorKind, ProjectItem};
use crate::parser::{Input, PResult};
use std::fmt;

/// `project a, b = expr, expr, (c, d) = series_fit_line(y)`: exactly these columns, in this
/// order.
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    /// The output columns, in order.
    pub items: Vec<ProjectItem>,
    /// For each item, the names of `(c, d) = …` (the first columns of a function that yields
    /// several); empty for an ordinary item.
    pub tuples: Vec<Vec<Ident>>,
}

/// `project a, b = c, d * 2, (s, i) = series_fit_line(y)`: the output columns, in order.
///
/// ```ebnf
/// project_operator ::= "project" extend_item ("," extend_item)*
/// ```
pub(crate) fn project_operator(_name: OperatorName, input: Input<'_>) -> PResult<'_, OperatorKind> {
    let (rest, (items, tuples)) = items_with_tuples(
        input,
        "project",
        "expected a column or expression after ','",
    )?;
    Ok((rest, OperatorKind::Project(Project { items, tuples })))
}

/// `project a, b = c, (s, i) = series_fit_line(y)`.
impl fmt::Display for Project {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("project ")?;
        write_items_with_tuples(f, &self.items, &self.tuples)
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::assert_round_trip;

    #[test]
    fn tuples_round_trip() {
        assert_round_trip("T | project (rs, si) = series_fit_2lines(y), a, b = c + 1");
    }
}
