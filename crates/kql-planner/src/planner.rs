//! [`KqlToPlan`]: the planner struct, declared once; operators add `impl` blocks in
//! `operator/`, statements in `statement.rs`, user-function calls in `function.rs`.

use crate::bindings::Scope;
use crate::catalog::PlanCatalog;
use crate::operator::render::Visualization;
use crate::scope::Column;
use crate::window::mark_serialized;
use datafusion::logical_expr::{LogicalPlan, LogicalPlanBuilder};
use kql_functions::{CallContext, FunctionRegistry};
use kql_syntax::ast::{Operator, OperatorKind, Pipeline, Query, Source};
use kql_syntax::{Diagnostic, Span};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

/// A planned query: the DataFusion plan and the KQL columns of its result, in output order.
#[derive(Debug, Clone)]
pub struct PlannedQuery {
    /// The logical plan; its output schema has exactly [`PlannedQuery::columns`], in order.
    pub plan: LogicalPlan,
    /// The result columns with their KQL types (which decide how values are rendered).
    pub columns: Vec<Column>,
    /// Things the user should know that do not stop the query (a `union isfuzzy=true` leg that
    /// names no table), in the order they were found.
    pub warnings: Vec<String>,
    /// The chart the query asks for: its last operator is `render` (`render timechart with
    /// (title="…")`). The rows are the same with or without it.
    pub visualization: Option<Visualization>,
}

/// An intermediate result while planning: the plan so far and its KQL columns.
#[derive(Debug, Clone)]
pub(crate) struct Relation {
    pub(crate) plan: LogicalPlan,
    pub(crate) columns: Vec<Column>,
}

impl Relation {
    /// A builder over the plan so far.
    pub(crate) fn builder(&self) -> LogicalPlanBuilder {
        LogicalPlanBuilder::from(self.plan.clone())
    }
}

/// Turns DataFusion's builder errors (which only a kqlake bug can cause, since names and types
/// were checked first) into internal diagnostics.
pub(crate) fn internal(e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::internal(e)
}

/// Plans KQL against a catalog of tables.
///
/// The names a query binds (`let`, function parameters, `as`) live in `scope`: planning a
/// function body or the rest of a pipeline after `as` uses a copy of the planner with another
/// scope (`with_scope`), so operators receive a relation and resolve names through
/// `self` without knowing about `let`.
pub struct KqlToPlan<'a, C: PlanCatalog> {
    pub(crate) catalog: &'a C,
    pub(crate) functions: &'a FunctionRegistry,
    pub(crate) call_context: CallContext,
    /// The names in scope, innermost first.
    pub(crate) scope: Scope,
    /// Whether `toscalar()` and `materialize()` may run sub-plans through the catalog now
    /// (off while checking `let`s the query never uses).
    pub(crate) evaluate: bool,
    /// Query parameter values (`kql query --param name=value`), as given.
    pub(crate) parameters: &'a [(String, String)],
    /// A declared query parameter with neither a value nor a default is a typed null instead
    /// of an error (`kql check`, which plans queries without their parameter values).
    pub(crate) unset_parameters_are_null: bool,
    /// User-function calls expanded so far in this query (shared by every scope), bounded by
    /// [`crate::function::MAX_EXPANSIONS`].
    pub(crate) expansions: Arc<AtomicUsize>,
    /// Warnings gathered while planning, returned with the plan (shared by every scope).
    pub(crate) warnings: Rc<RefCell<Vec<String>>>,
    /// The window calls of the operator being planned, when it allows them (`window.rs`).
    pub(crate) windows: RefCell<Option<crate::window::WindowCalls>>,
    /// Whether the input of the operator being planned is serialized (set by
    /// `pipeline_to_plan` before each operator).
    pub(crate) input_serialized: Cell<bool>,
    /// The span of the `render` that ends the query's own pipeline, if any: the one `render`
    /// whose chart the query returns (others draw nothing, with a warning).
    pub(crate) final_render: Option<Span>,
}

impl<'a, C: PlanCatalog> KqlToPlan<'a, C> {
    /// A planner whose `now()` is `now_nanos` (nanoseconds since the Unix epoch).
    pub fn new(catalog: &'a C, functions: &'a FunctionRegistry, now_nanos: i64) -> Self {
        KqlToPlan {
            catalog,
            functions,
            call_context: CallContext { now_nanos },
            scope: Scope::default(),
            evaluate: true,
            parameters: &[],
            unset_parameters_are_null: false,
            expansions: Arc::new(AtomicUsize::new(0)),
            warnings: Rc::new(RefCell::new(Vec::new())),
            windows: RefCell::new(None),
            input_serialized: Cell::new(false),
            final_render: None,
        }
    }

