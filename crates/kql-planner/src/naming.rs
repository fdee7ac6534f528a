//! Output column names, decided in one place (Kusto's rules; `kql-semantics.md` §5).
//!
//! [`output_names`] names the items of `project`, `extend`, `distinct` and `serialize`;
//! [`resolve_names`] is the rule underneath, for operators whose items yield several columns
//! (`summarize`'s `arg_max(t, *)`, `top-nested`'s two columns per level):
//!
//! - `name = expr` keeps its name; a second column given the same name is an error.
//! - Otherwise the expression implies a name: a column reference keeps its name, a dynamic
//!   path names itself (`d.a` → `d_a`, `arr[0]` → `arr_0`), functions that take their first
//!   argument's name do so (`tostring(x)` → `x`, `round(avg(x), 2)` → `avg_x`), and an
//!   aggregate is `<prefix>_<column>` or `<prefix>_` over an expression (`avg_x`, `count_`);
//!   multi-column aggregates name their columns themselves. An implied name that an earlier
//!   column of the same operator already has gets the smallest free numeric suffix (`set_y`,
//!   `set_y1`).
//! - Anything else is the next free `Column1`, `Column2`, …, skipping every name in use: the
//!   columns the operator keeps (for `extend`, the input's) and every given or implied name of
//!   the operator's items. So `summarize count() by v + 1` names its key `Column1`, and
//!   `extend a * 10, d.k` over columns `b, a, d` adds `Column1` and `d_k`.
//!
//! `print`'s unnamed expression at position i is `print_i` (in `operator/print.rs`).
//!
//! [`check_input_only`] enforces that the items of one operator see only its input's columns.
//! DataFusion's display names (`avg(t.x)`) never reach output: every expression is aliased.

use kql_functions::{FunctionKind, FunctionRegistry};
use kql_syntax::ast::{Expr, ExprKind, Ident, Literal, ProjectItem};
use kql_syntax::{Diagnostic, KqlType, Span};
use std::collections::{HashMap, HashSet};

/// How one output column asks to be named.
#[derive(Debug, Clone)]
pub(crate) enum NameRequest<'a> {
    /// `name = …` (or one name of `(a, b) = …`): this name; a second one is an error.
    Given(&'a Ident),
    /// A name implied by the expression (`x`, `avg_x`, `d_a`): suffixed on a clash.
    Implied(String),
    /// No name: the next free `ColumnN`.
    Generated,
}

/// The names of one operator's output columns, one per item, in order. `kept` are the names
/// of the columns the operator keeps besides its items (for `extend`, the input's columns,
/// which an item of the same name replaces); `ColumnN` never takes one of them.
pub(crate) fn output_names<'k>(
    items: &[ProjectItem],
    kept: impl Iterator<Item = &'k str>,
    functions: &FunctionRegistry,
) -> Result<Vec<String>, Diagnostic> {
    let requests: Vec<_> = items
        .iter()
        .map(|item| (item_request(item, functions), item.span))
        .collect();
    resolve_names(&requests, kept)
}

/// How an item asks to be named: given, implied by its expression, or generated.
pub(crate) fn item_request<'a>(
    item: &'a ProjectItem,
    functions: &FunctionRegistry,
) -> NameRequest<'a> {
    match &item.name {
        Some(name) => NameRequest::Given(name),
        None => match natural_name(&item.expr, functions) {
            Some(name) => NameRequest::Implied(name),
            None => NameRequest::Generated,
        },
    }
}

