//! Output column names, decided in one place (Kusto's rules; `kql-semantics.md` §5).
//!
//! - A column reference keeps its name; a dynamic path names itself (`d.a` → `d_a`,
//!   `arr[0]` → `arr_0`).
//! - Functions that take their first argument's name do so (`tostring(x)` → `x`).
//! - Unnamed aggregates are `<prefix>_<column>` or `<prefix>_` (`avg_x`, `count_`).
//! - `print`'s unnamed expression at position i is `print_i`.
//! - Anything else is `Column1`, `Column2`, … skipping names in use; clashes of generated names
//!   take the smallest free numeric suffix (`set_y`, `set_y1`).
//!
//! DataFusion's display names (`avg(t.x)`) never reach output: every expression is aliased.

use kql_functions::FunctionRegistry;
use kql_syntax::ast::{Expr, ExprKind, Literal};

/// The name an unnamed expression gets from its shape, if it has one.
pub(crate) fn natural_name(expr: &Expr, functions: &FunctionRegistry) -> Option<String> {
    match &expr.kind {
        ExprKind::Name(ident) => Some(ident.name.clone()),
        ExprKind::Paren(inner) => natural_name(inner, functions),
        ExprKind::Member { target, name } => Some(format!(
            "{}_{}",
            natural_name(target, functions)?,
            name.name
        )),
        ExprKind::Index { target, index } => {
            let key = match &index.kind {
                ExprKind::Literal(Literal::Long(i)) => i.to_string(),
                ExprKind::Literal(Literal::String(s)) => s.clone(),
                _ => return None,
            };
            Some(format!("{}_{}", natural_name(target, functions)?, key))
        }
        ExprKind::Call { name, args } => {
            let f = functions.get(&name.name)?;
            if f.takes_first_argument_name() {
                natural_name(args.first()?, functions)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// The name of an unnamed aggregate: `prefix_column`, or `prefix_` over an expression.
pub(crate) fn aggregate_name(prefix: &str, args: &[Expr]) -> String {
    match args.first().map(|a| &a.kind) {
        Some(ExprKind::Name(ident)) => format!("{prefix}_{}", ident.name),
        _ => format!("{prefix}_"),
    }
}

/// Hands out generated names (`Column1`, …) and de-duplicates generated names.
#[derive(Debug, Default)]
pub(crate) struct Namer {
    taken: Vec<String>,
    next_column: usize,
}

impl Namer {
    /// A namer aware of the names already in use.
    pub(crate) fn new<'a>(taken: impl Iterator<Item = &'a str>) -> Namer {
        Namer {
            taken: taken.map(str::to_owned).collect(),
            next_column: 1,
        }
    }

    /// `base`, or `base1`, `base2`, … if taken; records the result.
    pub(crate) fn unique(&mut self, base: &str) -> String {
        let mut candidate = base.to_owned();
        let mut n = 1;
        while self.taken.contains(&candidate) {
            candidate = format!("{base}{n}");
            n += 1;
        }
        self.taken.push(candidate.clone());
        candidate
    }

    /// The next free `ColumnN`.
    pub(crate) fn column(&mut self) -> String {
        loop {
            let candidate = format!("Column{}", self.next_column);
            self.next_column += 1;
            if !self.taken.contains(&candidate) {
                self.taken.push(candidate.clone());
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_names_skip_taken_ones() {
        let mut namer = Namer::new(["Column1", "set_y"].into_iter());
        assert_eq!(namer.column(), "Column2");
        assert_eq!(namer.unique("set_y"), "set_y1");
        assert_eq!(namer.unique("set_y"), "set_y2");
    }
}
