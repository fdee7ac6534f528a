//! Running sub-plans while planning: the engine's side of [`PlanCatalog::evaluate`], used by
//! `toscalar()` and `materialize()` (and later by operators whose columns depend on the data).
//!
//! Planning happens inside the caller's async runtime (the CLI plans within `block_on`), where
//! blocking on another runtime would panic. So the sub-plan runs on a thread of its own with a
//! small current-thread runtime, in the same DataFusion session (same tables, same scan
//! report), and planning waits for it.

use datafusion::arrow::record_batch::RecordBatch;
use datafusion::logical_expr::LogicalPlan;
use datafusion::prelude::SessionContext;
use kql_planner::{
    CatalogTable, ExternalDataError, ExternalDataRequest, PlanCatalog, WorkspaceLookupError,
};
use kql_syntax::{Diagnostic, DiagnosticKind};

use crate::EngineError;

/// The stack of a sub-query's thread: a program's main-thread size, since planning and running
/// an expression recurse as deep as it is (up to the parser's and the function expansion's
/// limits), and a debug build's frames are large.
const SUBQUERY_STACK: usize = 8 << 20;

/// A catalog that can also run plans in the engine's session.
pub(crate) struct EvaluatingCatalog<'s, C> {
    /// The tables.
    pub(crate) tables: C,
    /// The session sub-plans run in.
    pub(crate) session: &'s SessionContext,
}

impl<C: PlanCatalog> PlanCatalog for EvaluatingCatalog<'_, C> {
    fn table(&self, name: &str) -> Option<CatalogTable> {
        self.tables.table(name)
    }

    fn table_names(&self) -> Vec<String> {
        self.tables.table_names()
    }

    fn tables_with_rows(&self) -> Vec<String> {
        self.tables.tables_with_rows()
    }

    fn external_data(
        &self,
        request: &ExternalDataRequest<'_>,
    ) -> Result<CatalogTable, ExternalDataError> {
        self.tables.external_data(request)
    }

    fn workspace_table(
        &self,
        workspace: &str,
        table: &str,
    ) -> Result<CatalogTable, WorkspaceLookupError> {
        self.tables.workspace_table(workspace, table)
    }

    fn evaluate(&self, plan: &LogicalPlan) -> Option<Result<Vec<RecordBatch>, Diagnostic>> {
        Some(run_on_own_thread(self.session, plan))
    }
}

/// Runs `plan` to completion on a new thread with its own runtime.
fn run_on_own_thread(
    session: &SessionContext,
    plan: &LogicalPlan,
) -> Result<Vec<RecordBatch>, Diagnostic> {
    let session = session.clone();
    let plan = plan.clone();
    let joined = std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("kql-subquery".to_owned())
            .stack_size(SUBQUERY_STACK);
        let handle =
            thread.spawn_scoped(scope, move || -> Result<Vec<RecordBatch>, EngineError> {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| EngineError::Execution(format!("cannot start a runtime: {e}")))?;
                runtime.block_on(async {
                    let frame = session.execute_logical_plan(plan).await?;
                    Ok(frame.collect().await?)
                })
            });
        handle.map(|h| h.join())
    });
    match joined {
        Err(e) => Err(Diagnostic::internal(format!(
            "cannot start a thread for a sub-query: {e}"
        ))),
        Ok(Ok(Ok(batches))) => Ok(batches),
        Ok(Ok(Err(e))) => Err(match e {
            EngineError::Query(d) => *d,
            other => Diagnostic::new(DiagnosticKind::Data, other.to_string()),
        }),
        Ok(Err(_)) => Err(Diagnostic::internal("a sub-query's thread panicked")),
    }
}