/// Resolves name requests, each with the span a duplicate-name error points at; `kept` as for
/// [`output_names`].
pub(crate) fn resolve_names<'k>(
    requests: &[(NameRequest<'_>, Span)],
    kept: impl Iterator<Item = &'k str>,
) -> Result<Vec<String>, Diagnostic> {
    // 1. Given and implied names, before any `ColumnN` is handed out.
    let mut reserved: HashSet<String> = kept.map(str::to_owned).collect();
    for (request, _) in requests {
        match request {
            NameRequest::Given(name) => reserved.insert(name.name.clone()),
            NameRequest::Implied(name) => reserved.insert(name.clone()),
            NameRequest::Generated => false,
        };
    }
    // 2. Each column in order: given, implied (suffixed on a clash), or the next `ColumnN`.
    let mut used: HashSet<String> = HashSet::with_capacity(requests.len());
    let mut next_column = 1;
    let mut names = Vec::with_capacity(requests.len());
    for (request, span) in requests {
        let name = match request {
            NameRequest::Given(given) if used.contains(&given.name) => {
                return Err(Diagnostic::semantic(
                    format!("duplicate column name '{}'", given.name),
                    *span,
                )
                .with_help("give the column another name with name = expression"));
            }
            NameRequest::Given(given) => given.name.clone(),
            NameRequest::Implied(base) if used.contains(base) => {
                let free = |n: &usize| {
                    let candidate = format!("{base}{n}");
                    !used.contains(&candidate) && !reserved.contains(&candidate)
                };
                let n = (1..)
                    .find(free)
                    .expect("an unbounded range has a free suffix");
                format!("{base}{n}")
            }
            NameRequest::Implied(base) => base.clone(),
            NameRequest::Generated => loop {
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

/// The name an unnamed expression gets from its shape, if it has one: a column's name, a
/// dynamic path (`d_a`), a first-argument function's argument name (`tostring(x)` → `x`),
/// an aggregate's `prefix_column`.
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
            } else if f.kind() == FunctionKind::Aggregate {
                // A multi-column aggregate's item is named after its first column; summarize
                // names the others.
                f.aggregate_column_names(
                    &name.name,
                    first_argument_name(args, functions).as_deref(),
                    args,
                )
                .into_iter()
                .next()
                .flatten()
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

/// The name an aggregate's first argument gives its column (`avg_x`): a column's name, a path's
/// (`make_set(d.city)` → `set_d_city`), or that of the first argument of a conversion
/// (`sum(toint(LogSeverity))` → `sum_LogSeverity`), as Kusto.Language names them; another
/// expression names none (`count_`, `sum_`). Each function builds its names from it
/// (`KqlFunction::aggregate_column_names`: `prefix_name` or `prefix_` by default).
pub(crate) fn first_argument_name(args: &[Expr], functions: &FunctionRegistry) -> Option<String> {
    natural_name(args.first()?, functions)
}

/// Kusto's names for columns gathered from several inputs (`join`'s left then right columns,
/// `lookup`'s): the first column of a name keeps it; a later one gets the smallest numeric
/// suffix that no column of the list has and no earlier rename took. So `Key, Value1, Key,
/// Value2` → `Key, Value1, Key1, Value2` (join-innerunique.md), and `c, c, c1` → `c, c2, c1`
/// (Kusto.Language's `MakeColumnNamesUnique`: a renamed column never takes a name that a column
/// of the list already has, wherever it is).
pub(crate) fn unique_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let names: Vec<&str> = names.into_iter().collect();
    let mut taken: HashSet<String> = names.iter().map(|n| (*n).to_owned()).collect();
    let mut seen: HashSet<&str> = HashSet::with_capacity(names.len());
    names
        .iter()
        .map(|&name| {
            if seen.insert(name) {
                return name.to_owned();
            }
            let n = (1..)
                .find(|n| !taken.contains(&format!("{name}{n}")))
                .expect("an unbounded range has a free suffix");
            let renamed = format!("{name}{n}");
            taken.insert(renamed.clone());
            renamed
        })
        .collect()
}

/// `union`'s output columns: each `(name, type)` of the legs once, in the order their names
/// first appear (union-operator.md; Kusto.Language's `UnifyColumnsWithSameNameAndType`). A
/// name that appears with several types becomes one column per type, named `name_type`
/// (`x_long`, `x_int`, in the order the types first appear) at the name's first position; such
/// a generated name that another column already has, or that `reserved` holds, gets the
/// smallest free numeric suffix (`x_long1`, as in the docs' example where a leg has its own
/// `x_long`). Returns the output name of every input pair, in output order.
pub(crate) fn union_names(
    columns: &[(String, KqlType)],
    reserved: &[&str],
) -> Vec<(String, KqlType, String)> {
    let mut types_of: Vec<(&str, Vec<KqlType>)> = Vec::new();
    let mut position: HashMap<&str, usize> = HashMap::with_capacity(columns.len());
    for (name, ty) in columns {
        match position.get(name.as_str()) {
            Some(&i) if !types_of[i].1.contains(ty) => types_of[i].1.push(*ty),
            Some(_) => {}
            None => {
                position.insert(name, types_of.len());
                types_of.push((name, vec![*ty]));
            }
        }
    }
    let mut taken: HashSet<String> = reserved.iter().map(|r| (*r).to_owned()).collect();
    taken.extend(
        types_of
            .iter()
            .filter(|(_, types)| types.len() == 1)
            .map(|(name, _)| (*name).to_owned()),
    );
    let mut out = Vec::with_capacity(columns.len());
    for (name, types) in &types_of {
        if let [ty] = types.as_slice() {
            out.push(((*name).to_owned(), *ty, (*name).to_owned()));
            continue;
        }
        for ty in types {
            let base = format!("{name}_{}", ty.name());
            let output = if taken.contains(&base) {
                let n = (1..)
                    .find(|n| !taken.contains(&format!("{base}{n}")))
                    .expect("an unbounded range has a free suffix");
                format!("{base}{n}")
            } else {
                base
            };
            taken.insert(output.clone());
            out.push(((*name).to_owned(), *ty, output));
        }
    }
    out
}

/// The column names `expr` refers to, in order (not function names or `.member` keys).
pub(crate) fn referenced_names(expr: &Expr) -> Vec<&Ident> {
    fn walk<'e>(expr: &'e Expr, out: &mut Vec<&'e Ident>) {
        match &expr.kind {
            ExprKind::Name(ident) => out.push(ident),
            ExprKind::Literal(_) | ExprKind::Star => {}
            ExprKind::Call { args, .. } | ExprKind::Logical { operands: args, .. } => {
                args.iter().for_each(|a| walk(a, out));
            }
            ExprKind::Binary { left, right, .. } => {
                walk(left, out);
                walk(right, out);
            }
            ExprKind::Unary { operand, .. } | ExprKind::Paren(operand) => walk(operand, out),
            ExprKind::In { target, items, .. } | ExprKind::HasAny { target, items, .. } => {
                walk(target, out);
                items.iter().for_each(|a| walk(a, out));
            }
            ExprKind::Between {
                target, low, high, ..
            } => {
                walk(target, out);
                walk(low, out);
                walk(high, out);
            }
            ExprKind::Index { target, index } => {
                walk(target, out);
                walk(index, out);
            }
            ExprKind::Member { target, .. } => walk(target, out),
            ExprKind::NamedArgument { value, .. } => walk(value, out),
            // A tabular argument's names are its own rows' columns.
            ExprKind::Tabular(_) => {}
        }
    }
    let mut out = Vec::new();
    walk(expr, &mut out);
    out
}

/// Kusto evaluates every expression of one `extend`, `project`, `summarize` (or `distinct`,
/// `serialize`) against the operator's input: `extend a = 1, b = a + 1` is an error when the
/// input has no `a` (Kusto.Language binds each item in the input's row scope), not `b = 2`.
/// This finds, in `items`, a reference to a name another item of the operator defines (its
/// given or implied name, or one of `also_defined`) that is not an input column, and explains
/// it. A name bound by a `let` or parameter (in `bound`) is not an error: the item means that.
pub(crate) fn check_input_only(
    operator: &str,
    items: &[&ProjectItem],
    also_defined: &[&Ident],
    input: &[crate::scope::Column],
    bound: &crate::bindings::Scope,
    functions: &FunctionRegistry,
) -> Result<(), Diagnostic> {
    let defined: Vec<Option<String>> = items
        .iter()
        .map(|item| match &item.name {
            Some(name) => Some(name.name.clone()),
            None => natural_name(&item.expr, functions),
        })
        .collect();
    for (i, item) in items.iter().enumerate() {
        for ident in referenced_names(&item.expr) {
            // An item's own name is no help to it: `project a` over no `a` is unknown.
            let by_other = defined
                .iter()
                .enumerate()
                .any(|(j, d)| j != i && d.as_deref() == Some(ident.name.as_str()))
                || also_defined.iter().any(|n| n.name == ident.name);
            // A `let` or parameter of the name is what the reference means then.
            let is_bound = matches!(
                bound.lookup(&ident.name),
                crate::bindings::Lookup::Found { .. }
            );
            if by_other && !is_bound && !input.iter().any(|c| c.name == ident.name) {
                return Err(Diagnostic::semantic(
                    format!(
                        "'{}' is defined by this {operator}, whose expressions see only its \
                         input's columns",
                        ident.name
                    ),
                    ident.span,
                )
                .with_label("not a column of the input")
                .with_help(format!(
                    "compute it in an earlier operator: | extend {} = … | {operator} …",
                    ident.name
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names `output_names` gives `project`-like items written as KQL (`name = expr` or
    /// `expr`), with `kept` columns.
    fn names(items: &[&str], kept: &[&str]) -> Result<Vec<String>, String> {
        let text = format!("T | project {}", items.join(", "));
        let query = kql_syntax::parse_query(&text).expect("parses");
        let kql_syntax::ast::OperatorKind::Project(project) = &query.body.operators[0].kind else {
            panic!("a project")
        };
        output_names(
            &project.items,
            kept.iter().copied(),
            &FunctionRegistry::builtin(),
        )
        .map_err(|d| d.message)
    }

    #[test]
    fn names_from_several_inputs() {
        // join-innerunique.md: the right key becomes Key1.
        assert_eq!(
            unique_names(["Key", "Value1", "Key", "Value2"]),
            ["Key", "Value1", "Key1", "Value2"]
        );
        // A rename skips names that any column has, earlier or later.
        assert_eq!(unique_names(["c", "c", "c1"]), ["c", "c2", "c1"]);
        assert_eq!(unique_names(["a", "a", "a"]), ["a", "a1", "a2"]);
    }

    #[test]
    fn union_names_by_name_and_type() {
        use KqlType::{Int, Long, String};
        let col = |n: &str, t| (n.to_owned(), t);
        let outputs = |cols: &[(std::string::String, KqlType)], reserved: &[&str]| {
            union_names(cols, reserved)
                .into_iter()
                .map(|(_, _, o)| o)
                .collect::<Vec<_>>()
        };
        // union-operator.md: View_1 has x:long, View_2 x:int → x_long, x_int.
        assert_eq!(
            outputs(&[col("x", Long), col("x", Int)], &["TableName"]),
            ["x_long", "x_int"]
        );
        // …and with View_3's own x_long, the generated one becomes x_long1, in place.
        assert_eq!(
            outputs(
                &[col("x", Long), col("x", Int), col("x_long", Long)],
                &["TableName"]
            ),
            ["x_long1", "x_int", "x_long"]
        );
        // Same name and type: one column; order of first appearance.
        assert_eq!(
            outputs(
                &[
                    col("a", String),
                    col("x", Long),
                    col("a", String),
                    col("b", Int)
                ],
                &[]
            ),
            ["a", "x", "b"]
        );
        // All types of a name sit at the name's first position.
        assert_eq!(
            outputs(&[col("x", Long), col("a", String), col("x", String)], &[]),
            ["x_long", "x_string", "a"]
        );
    }

    #[test]
    fn kusto_naming_rules() {
        // kql-semantics.md §5: `extend a * 10, d.k` over b, a, d adds Column1 and d_k.
        assert_eq!(
            names(&["a * 10", "d.k"], &["b", "a", "d"]).unwrap(),
            ["Column1", "d_k"]
        );
        // Generated names skip names in use, given ones included.
        assert_eq!(
            names(&["a + 1", "Column1 = b", "a * 2"], &[]).unwrap(),
            ["Column2", "Column1", "Column3"]
        );
        assert_eq!(
            names(&["a + 1"], &["Column1", "Column2"]).unwrap(),
            ["Column3"]
        );
        // Implied names: column, path, index, first-argument functions.
        assert_eq!(
            names(&["x", "d.a.b", "arr[0]", "bag['k']", "tostring(n)"], &[]).unwrap(),
            ["x", "d_a_b", "arr_0", "bag_k", "n"]
        );
        // A clash of implied names takes the smallest free suffix, skipping reserved names.
        assert_eq!(
            names(&["x", "x1 = 1", "x", "x"], &[]).unwrap(),
            ["x", "x1", "x2", "x3"]
        );
        // Aggregates: prefix_column, prefix_ over an expression; clashes suffixed
        // (summarize-operator.md: set_y, set_y1).
        assert_eq!(
            names(
                &["count()", "sum(v * 2)", "max(v)", "max(v)", "n = min(v)"],
                &[]
            )
            .unwrap(),
            ["count_", "sum_", "max_v", "max_v1", "n"]
        );
        // An expression over aggregates is no single call: ColumnN.
        assert_eq!(names(&["count() + 1"], &[]).unwrap(), ["Column1"]);
        // The same given name twice is an error.
        assert_eq!(
            names(&["a = 1", "a = 2"], &[]).unwrap_err(),
            "duplicate column name 'a'"
        );
    }
}