    /// The values of query parameters (`declare query_parameters(…)`), as `(name, KQL text)`
    /// pairs: each is read as a KQL literal of its declared type (a `string` parameter's text
    /// is the string itself unless it is a quoted literal).
    pub fn with_parameters(mut self, parameters: &'a [(String, String)]) -> Self {
        self.parameters = parameters;
        self
    }

    /// Plans a declared query parameter that has neither a value nor a default as a null of its
    /// type (`""` for a string), for checking queries without their parameter values.
    pub fn with_unset_parameters_as_null(mut self) -> Self {
        self.unset_parameters_are_null = true;
        self
    }

    /// A copy of this planner that resolves names in `scope`.
    pub(crate) fn with_scope(&self, scope: Scope) -> Self {
        KqlToPlan {
            catalog: self.catalog,
            functions: self.functions,
            call_context: self.call_context,
            scope,
            evaluate: self.evaluate,
            parameters: self.parameters,
            unset_parameters_are_null: self.unset_parameters_are_null,
            expansions: Arc::clone(&self.expansions),
            warnings: Rc::clone(&self.warnings),
            windows: RefCell::new(None),
            input_serialized: Cell::new(false),
            final_render: self.final_render,
        }
    }

    /// Plans a whole query.
    pub fn query_to_plan(&self, query: &Query) -> Result<PlannedQuery, Diagnostic> {
        // 1. `set` statements: request properties for the whole query (`query_now` pins
        //    now(), `query_take_max_records` limits the result).
        let options = self.set_options(&query.statements)?;
        let mut planner = self.with_scope(self.scope.clone());
        if let Some(now) = options.now_nanos {
            planner.call_context.now_nanos = now;
        }
        let render = match query.body.operators.last() {
            Some(Operator {
                kind: OperatorKind::Render(render),
                span,
            }) => {
                planner.final_render = Some(*span);
                Some(Visualization::from_render(render))
            }
            _ => None,
        };
        // 2. `--param` values must be declared by the query.
        planner.check_parameters_declared(query)?;
        // 3. `let` and `declare` statements bind names, in order, for what follows.
        let (planner, lets) = planner.statements_to_scope(&query.statements)?;
        // 4. The query's tabular expression.
        let mut relation = planner.pipeline_to_plan(&query.body)?;
        // 5. `let`s nothing used are still checked, as Kusto does, without running anything.
        planner.check_unused(&lets)?;
        // 6. `set query_take_max_records = N` keeps the first N rows.
        if let Some(limit) = options.take_max_records {
            relation = limit_relation(relation, limit)?;
        }
        Ok(PlannedQuery {
            plan: relation.plan,
            columns: relation.columns,
            warnings: self.warnings.take(),
            visualization: render,
        })
    }

    /// Adds a warning for the user, once however often the same text is found (a `let` body
    /// is planned at each use).
    pub(crate) fn warn(&self, warning: String) {
        let mut warnings = self.warnings.borrow_mut();
        if !warnings.contains(&warning) {
            warnings.push(warning);
        }
    }

    /// Plans a pipeline: the whole query's, or a nested one (the right side of `join`, a leg of
    /// `union`, a `let` value): its source, then each operator over the result so far. `as X`
    /// binds `X` for the operators after it (a join's right side, say).
    pub(crate) fn pipeline_to_plan(&self, pipeline: &Pipeline) -> Result<Relation, Diagnostic> {
        Ok(self.serialized_pipeline_to_plan(pipeline)?.0)
    }

    /// Plans a pipeline, and tells whether its rows are serialized (`window.rs`).
    fn serialized_pipeline_to_plan(
        &self,
        pipeline: &Pipeline,
    ) -> Result<(Relation, bool), Diagnostic> {
        let (mut relation, mut serialized) = match &pipeline.source {
            Source::Range(range) => (mark_serialized(self.range_to_plan(range)?)?, true),
            Source::Paren(inner) => self.serialized_pipeline_to_plan(inner)?,
            source => (self.source_to_plan(source)?, false),
        };
        let mut bound: Option<KqlToPlan<'a, C>> = None;
        for operator in &pipeline.operators {
            let planner = bound.as_ref().unwrap_or(self);
            planner.input_serialized.set(serialized);
            serialized = crate::window::serialized_after(&operator.kind, serialized);
            if let OperatorKind::As(as_) = &operator.kind {
                let (named, scope) = planner.as_to_plan(as_, relation, operator.span)?;
                relation = named;
                let next = planner.with_scope(scope);
                bound = Some(next);
                continue;
            }
            relation = planner.operator_to_plan(operator, relation)?;
            if matches!(
                operator.kind,
                OperatorKind::Serialize(_) | OperatorKind::GetSchema(_)
            ) {
                relation = mark_serialized(relation)?;
            }
        }
        Ok((relation, serialized))
    }

