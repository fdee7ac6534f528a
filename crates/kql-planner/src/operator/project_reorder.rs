//! `project-reorder b, a* asc`: the listed columns first, in the listed order, then the others
//! in input order.
//!
//! A wildcard's matches keep the input order unless ordered: `asc`/`desc` by name ignoring
//! ASCII case, `granny-asc`/`granny-desc` comparing runs of digits as numbers (`a20` before
//! `a100`). A column listed (or matched) again stays where it first appeared. The comparisons
//! are Kusto.Language's (`Binder_Projection.cs`, `StringAndNumberComparer`).

use super::project_away::pattern_columns;
use crate::catalog::PlanCatalog;
use crate::planner::{KqlToPlan, Relation};
use kql_syntax::Diagnostic;
use kql_syntax::ast::{ColumnOrder, ProjectReorder};
use std::cmp::Ordering;

/// `a` and `b` compared ignoring ASCII case, byte by byte on the upper-cased text.
fn ignore_case(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|c| c.to_ascii_uppercase())
        .cmp(b.bytes().map(|c| c.to_ascii_uppercase()))
}

/// The "granny" order: text segments compared ignoring ASCII case, digit runs compared as
/// numbers (a longer run is larger; equal lengths compare digit by digit), and a digit against
/// a non-digit by their characters.
fn granny(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (a_digit, b_digit) = (a[i].is_ascii_digit(), b[j].is_ascii_digit());
        if a_digit && b_digit {
            let a_len = a[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            let b_len = b[j..].iter().take_while(|c| c.is_ascii_digit()).count();
            let order = a_len
                .cmp(&b_len)
                .then_with(|| a[i..i + a_len].cmp(&b[j..j + b_len]));
            if order != Ordering::Equal {
                return order;
            }
            i += a_len;
            j += b_len;
        } else if !a_digit && !b_digit {
            let common = a[i..]
                .iter()
                .zip(&b[j..])
                .take_while(|(x, y)| !x.is_ascii_digit() && !y.is_ascii_digit())
                .count();
            let upper = |s: &[u8]| s.iter().map(u8::to_ascii_uppercase).collect::<Vec<_>>();
            let order = upper(&a[i..i + common]).cmp(&upper(&b[j..j + common]));
            if order != Ordering::Equal {
                return order;
            }
            i += common;
            j += common;
        } else {
            return a[i].cmp(&b[j]);
        }
    }
    (a.len() - i).cmp(&(b.len() - j))
}

impl<C: PlanCatalog> KqlToPlan<'_, C> {
    /// Plans `project-reorder`.
    pub(crate) fn project_reorder_to_plan(
        &self,
        reorder: &ProjectReorder,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        let mut order: Vec<usize> = Vec::with_capacity(input.columns.len());
        for column in &reorder.columns {
            let mut matched: Vec<usize> = pattern_columns(&column.pattern, &input.columns)?
                .into_iter()
                .filter(|i| !order.contains(i))
                .collect();
            let name = |i: &usize| input.columns[*i].name.as_str();
            // Stable sorts: equal names keep the input order, as LINQ's OrderBy does.
            match column.order {
                None => {}
                Some(ColumnOrder::Asc) => matched.sort_by(|a, b| ignore_case(name(a), name(b))),
                Some(ColumnOrder::Desc) => matched.sort_by(|a, b| ignore_case(name(b), name(a))),
                Some(ColumnOrder::GrannyAsc) => matched.sort_by(|a, b| granny(name(a), name(b))),
                Some(ColumnOrder::GrannyDesc) => {
                    matched.sort_by(|a, b| granny(name(b), name(a)));
                }
            }
            order.extend(matched);
        }
        let rest: Vec<usize> = (0..input.columns.len())
            .filter(|i| !order.contains(i))
            .collect();
        order.extend(rest);
        let columns = order.iter().map(|&i| input.columns[i].clone()).collect();
        input.select(columns)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn granny_compares_digit_runs_as_numbers() {
        // project-reorder-operator.md: `a20` comes before `a100` with granny-asc.
        assert_eq!(granny("a20", "a100"), Ordering::Less);
        assert_eq!(ignore_case("a20", "a100"), Ordering::Greater);
        assert_eq!(granny("A2", "a10"), Ordering::Less);
        assert_eq!(granny("a2b", "a2"), Ordering::Greater);
        assert_eq!(granny("x1", "x1"), Ordering::Equal);
        assert_eq!(ignore_case("B", "a"), Ordering::Greater);
        assert_eq!(ignore_case("b", "A"), Ordering::Greater);
    }
}
