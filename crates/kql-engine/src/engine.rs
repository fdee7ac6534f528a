//! [`Engine`]: discovery, session, planning and execution behind one type.

use crate::catalog::{QueryTables, documented_only_tables};
use crate::error::EngineError;
use crate::evaluate::EvaluatingCatalog;
use crate::memory::{self, JoinAlgorithm, MemoryOptions};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::execution::session_state::SessionState;
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::prelude::{DataFrame, SessionConfig, SessionContext};
use futures::{StreamExt, TryStreamExt};
use kql_exports::{ExportCatalog, ListingScope, ListingStats, ScanOptions, ScanReport, ScanStats};
use kql_functions::FunctionRegistry;
use kql_planner::{Column, KqlToPlan, PlannedQuery};
use std::path::PathBuf;
use std::sync::Arc;

/// How to open an [`Engine`].
#[derive(Debug, Clone, Default)]
pub struct EngineOptions {
    /// Export roots, files or folders (`--data`, repeatable). Empty: only self-contained
    /// queries can run.
    pub data: Vec<PathBuf>,
    /// The query's `now()` in nanoseconds since the Unix epoch (`--now`); the wall clock when
    /// `None`.
    pub now_nanos: Option<i64>,
    /// Reader options (`--strict`).
    pub scan: ScanOptions,
    /// Parallel partitions; the number of cores when `None`.
    pub target_partitions: Option<usize>,
}

/// A query's complete result: its KQL columns and its rows.
#[derive(Debug, Clone)]
pub struct QueryResult {
    /// The columns, in output order, with KQL types.
    pub columns: Vec<Column>,
    /// The rows.
    pub batches: Vec<RecordBatch>,
}

/// The query engine: one per process (or per `.kqltest` file).
pub struct Engine {
    exports: Option<ExportCatalog>,
    functions: FunctionRegistry,
    session: SessionContext,
    now_nanos: i64,
    joins: JoinAlgorithm,
    memory_limit: Option<usize>,
}

impl Engine {
    /// Discovers the exports under `options.data` and prepares a session (no memory limit).
    pub fn open(options: EngineOptions) -> Result<Engine, EngineError> {
        Engine::open_with_memory(options, &MemoryOptions::default())
    }

    /// [`Engine::open`] with a memory limit and spill folder for the queries' operators
    /// (`kql query --memory-limit`, `--temp-dir`; see [`crate::memory`]).
    pub fn open_with_memory(
        options: EngineOptions,
        memory: &MemoryOptions,
    ) -> Result<Engine, EngineError> {
        Engine::open_scoped(options, memory, &ListingScope::default())
    }

