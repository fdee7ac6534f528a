//! The function registry: how the planner finds a KQL function and asks it for an expression.
//!
//! A KQL function is more than a DataFusion UDF: it has KQL overloads (checked on KQL types,
//! which are finer than Arrow's: `string`, `guid` and `dynamic` share `Utf8`), an output-column
//! naming rule, and documentation. [`KqlFunction`] captures all of it; a function may compile to
//! a DataFusion built-in, a kqlake UDF, or a literal (`now()` is pinned per query).

use crate::TypedExpr;
use crate::aggregate::{AggregateArg, AggregateColumn};
use datafusion::logical_expr::Expr;
use kql_syntax::KqlType;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// What a call needs from the query beyond its arguments.
#[derive(Debug, Clone, Copy)]
pub struct CallContext {
    /// The query's `now()`, in nanoseconds since the Unix epoch: one value for the whole query.
    pub now_nanos: i64,
}

/// Scalar functions run per row; aggregates only inside `summarize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunctionKind {
    /// Row by row.
    Scalar,
    /// Over the rows of a group.
    Aggregate,
    /// Over the rows around the current one in a serialized row set (`prev`, `row_number`):
    /// planned with [`KqlFunction::plan_window`].
    Window,
}

/// A documented example: a query and its expected output in the CLI's CSV contract (header
/// included). Each one runs as a test.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    /// The query, self-contained (`print`, `datatable`).
    pub query: &'static str,
    /// The expected CSV output, header row first, `\n`-separated.
    pub output: &'static str,
}

/// A KQL function's reference entry, kept beside its code so the two cannot drift.
#[derive(Debug, Clone, Copy)]
pub struct FunctionDoc {
    /// The KQL name, matched exactly.
    pub name: &'static str,
    /// Other names Kusto accepts (deprecated spellings).
    pub aliases: &'static [&'static str],
    /// `string`, `datetime`, `conversion`, `dynamic`, `aggregate`.
    pub category: &'static str,
    /// `split(source, delimiter [, requestedIndex])`.
    pub syntax: &'static str,
    /// What it does, including Kusto rules that differ from SQL.
    pub description: &'static str,
    /// The return type and null rules.
    pub returns: &'static str,
    /// Executed examples.
    pub examples: &'static [Example],
}

/// An error in a call's arguments, pointing at the argument when `arg` is set. The message
/// names the function (`split(): expected a string for 'delimiter', found long`); the planner
/// adds the documented syntax as a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionError {
    /// Lower-case message, starting with the function's name.
    pub message: String,
    /// The 0-based argument at fault, if one is.
    pub arg: Option<usize>,
    /// The function's documented syntax: `split(source, delimiter [, requestedIndex])`.
    pub syntax: &'static str,
}

impl FunctionError {
    /// An error about the call as a whole (wrong argument count).
    pub fn call(doc: &FunctionDoc, message: impl fmt::Display) -> FunctionError {
        FunctionError {
            message: format!("{}(): {message}", doc.name),
            arg: None,
            syntax: doc.syntax,
        }
    }

    /// An error about argument `arg` (0-based).
    pub fn arg(doc: &FunctionDoc, arg: usize, message: impl fmt::Display) -> FunctionError {
        FunctionError {
            arg: Some(arg),
            ..FunctionError::call(doc, message)
        }
    }
}

impl fmt::Display for FunctionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// An aggregate's plan: the DataFusion aggregate expression, how many output columns it
/// yields, and how to finish them (e.g. `sum` of no rows is `0` in KQL, `NULL` in DataFusion).
#[derive(Debug, Clone)]
pub struct AggregatePlan {
    /// The aggregate expression (a DataFusion `AggregateFunction`).
    pub aggregate: Expr,
    /// The KQL type of the finished column (of each, when there are several).
    pub kql_type: KqlType,
    /// How many columns the call yields: 1, or one per percentile for
    /// `percentiles(x, 50, 95)`. All of them are read from the one aggregate's value by
    /// `finish`, which is then required.
    pub columns: usize,
    /// Applied after aggregation to the aggregate's value to give output column `i`
    /// (0-based); `None` for a single column that is the value itself.
    pub finish: Option<fn(Expr, usize) -> Expr>,
}

impl AggregatePlan {
    /// One column of type `kql_type`: the aggregate's value itself.
    pub fn new(aggregate: Expr, kql_type: KqlType) -> AggregatePlan {
        AggregatePlan {
            aggregate,
            kql_type,
            columns: 1,
            finish: None,
        }
    }

    /// The same plan, finishing its column(s) with `finish`.
    pub fn with_finish(self, finish: fn(Expr, usize) -> Expr) -> AggregatePlan {
        AggregatePlan {
            finish: Some(finish),
            ..self
        }
    }
}

/// A KQL function: its documentation, overload checks and compilation to DataFusion.
pub trait KqlFunction: Send + Sync {
    /// Its reference entry.
    fn doc(&self) -> &'static FunctionDoc;

    /// Scalar or aggregate.
    fn kind(&self) -> FunctionKind {
        FunctionKind::Scalar
    }

