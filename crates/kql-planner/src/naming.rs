//! Output column names, decided in one place (Kusto's rules; `kql-semantics.md` §5).
//!
//! [`output_names`] is the one entry point for the columns of `project`, `extend` and
//! `summarize` (by-keys and aggregates):
//!
//! - `name = expr` keeps its name; a second column given the same name is an error.
//! - Otherwise the expression implies a name: a column reference keeps its name, a dynamic
//!   path names itself (`d.a` → `d_a`, `arr[0]` → `arr_0`), functions that take their first
//!   argument's name do so (`tostring(x)` → `x`), and an aggregate is `<prefix>_<column>` or
//!   `<prefix>_` over an expression (`avg_x`, `count_`). An implied name that an earlier column
//!   of the same operator already has gets the smallest free numeric suffix (`set_y`,
//!   `set_y1`).
//! - Anything else is the next free `Column1`, `Column2`, …, skipping every name in use: the
//!   columns the operator keeps (for `extend`, the input's) and every given or implied name of
//!   the operator's items. So `summarize count() by v + 1` names its key `Column1`, and
//!   `extend a * 10, d.k` over columns `b, a, d` adds `Column1` and `d_k`.
//!
//! `print`'s unnamed expression at position i is `print_i` (in `operator/print.rs`).
//! DataFusion's display names (`avg(t.x)`) never reach output: every expression is aliased.

use kql_functions::{FunctionKind, FunctionRegistry};
use kql_syntax::Diagnostic;
use kql_syntax::ast::{Expr, ExprKind, Literal, ProjectItem};
use std::collections::HashSet;

/// How an item without `name =` is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Implied {
    /// A scalar column of `project`, `extend` or a `summarize` key: named by its shape.
    Scalar,
    /// A `summarize` aggregate: `<prefix>_<column>` when it is one aggregation call.
    Aggregate,
}

/// The names of one operator's output columns, one per item, in order. `kept` are the names
/// of the columns the operator keeps besides its items (for `extend`, the input's columns,
/// which an item of the same name replaces); `ColumnN` never takes one of them.
pub(crate) fn output_names<'k>(
    items: &[(&ProjectItem, Implied)],
    kept: impl Iterator<Item = &'k str>,
    functions: &FunctionRegistry,
) -> Result<Vec<String>, Diagnostic> {
    // 1. Given and implied names, before any `ColumnN` is handed out.
    let implied: Vec<Option<String>> = items
        .iter()
        .map(|(item, how)| match &item.name {
            Some(name) => Some(name.name.clone()),
            None => implied_name(&item.expr, *how, functions),
        })
        .collect();
    let mut reserved: HashSet<String> = kept.map(str::to_owned).collect();
    reserved.extend(implied.iter().flatten().cloned());
    // 2. Each item in order: given, implied (suffixed on a clash), or the next `ColumnN`.
    let mut used: HashSet<String> = HashSet::with_capacity(items.len());
    let mut next_column = 1;
    let mut names = Vec::with_capacity(items.len());
    for ((item, _), implied) in items.iter().zip(implied) {
        let name = match (&item.name, implied) {
            (Some(given), _) if used.contains(&given.name) => {
                return Err(Diagnostic::semantic(
                    format!("duplicate column name '{}'", given.name),
                    item.span,
                )
                .with_help("give the column another name with name = expression"));
            }
            (Some(given), _) => given.name.clone(),
            (None, Some(base)) if used.contains(&base) => {
                let free = |n: &usize| {
                    let candidate = format!("{base}{n}");
                    !used.contains(&candidate) && !reserved.contains(&candidate)
                };
                let n = (1..)
                    .find(free)
                    .expect("an unbounded range has a free suffix");
                format!("{base}{n}")
            }
            (None, Some(base)) => base,
            (None, None) => loop {
                let candidate = format!("Column{next_column}");
                next_column += 1;
                if !used.contains(&candidate) && !reserved.contains(&candidate) {
                    break candidate;
                }
            },
        };
        used.insert(name.clone());
        names.push(name);
    }
    Ok(names)
}

