//! Engine errors: a query diagnostic (with its span), a data error, or a failure while running.

use kql_syntax::Diagnostic;

/// Why a query could not produce its result.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The query text is wrong (syntax, names, types) or uses something unsupported; the
    /// diagnostic points into the query.
    #[error("{0}")]
    Query(Box<Diagnostic>),
    /// The data could not be read (missing path, no exports, malformed line under `--strict`).
    #[error("{0}")]
    Data(String),
    /// Writing the output failed.
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
    /// DataFusion failed while running the plan.
    #[error("{0}")]
    Execution(String),
}

impl From<Diagnostic> for EngineError {
    fn from(d: Diagnostic) -> Self {
        EngineError::Query(Box::new(d))
    }
}

impl From<kql_exports::ExportError> for EngineError {
    fn from(e: kql_exports::ExportError) -> Self {
        EngineError::Data(e.to_string())
    }
}

impl From<datafusion::error::DataFusionError> for EngineError {
    fn from(e: datafusion::error::DataFusionError) -> Self {
        // A data error raised inside a scan (strict mode) surfaces as an external error.
        match e.find_root() {
            datafusion::error::DataFusionError::External(inner) => {
                EngineError::Data(inner.to_string())
            }
            datafusion::error::DataFusionError::ResourcesExhausted(m) => {
                EngineError::Execution(format!("out of memory while running the query: {m}"))
            }
            root => EngineError::Execution(format!("query failed: {root}")),
        }
    }
}