    /// [`Engine::open_with_memory`] for one query: discovery lists only what `scope` says the
    /// query can read ([`crate::listing_scope::listing_scope`]); other tables may be missing.
    pub fn open_scoped(
        options: EngineOptions,
        memory: &MemoryOptions,
        scope: &ListingScope,
    ) -> Result<Engine, EngineError> {
        let exports = if options.data.is_empty() {
            None
        } else {
            Some(ExportCatalog::discover_in(
                &options.data,
                options.scan,
                scope,
            )?)
        };
        let partitions = options
            .target_partitions
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, usize::from));
        let mut config = SessionConfig::new()
            .with_target_partitions(partitions)
            .with_batch_size(8192);
        // Parquet tables are listed recursively: exports are deep folder trees.
        config
            .options_mut()
            .execution
            .listing_table_ignore_subdirectory = false;
        // Parquet files are not read while planning. With statistics collected, DataFusion
        // reads the footer of every file of a scanned table while planning each query, and
        // takes the files' sort order (`kql convert` writes TimeGenerated order) as the scan's,
        // which keeps each file in the partition it was planned in: once the files outside
        // `ago(5d)` were skipped, the remaining ones all sat in one partition and one core read
        // them (Q1 of the side-by-side was slower with pruning than without). Without, an idle
        // partition takes the next file, and row groups are still pruned by their statistics
        // when a file is opened.
        config.options_mut().execution.collect_statistics = false;
        // Parquet: row groups and pages are pruned by their statistics and the page index,
        // unless --no-pruning. Whether filters are evaluated while decoding (late
        // materialisation) is decided per scan, by how selective they are
        // (`kql_exports` ParquetFiles::with_column_sizes): the session's switch, which would
        // turn it on for every scan, stays off.
        let parquet = &mut config.options_mut().execution.parquet;
        let prune = !options.scan.no_pruning;
        parquet.pruning = prune;
        parquet.enable_page_index = prune;
        parquet.bloom_filter_on_read = prune;
        parquet.pushdown_filters = false;
        memory::fit_reservations(config.options_mut(), memory.limit, partitions);
        let runtime = memory::runtime_env(memory)?;
        let now_nanos = options
            .now_nanos
            .unwrap_or_else(|| chrono::Utc::now().timestamp_nanos_opt().unwrap_or(i64::MAX));
        Ok(Engine {
            exports,
            functions: FunctionRegistry::builtin(),
            session: SessionContext::new_with_config_rt(config, runtime),
            now_nanos,
            joins: JoinAlgorithm::default(),
            memory_limit: memory.limit,
        })
    }

    /// This engine running its equi-joins with `joins` (hash joins first, re-run as sort-merge
    /// joins when they run out of memory, by default; see [`crate::memory`]).
    pub fn with_joins(mut self, joins: JoinAlgorithm) -> Engine {
        self.joins = joins;
        self
    }

    /// The query's pinned `now()`, in nanoseconds since the Unix epoch.
    pub fn now_nanos(&self) -> i64 {
        self.now_nanos
    }

    /// The function registry (for `kql functions` and the doc-example tests).
    pub fn functions(&self) -> &FunctionRegistry {
        &self.functions
    }

    /// The tables found under `--data`, sorted (the documented tables are
    /// [`kql_schemas::table_names`]).
    pub fn table_names(&self) -> Vec<String> {
        self.exports
            .as_ref()
            .map(ExportCatalog::table_names)
            .unwrap_or_default()
    }

    /// The table of this name under `--data`: its files, their layouts and its provider
    /// (`kql tables`, `kql convert`).
    pub fn export_table(&self, name: &str) -> Option<&kql_exports::ExportTable> {
        self.exports.as_ref()?.table(name)
    }

    /// Warnings from discovery (ignored or empty files).
    pub fn warnings(&self) -> Vec<String> {
        self.exports
            .as_ref()
            .map(ExportCatalog::warnings)
            .unwrap_or_default()
    }

    /// Data problems the scans met so far (skipped lines, failed conversions).
    pub fn report(&self) -> Option<ScanReport> {
        self.exports.as_ref().map(ExportCatalog::report)
    }

    /// What a scoped discovery left unwalked (`kql query --stats`); `None` without exports.
    pub fn listing_stats(&self) -> Option<ListingStats> {
        self.exports.as_ref().map(ExportCatalog::listing_stats)
    }

    /// The work the JSON scans did so far (`kql query --stats`).
    pub fn stats(&self) -> Option<ScanStats> {
        self.exports.as_ref().map(ExportCatalog::stats)
    }

    /// A handle on [`Engine::stats`] for another thread (the progress line of a running
    /// query); `None` without exports.
    pub fn stats_probe(&self) -> Option<kql_exports::StatsProbe> {
        self.exports.as_ref().map(ExportCatalog::stats_probe)
    }

    /// Parses and plans a query.
    pub fn plan(&self, text: &str) -> Result<PlannedQuery, EngineError> {
        self.plan_with(text, &[])
    }

    /// Parses and plans a query with values for its `declare query_parameters(…)`, as
    /// `(name, KQL text)` pairs (`kql query --param name=value`). Sub-queries evaluated once
    /// (`toscalar()`, `materialize()`) run now, in this engine's session.
    pub fn plan_with(
        &self,
        text: &str,
        parameters: &[(String, String)],
    ) -> Result<PlannedQuery, EngineError> {
        self.plan_query(text, parameters, false, self.now_nanos)
    }

    /// [`Engine::plan_with`] with `now()` pinned to `now_nanos` (nanoseconds since the Unix
    /// epoch) for this query only: a server pins each request's own `now`.
    pub fn plan_at(
        &self,
        text: &str,
        parameters: &[(String, String)],
        now_nanos: i64,
    ) -> Result<PlannedQuery, EngineError> {
        self.plan_query(text, parameters, false, now_nanos)
    }

    /// Parses and plans a query to check it (`kql check`): as [`Engine::plan`], but a declared
    /// query parameter without a value or default stands for a null of its type.
    pub fn check(&self, text: &str) -> Result<PlannedQuery, EngineError> {
        self.plan_query(text, &[], true, self.now_nanos)
    }

    /// Parses `text` and plans it with these parameter values.
    fn plan_query(
        &self,
        text: &str,
        parameters: &[(String, String)],
        unset_parameters_are_null: bool,
        now_nanos: i64,
    ) -> Result<PlannedQuery, EngineError> {
        let query = kql_syntax::parse_query(text)?;
        let catalog = EvaluatingCatalog {
            tables: QueryTables(self.exports.as_ref()),
            session: &self.session,
        };
        let mut planner =
            KqlToPlan::new(&catalog, &self.functions, now_nanos).with_parameters(parameters);
        if unset_parameters_are_null {
            planner = planner.with_unset_parameters_as_null();
        }
        Ok(planner.query_to_plan(&query)?)
    }

    /// The documented Log Analytics tables a planned query scans that have no exports under
    /// `--data`: they answer with no rows (as Log Analytics answers an empty table), which the
    /// caller should tell the user about.
    pub fn documented_only_tables(&self, planned: &PlannedQuery) -> Vec<String> {
        documented_only_tables(&QueryTables(self.exports.as_ref()), &planned.plan)
    }

    /// Runs a planned query, streaming its batches.
    pub async fn execute(
        &self,
        planned: &PlannedQuery,
    ) -> Result<SendableRecordBatchStream, EngineError> {
        Ok(self.execute_plan(planned).await?.1)
    }

    /// Runs a planned query, streaming its batches, and hands out its physical plan, whose
    /// metrics (rows, row groups pruned, bytes scanned…) are complete once the stream ends.
    ///
    /// The first batch is awaited here: when a hash join runs out of memory before it, the
    /// query is re-run with sort-merge joins, which spill (see [`crate::memory`]), and the plan
    /// handed out is the re-run's.
    pub async fn execute_plan(
        &self,
        planned: &PlannedQuery,
    ) -> Result<(Arc<dyn ExecutionPlan>, SendableRecordBatchStream), EngineError> {
        if self.joins == JoinAlgorithm::SortMerge {
            return self.execute_sort_merge(planned).await;
        }
        let (physical, mut stream) = start(self.session.state(), planned).await?;
        if !has_hash_join(&physical) {
            // Nothing to re-run: the stream is returned before its first batch, so a caller
            // can stream, time out or cancel a long query (kql serve relies on it).
            return Ok((physical, stream));
        }
        let first = stream.next().await;
        if let Some(Err(e)) = &first
            && memory::is_hash_join_out_of_memory(e)
        {
            // Dropping the stream cancels the first run and frees its reservations.
            drop(stream);
            return self.execute_sort_merge(planned).await;
        }
        let schema = stream.schema();
        let stream = futures::stream::iter(first).chain(stream);
        Ok((
            physical,
            Box::pin(RecordBatchStreamAdapter::new(schema, stream)),
        ))
    }

    /// Runs a planned query with sort-merge joins, its spilling operators capped under a
    /// memory limit; its out-of-memory errors say so.
    async fn execute_sort_merge(
        &self,
        planned: &PlannedQuery,
    ) -> Result<(Arc<dyn ExecutionPlan>, SendableRecordBatchStream), EngineError> {
        let state = memory::sort_merge_join_state(self.session.state());
        let physical = DataFrame::new(state.clone(), planned.plan.clone())
            .create_physical_plan()
            .await?;
        let state = match self.memory_limit {
            Some(limit) => memory::cap_spilling_operators(state, &physical, limit),
            None => state,
        };
        let task = Arc::new(TaskContext::from(&state));
        let stream = datafusion::physical_plan::execute_stream(Arc::clone(&physical), task)?;
        let schema = stream.schema();
        let stream = stream.map_err(memory::in_sort_merge_join_run);
        Ok((
            physical,
            Box::pin(RecordBatchStreamAdapter::new(schema, stream)),
        ))
    }

    /// DataFusion's optimisation of a planned query (the `parse_plan` bench's peer: kqlake's
    /// front end should cost a fraction of it).
    pub fn optimize(
        &self,
        planned: &PlannedQuery,
    ) -> Result<datafusion::logical_expr::LogicalPlan, EngineError> {
        Ok(self.session.state().optimize(&planned.plan)?)
    }

    /// The optimised logical plan and the physical plan, for `kql plan`.
    pub async fn explain(&self, planned: &PlannedQuery) -> Result<String, EngineError> {
        let frame = self
            .session
            .execute_logical_plan(planned.plan.clone())
            .await?;
        let optimized = frame.clone().into_optimized_plan()?;
        let physical = frame.create_physical_plan().await?;
        Ok(format!(
            "logical plan:\n{}\n\nphysical plan:\n{}",
            optimized.display_indent_schema(),
            datafusion::physical_plan::displayable(physical.as_ref()).indent(true)
        ))
    }

    /// Parses, plans and runs a query, collecting every row.
    pub async fn query(&self, text: &str) -> Result<QueryResult, EngineError> {
        self.query_with(text, &[]).await
    }

    /// [`Engine::query`] with query parameter values (see [`Engine::plan_with`]).
    pub async fn query_with(
        &self,
        text: &str,
        parameters: &[(String, String)],
    ) -> Result<QueryResult, EngineError> {
        let planned = self.plan_with(text, parameters)?;
        let batches: Vec<RecordBatch> = self.execute(&planned).await?.try_collect().await?;
        Ok(QueryResult {
            columns: planned.columns,
            batches,
        })
    }
}