    /// The prefix of an unnamed aggregate's column (`avg` → `avg_x`, `count` → `count_`); for
    /// a scalar function, set when an unnamed call is named `<prefix>_<first argument's
    /// name>` (`dcount_hll(h)` → `dcount_hll_h`).
    fn column_prefix(&self) -> Option<&'static str> {
        None
    }

    /// The default names of an unnamed aggregate call's output columns, one per column
    /// (`None`: a generated `ColumnN`). `call` is the name the query used, `first` the name
    /// of the first argument when it is a column (`None` for any other expression), `args`
    /// the call's arguments as written. By default `<prefix>_<first>` or `<prefix>_`
    /// (`avg_x`, `count_`); `percentiles(x, 50, 99.9)` gives `percentile_x_50` and
    /// `percentile_x_99_9`.
    fn aggregate_column_names(
        &self,
        call: &str,
        first: Option<&str>,
        args: &[kql_syntax::ast::Expr],
    ) -> Vec<Option<String>> {
        let _ = args;
        let prefix = self.column_prefix().unwrap_or(call);
        vec![Some(format!("{prefix}_{}", first.unwrap_or_default()))]
    }

    /// True when an unnamed call takes its first argument's name (`tostring(x)` → `x`).
    fn takes_first_argument_name(&self) -> bool {
        false
    }

    /// Checks the arguments and builds a scalar expression.
    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        ctx: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let _ = (args, ctx);
        Err(FunctionError::call(
            self.doc(),
            "an aggregation function: use it in summarize",
        ))
    }

    /// True for a scalar function that yields several columns (`series_stats(x)`): the
    /// planner calls [`KqlFunction::plan_columns`] for it when it stands alone as an unnamed
    /// item of `extend` or `project`.
    fn yields_scalar_columns(&self) -> bool {
        false
    }

    /// Checks the arguments of a multi-column scalar function and builds its columns, each
    /// with the suffix of its name (`min` in `series_stats_x_min`).
    fn plan_columns(
        &self,
        args: Vec<TypedExpr>,
    ) -> Result<Vec<(&'static str, TypedExpr)>, FunctionError> {
        let _ = args;
        Err(FunctionError::call(self.doc(), "yields one column"))
    }

    /// Checks the arguments of a window function and builds its DataFusion window expression
    /// (no `PARTITION BY`, no `ORDER BY`: the planner computes it over the serialized rows in
    /// their order, see `window/mod.rs`).
    fn plan_window(&self, args: Vec<TypedExpr>) -> Result<TypedExpr, FunctionError> {
        let _ = args;
        Err(FunctionError::call(self.doc(), "not a window function"))
    }

    /// Plans `f(args)[index]` in one step, when the function can do better than building its
    /// whole result and indexing into it: `split(s, "/")[8]` picks one piece without building
    /// a JSON array per row. `None` (the default) lets the planner index the planned call like
    /// any dynamic value. Called only with arguments that `plan_scalar` would accept or reject
    /// the same way, so an optimisation never hides an error.
    fn plan_indexed(
        &self,
        args: &[TypedExpr],
        index: &TypedExpr,
        ctx: &CallContext,
    ) -> Option<TypedExpr> {
        let _ = (args, index, ctx);
        None
    }

    /// Checks the arguments and builds an aggregate whose result depends on the order of its
    /// input (`make_list`: Kusto keeps the order of sorted input), given the order the rows
    /// arrive sorted in (empty when they are not). By default the order does not matter and
    /// this is [`KqlFunction::plan_aggregate`].
    fn plan_aggregate_in_order(
        &self,
        args: Vec<TypedExpr>,
        order: &[datafusion::logical_expr::SortExpr],
    ) -> Result<AggregatePlan, FunctionError> {
        let _ = order;
        self.plan_aggregate(args)
    }

    /// Checks the arguments and builds an aggregate.
    fn plan_aggregate(&self, args: Vec<TypedExpr>) -> Result<AggregatePlan, FunctionError> {
        let _ = args;
        Err(FunctionError::call(
            self.doc(),
            "not an aggregation function",
        ))
    }

    /// True for an aggregate that yields several columns and names them itself
    /// (`arg_max(t, a, b)` gives `t`, `a`, `b`; `percentiles(x, 50, 95)` gives
    /// `percentile_x_50`, `percentile_x_95`): the planner calls
    /// [`KqlFunction::plan_aggregate_columns`] for it, never `plan_aggregate`.
    fn yields_columns(&self) -> bool {
        false
    }

    /// True when `*` may stand among the arguments for the input's columns (`arg_max(t, *)`,
    /// `take_any(*)`). The planner expands it before calling
    /// [`KqlFunction::plan_aggregate_columns`]: every input column except the group keys and
    /// the columns an earlier argument of the call already returns.
    fn accepts_star(&self) -> bool {
        false
    }

    /// Checks the arguments of a multi-column aggregate and builds its columns, in order,
    /// each with the name it implies (the planner keeps it unless the query names the column,
    /// and makes clashing names unique with a numeric suffix).
    fn plan_aggregate_columns(
        &self,
        args: Vec<AggregateArg>,
    ) -> Result<Vec<AggregateColumn>, FunctionError> {
        let _ = args;
        Err(FunctionError::call(self.doc(), "yields one column"))
    }
}

