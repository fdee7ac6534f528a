//! [`KqlToPlan`]: the planner struct, declared once; operators add `impl` blocks in
//! `operator/`.

use crate::catalog::PlanCatalog;
use crate::scope::Column;
use datafusion::logical_expr::{LogicalPlan, LogicalPlanBuilder};
use kql_functions::{CallContext, FunctionRegistry};
use kql_syntax::Diagnostic;
use kql_syntax::ast::{Operator, OperatorKind, Pipeline, Query, Source};
use std::cell::RefCell;

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
pub struct KqlToPlan<'a, C: PlanCatalog> {
    pub(crate) catalog: &'a C,
    pub(crate) functions: &'a FunctionRegistry,
    pub(crate) call_context: CallContext,
    /// Warnings gathered while planning, returned with the plan.
    pub(crate) warnings: RefCell<Vec<String>>,
}

impl<'a, C: PlanCatalog> KqlToPlan<'a, C> {
    /// A planner whose `now()` is `now_nanos` (nanoseconds since the Unix epoch).
    pub fn new(catalog: &'a C, functions: &'a FunctionRegistry, now_nanos: i64) -> Self {
        KqlToPlan {
            catalog,
            functions,
            call_context: CallContext { now_nanos },
            warnings: RefCell::new(Vec::new()),
        }
    }

    /// Plans a whole query.
    pub fn query_to_plan(&self, query: &Query) -> Result<PlannedQuery, Diagnostic> {
        let relation = self.pipeline_to_plan(&query.body)?;
        Ok(PlannedQuery {
            plan: relation.plan,
            columns: relation.columns,
            warnings: self.warnings.take(),
        })
    }

    /// Plans a pipeline: the whole query, or a nested one (the right side of `join`, a leg of
    /// `union`).
    pub(crate) fn pipeline_to_plan(&self, pipeline: &Pipeline) -> Result<Relation, Diagnostic> {
        // 1. The source: a table scan with its columns normalised to the KQL layout, an inline
        //    `print` / `datatable`, a `union` of tables, or `externaldata` files.
        let mut relation = match &pipeline.source {
            Source::Table(name) => self.table_to_plan(name)?,
            Source::Print(print) => self.print_to_plan(print)?,
            Source::Datatable(table) => self.datatable_to_plan(table)?,
            Source::Union(union) => self.union_to_plan(union, None)?,
            Source::Externaldata(externaldata) => self.externaldata_to_plan(externaldata)?,
        };
        // 2. Each operator in turn, checking names and types against the columns so far.
        for operator in &pipeline.operators {
            relation = self.operator_to_plan(operator, relation)?;
        }
        Ok(relation)
    }

    /// Plans one operator over `input`.
    fn operator_to_plan(
        &self,
        operator: &Operator,
        input: Relation,
    ) -> Result<Relation, Diagnostic> {
        // One line per operator; each plans in its own file, `operator/<name>.rs`.
        match &operator.kind {
            OperatorKind::Count(count) => self.count_to_plan(count, input),
            OperatorKind::Distinct(distinct) => self.distinct_to_plan(distinct, input),
            OperatorKind::Extend(extend) => self.extend_to_plan(extend, input),
            OperatorKind::GetSchema(getschema) => self.getschema_to_plan(getschema, input),
            OperatorKind::Join(join) => self.join_to_plan(join, input),
            OperatorKind::Lookup(lookup) => self.lookup_to_plan(lookup, input),
            OperatorKind::Project(project) => self.project_to_plan(project, input),
            OperatorKind::ProjectAway(away) => self.project_away_to_plan(away, input),
            OperatorKind::ProjectKeep(keep) => self.project_keep_to_plan(keep, input),
            OperatorKind::ProjectRename(rename) => self.project_rename_to_plan(rename, input),
            OperatorKind::ProjectReorder(reorder) => self.project_reorder_to_plan(reorder, input),
            OperatorKind::Sample(sample) => self.sample_to_plan(sample, input),
            OperatorKind::SampleDistinct(sample) => self.sample_distinct_to_plan(sample, input),
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

/// Plans `query` against `catalog` with `now()` pinned to `now_nanos`.
pub fn query_to_plan<C: PlanCatalog>(
    query: &Query,
    catalog: &C,
    functions: &FunctionRegistry,
    now_nanos: i64,
) -> Result<PlannedQuery, Diagnostic> {
    KqlToPlan::new(catalog, functions, now_nanos).query_to_plan(query)
}