    /// Plans a pipeline's source.
    fn source_to_plan(&self, source: &Source) -> Result<Relation, Diagnostic> {
        match source {
            // A `let` name, a parameter or a zero-argument function; else a table.
            Source::Table(name) => self.named_table_to_plan(name),
            Source::Print(print) => self.print_to_plan(print),
            Source::Datatable(table) => self.datatable_to_plan(table),
            Source::Union(union) => self.union_to_plan(union, None),
            Source::Externaldata(externaldata) => self.externaldata_to_plan(externaldata),
            Source::Range(range) => self.range_to_plan(range),
            Source::Search(search) => self.search_to_plan(search, None),
            Source::Paren(pipeline) => self.pipeline_to_plan(pipeline),
            Source::Call(call) => self.call_source_to_plan(call),
            Source::Workspace(table) => self.workspace_table_to_plan(table),
        }
    }

    /// Plans one operator over `input`.
    pub(crate) fn operator_to_plan(
        &self,
        operator: &Operator,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        // One line per operator; each plans in its own file, `operator/<name>.rs`.
        match &operator.kind {
            // `as` binds a name for what follows: `pipeline_to_plan` plans it.
            OperatorKind::As(as_) => Ok(self.as_to_plan(as_, input, operator.span)?.0),
            OperatorKind::Consume(consume) => self.consume_to_plan(consume, input),
            OperatorKind::Count(count) => self.count_to_plan(count, input),
            OperatorKind::Distinct(distinct) => self.distinct_to_plan(distinct, input),
            OperatorKind::Evaluate(evaluate) => self.evaluate_to_plan(evaluate, input),
            OperatorKind::Extend(extend) => self.extend_to_plan(extend, input),
            OperatorKind::Facet(facet) => self.facet_to_plan(facet, input),
            OperatorKind::GetSchema(getschema) => self.getschema_to_plan(getschema, input),
            OperatorKind::Invoke(invoke) => self.invoke_to_plan(invoke, input, operator.span),
            OperatorKind::Join(join) => self.join_to_plan(join, input),
            OperatorKind::Lookup(lookup) => self.lookup_to_plan(lookup, input),
            OperatorKind::MakeSeries(series) => self.make_series_to_plan(series, input),
            OperatorKind::MvApply(node) => self.mv_apply_to_plan(node, input),
            OperatorKind::MvExpand(node) => self.mv_expand_to_plan(node, input),
            OperatorKind::Parse(parse) => self.parse_to_plan(parse, input, true),
            OperatorKind::ParseKv(node) => self.parse_kv_to_plan(node, input),
            OperatorKind::ParseWhere(parse) => self.parse_to_plan(&parse.parse, input, false),
            OperatorKind::Project(project) => self.project_to_plan(project, input),
            OperatorKind::ProjectAway(away) => self.project_away_to_plan(away, input),
            OperatorKind::ProjectKeep(keep) => self.project_keep_to_plan(keep, input),
            OperatorKind::ProjectRename(rename) => self.project_rename_to_plan(rename, input),
            OperatorKind::ProjectReorder(reorder) => self.project_reorder_to_plan(reorder, input),
            OperatorKind::Render(render) => self.render_to_plan(render, input, operator.span),
            OperatorKind::Sample(sample) => self.sample_to_plan(sample, input),
            OperatorKind::SampleDistinct(sample) => self.sample_distinct_to_plan(sample, input),
            OperatorKind::Search(search) => self.search_to_plan(search, Some(input)),
            OperatorKind::Serialize(serialize) => self.serialize_to_plan(serialize, input),
            OperatorKind::Sort(sort) => self.sort_to_plan(sort, input),
            OperatorKind::Summarize(summarize) => self.summarize_to_plan(summarize, input),
            OperatorKind::Take(take) => self.take_to_plan(take, input),
            OperatorKind::Top(top) => self.top_to_plan(top, input),
            OperatorKind::TopNested(top) => self.top_nested_to_plan(top, input),
            OperatorKind::Union(union) => self.union_to_plan(union, Some(input)),
            OperatorKind::Where(where_) => self.where_to_plan(where_, input),
        }
    }
}

/// The first `limit` rows of `relation`.
fn limit_relation(relation: Relation, limit: usize) -> Result<Relation, Diagnostic> {
    let plan = relation
        .builder()
        .limit(0, Some(limit))
        .and_then(|b| b.build())
        .map_err(internal)?;
    Ok(Relation {
        plan,
        columns: relation.columns,
    })
}

/// Plans `query` against `catalog` with `now()` pinned to `now_nanos`.
pub fn query_to_plan<C: PlanCatalog>(
    query: &Query,
    catalog: &C,
    functions: &FunctionRegistry,
    now_nanos: i64,
) -> Result<PlannedQuery, Diagnostic> {
    KqlToPlan::new(catalog, functions, now_nanos).query_to_plan(query)
}