/// Every KQL function kqlake knows, by name and alias.
#[derive(Clone)]
pub struct FunctionRegistry {
    functions: BTreeMap<&'static str, Arc<dyn KqlFunction>>,
}

impl fmt::Debug for FunctionRegistry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.functions.keys()).finish()
    }
}

impl FunctionRegistry {
    /// The registry of all built-in functions.
    ///
    /// # Panics
    /// Never on user input: only if two built-ins share a name or alias, which the unit test
    /// `names_and_aliases_are_unique` rules out.
    pub fn builtin() -> FunctionRegistry {
        let mut registry = FunctionRegistry {
            functions: BTreeMap::new(),
        };
        let all = crate::aggregate::functions()
            .into_iter()
            .chain(crate::conversion::functions())
            .chain(crate::datetime::functions())
            .chain(crate::dynamic::functions())
            .chain(crate::ip::functions())
            .chain(crate::logical::functions())
            .chain(crate::math::functions())
            .chain(crate::string::functions())
            .chain(crate::tabular::functions())
            .chain(crate::series::functions())
            .chain(crate::window::functions());
        for function in all {
            registry.register(function);
        }
        registry
    }

    fn register(&mut self, function: Arc<dyn KqlFunction>) {
        let doc = function.doc();
        for name in std::iter::once(doc.name).chain(doc.aliases.iter().copied()) {
            let previous = self.functions.insert(name, Arc::clone(&function));
            assert!(previous.is_none(), "duplicate KQL function name '{name}'");
        }
    }

    /// The function called `name`, matched exactly (KQL is case-sensitive).
    pub fn get(&self, name: &str) -> Option<&Arc<dyn KqlFunction>> {
        self.functions.get(name)
    }

    /// When `name` is a Kusto function kqlake knows but does not run: what more there is to
    /// say about it (possibly nothing). `None` for a built function or an unknown name.
    pub fn not_supported(&self, name: &str) -> Option<&'static str> {
        if self.get(name).is_some() {
            return None;
        }
        crate::not_supported::not_supported(name)
    }

    /// Every registered name and alias, sorted.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.functions.keys().copied()
    }

    /// Each function once (aliases folded), sorted by name.
    pub fn functions(&self) -> impl Iterator<Item = &Arc<dyn KqlFunction>> + '_ {
        self.functions
            .iter()
            .filter(|(name, f)| **name == f.doc().name)
            .map(|(_, f)| f)
    }

    /// The reference entries of the operators that are implemented here but written as
    /// operators (`has`, `contains`, `matches regex`, …); their examples run as tests too.
    pub fn operator_docs(&self) -> Vec<&'static FunctionDoc> {
        crate::string::operator_docs()
    }

    /// The function reference, generated from every function's [`FunctionDoc`]: by category,
    /// then by name, each with its syntax, aliases, description, return type and examples
    /// with their expected output (what `kql functions` prints).
    pub fn reference(&self) -> String {
        use std::fmt::Write;
        let mut docs: Vec<&FunctionDoc> = self.functions().map(|f| f.doc()).collect();
        docs.extend(self.operator_docs());
        docs.sort_by_key(|d| (d.category, d.name));
        let mut out = String::new();
        let mut category = "";
        for doc in docs {
            if doc.category != category {
                category = doc.category;
                let _ = writeln!(out, "## {category}\n");
            }
            let _ = writeln!(out, "{}", doc.syntax);
            if !doc.aliases.is_empty() {
                let _ = writeln!(out, "    aliases: {}", doc.aliases.join(", "));
            }
            let _ = writeln!(out, "    {}", doc.description);
            let _ = writeln!(out, "    returns {}", doc.returns);
            for example in doc.examples {
                let _ = writeln!(out, "    example: {}", example.query);
                for line in example.output.lines() {
                    let _ = writeln!(out, "        {line}");
                }
            }
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aliases_are_unique() {
        // `builtin` asserts uniqueness while registering.
        let registry = FunctionRegistry::builtin();
        assert!(registry.get("ago").is_some());
        assert!(registry.get("Ago").is_none(), "names are case-sensitive");
    }

    #[test]
    fn the_reference_lists_every_function_with_syntax_and_example() {
        let registry = FunctionRegistry::builtin();
        let reference = registry.reference();
        for f in registry.functions() {
            let doc = f.doc();
            assert!(reference.contains(doc.syntax), "{}", doc.name);
            assert!(
                reference.contains(&format!("example: {}", doc.examples[0].query)),
                "{}",
                doc.name
            );
        }
    }

    #[test]
    fn every_function_documents_an_example() {
        for f in FunctionRegistry::builtin().functions() {
            let doc = f.doc();
            assert!(!doc.examples.is_empty(), "{} has no example", doc.name);
            assert!(
                !doc.description.is_empty(),
                "{} has no description",
                doc.name
            );
        }
    }
}