/// Plans `planned` physically in `state` and starts it.
async fn start(
    state: SessionState,
    planned: &PlannedQuery,
) -> Result<(Arc<dyn ExecutionPlan>, SendableRecordBatchStream), EngineError> {
    let frame = DataFrame::new(state, planned.plan.clone());
    let task = Arc::new(frame.task_ctx());
    let physical = frame.create_physical_plan().await?;
    let stream = datafusion::physical_plan::execute_stream(Arc::clone(&physical), task)?;
    Ok((physical, stream))
}

/// The counting metrics of the scans (leaves) of an executed physical plan, one line each
/// (`DataSourceExec: output_rows=…, row_groups_pruned_statistics=…`), in DataFusion's names;
/// timings and timestamps are left out (`--stats` reports its own).
pub fn scan_metrics(plan: &Arc<dyn ExecutionPlan>) -> Vec<String> {
    const KEPT: [&str; 7] = [
        "output_rows",
        "bytes_scanned",
        "files_",
        "row_groups_pruned",
        "page_index_",
        "pushdown_rows_",
        "limit_pruned",
    ];
    fn walk(plan: &Arc<dyn ExecutionPlan>, out: &mut Vec<String>) {
        let children = plan.children();
        if children.is_empty()
            && let Some(metrics) = plan.metrics()
        {
            let metrics = metrics.aggregate_by_name().sorted_for_display();
            let shown: Vec<String> = metrics
                .iter()
                .filter(|m| {
                    let name = m.value().name();
                    KEPT.iter().any(|k| name.starts_with(k))
                })
                .map(|m| format!("{}={}", m.value().name(), m.value()))
                .collect();
            if !shown.is_empty() {
                out.push(format!("{}: {}", plan.name(), shown.join(", ")));
            }
        }
        for c in children {
            walk(c, out);
        }
    }
    let mut out = Vec::new();
    walk(plan, &mut out);
    out
}

/// Whether a physical plan holds a hash join (the operator that cannot spill).
fn has_hash_join(plan: &Arc<dyn ExecutionPlan>) -> bool {
    plan.is::<datafusion::physical_plan::joins::HashJoinExec>()
        || plan.children().into_iter().any(has_hash_join)
}
