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
            // Hash joins keep their build side in memory and cannot spill to disk (unlike
            // sorts and aggregations): say which operator ran out and how to shrink it.
            datafusion::error::DataFusionError::ResourcesExhausted(m) if m.contains("HashJoin") => {
                EngineError::Execution(format!(
                    "out of memory in a join or lookup (joins keep one side in memory and cannot \
                     spill to disk): filter, project or summarize the join's sides first so that \
                     fewer rows and columns reach it ({m})"
                ))
            }
            datafusion::error::DataFusionError::ResourcesExhausted(m) => {
                EngineError::Execution(format!("out of memory while running the query: {m}"))
            }
            root => EngineError::Execution(format!("query failed: {root}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::error::DataFusionError;

    #[test]
    fn an_exhausted_hash_join_names_the_operator() {
        let e = EngineError::from(DataFusionError::ResourcesExhausted(
            "Failed to allocate additional 1024 bytes for HashJoinInput[0]".to_owned(),
        ));
        let message = e.to_string();
        assert!(
            message.starts_with("out of memory in a join or lookup"),
            "{message}"
        );
        assert!(message.contains("HashJoinInput[0]"), "{message}");
        let e = EngineError::from(DataFusionError::ResourcesExhausted("sort".to_owned()));
        assert_eq!(e.to_string(), "out of memory while running the query: sort");
    }
}