/// The name an item without `name =` gets from its expression, if any.
fn implied_name(expr: &Expr, how: Implied, functions: &FunctionRegistry) -> Option<String> {
    match how {
        Implied::Scalar => natural_name(expr, functions),
        Implied::Aggregate => {
            let mut expr = expr;
            while let ExprKind::Paren(inner) = &expr.kind {
                expr = inner;
            }
            let ExprKind::Call { name, args } = &expr.kind else {
                return None;
            };
            let function = functions.get(&name.name)?;
            // A multi-column aggregate's item is named after its first column; summarize
            // names the others.
            (function.kind() == FunctionKind::Aggregate).then(|| {
                function
                    .aggregate_column_names(&name.name, first_column_argument(args), args)
                    .into_iter()
                    .next()
                    .flatten()
            })?
        }
    }
}

/// The name an unnamed expression gets from its shape, if it has one.
fn natural_name(expr: &Expr, functions: &FunctionRegistry) -> Option<String> {
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
            } else if let (FunctionKind::Scalar, Some(prefix)) = (f.kind(), f.column_prefix()) {
                // `dcount_hll(h)` → `dcount_hll_h` (Kusto.Language's NameAndFirstArgument).
                Some(format!(
                    "{prefix}_{}",
                    natural_name(args.first()?, functions)?
                ))
            } else {
                None
            }
        }
        _ => None,
    }
}

/// The column an aggregate's first argument names, when it is a plain column (`avg_x`); an
/// expression names none (`count_`). Each function builds its names from it
/// (`KqlFunction::aggregate_column_names`: `prefix_column` or `prefix_` by default).
pub(crate) fn first_column_argument(args: &[Expr]) -> Option<&str> {
    match args.first().map(|a| &a.kind) {
        Some(ExprKind::Name(ident)) => Some(&ident.name),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names `output_names` gives `project`-like items written as KQL (`name = expr` or
    /// `expr`), with `kept` columns.
    fn names(items: &[&str], how: Implied, kept: &[&str]) -> Result<Vec<String>, String> {
        let text = format!("T | project {}", items.join(", "));
        let query = kql_syntax::parse_query(&text).expect("parses");
        let kql_syntax::ast::OperatorKind::Project(project) = &query.body.operators[0].kind else {
            panic!("a project")
        };
        let items: Vec<_> = project.items.iter().map(|i| (i, how)).collect();
        output_names(&items, kept.iter().copied(), &FunctionRegistry::builtin())
            .map_err(|d| d.message)
    }

    #[test]
    fn kusto_naming_rules() {
        use Implied::*;
        // kql-semantics.md §5: `extend a * 10, d.k` over b, a, d adds Column1 and d_k.
        assert_eq!(
            names(&["a * 10", "d.k"], Scalar, &["b", "a", "d"]).unwrap(),
            ["Column1", "d_k"]
        );
        // Generated names skip names in use, given ones included.
        assert_eq!(
            names(&["a + 1", "Column1 = b", "a * 2"], Scalar, &[]).unwrap(),
            ["Column2", "Column1", "Column3"]
        );
        assert_eq!(
            names(&["a + 1"], Scalar, &["Column1", "Column2"]).unwrap(),
            ["Column3"]
        );
        // Implied names: column, path, index, first-argument functions.
        assert_eq!(
            names(
                &["x", "d.a.b", "arr[0]", "bag['k']", "tostring(n)"],
                Scalar,
                &[]
            )
            .unwrap(),
            ["x", "d_a_b", "arr_0", "bag_k", "n"]
        );
        // A clash of implied names takes the smallest free suffix, skipping reserved names.
        assert_eq!(
            names(&["x", "x1 = 1", "x", "x"], Scalar, &[]).unwrap(),
            ["x", "x1", "x2", "x3"]
        );
        // Aggregates: prefix_column, prefix_ over an expression; clashes suffixed
        // (summarize-operator.md: set_y, set_y1).
        assert_eq!(
            names(
                &["count()", "sum(v * 2)", "max(v)", "max(v)", "n = min(v)"],
                Aggregate,
                &[]
            )
            .unwrap(),
            ["count_", "sum_", "max_v", "max_v1", "n"]
        );
        // An expression over aggregates is no single call: ColumnN.
        assert_eq!(
            names(&["count() + 1"], Aggregate, &[]).unwrap(),
            ["Column1"]
        );
        // The same given name twice is an error.
        assert_eq!(
            names(&["a = 1", "a = 2"], Scalar, &[]).unwrap_err(),
            "duplicate column name 'a'"
        );
    }
}
