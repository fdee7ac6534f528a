//! Engine errors: a query diagnostic (with its span), a data error, or a failure while running.

use crate::memory::SORT_MERGE_JOIN_RUN;
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
            // A hash join re-runs as a sort-merge join when it runs out before the query
            // returned a row (see `memory`); this one had returned rows already.
            datafusion::error::DataFusionError::ResourcesExhausted(m)
                if m.contains("HashJoinInput") =>
            {
                EngineError::Execution(format!(
                    "out of memory in a join or lookup: its hash table of one side did not fit \
                     after the query had returned rows, so it could not be re-run as a \
                     sort-merge join, which spills to disk; filter, project or summarize the \
                     join's sides first so that fewer rows and columns reach it, or raise \
                     --memory-limit ({m})"
                ))
            }
            datafusion::error::DataFusionError::ResourcesExhausted(m) => {
                EngineError::Execution(out_of_memory_message(m))
            }
            root => EngineError::Execution(format!("query failed: {root}")),
        }
    }
}

/// The operator that failed to reserve memory, from DataFusion's message ("… allocation failed
/// for ExternalSorter[0] with …", "Failed to allocate additional 1 MB for ExternalSorter[0] with
/// …"), as the KQL operator that plans to it.
fn failing_operator(message: &str) -> Option<(&str, &'static str)> {
    let start = message.find(" for ")? + " for ".len();
    let rest = &message[start..];
    let consumer = &rest[..rest.find(" with ")?];
    let sort_merge = message.starts_with(SORT_MERGE_JOIN_RUN);
    let kql = if consumer.starts_with("SMJStream") {
        "a join or lookup"
    } else if sort_merge && (consumer.starts_with("ExternalSorter") || consumer.contains("Sort")) {
        "a join or lookup (sorting its sides), or sort, top or a window function"
    } else if consumer.starts_with("ExternalSorter") || consumer.contains("Sort") {
        "sort, top or a window function"
    } else if consumer.contains("Aggregate") {
        "summarize, distinct or count"
    } else if consumer.contains("Repartition") {
        "a repartitioning exchange"
    } else {
        "an operator"
    };
    Some((consumer, kql))
}

/// The message of an operator that could not get memory under the pool's limit.
fn out_of_memory_message(m: &str) -> String {
    let operator = failing_operator(m).map_or_else(String::new, |(consumer, kql)| {
        format!(" in {kql} ({consumer})")
    });
    match m.strip_prefix(SORT_MERGE_JOIN_RUN) {
        Some(m) => format!(
            "out of memory{operator}, with the query's joins run as sort-merge joins that spill \
             to disk: it needs more memory than --memory-limit allows, or more spill space than \
             --temp-dir has; raise --memory-limit, point --temp-dir at a folder with more free \
             space, or filter, project or summarize the join's sides first ({m})"
        ),
        None => format!(
            "out of memory{operator}: the query needs more memory than --memory-limit allows, or \
             more spill space than --temp-dir has; raise --memory-limit, point --temp-dir at a \
             folder with more free space, or narrow the query ({m})"
        ),
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
        let message = e.to_string();
        assert!(message.starts_with("out of memory: "), "{message}");
        assert!(message.contains("--memory-limit"), "{message}");
    }

    #[test]
    fn an_exhausted_sort_merge_join_run_names_the_join_and_the_options() {
        let message = |consumer: &str| {
            EngineError::from(crate::memory::in_sort_merge_join_run(
                DataFusionError::ResourcesExhausted(format!(
                    "Failed to allocate additional 1.0 MB for {consumer} with 3.0 MB already \
                     allocated for this reservation - 0.5 MB remain available for the total \
                     memory pool"
                )),
            ))
            .to_string()
        };
        for (consumer, operator) in [
            ("SMJStream[1]", "a join or lookup (SMJStream[1])"),
            (
                "ExternalSorter[0]",
                "a join or lookup (sorting its sides), or sort, top or a window function \
                 (ExternalSorter[0])",
            ),
        ] {
            let m = message(consumer);
            let start = format!(
                "out of memory in {operator}, with the query's joins run as sort-merge joins"
            );
            assert!(m.starts_with(&start), "{m}");
            assert!(m.contains("raise --memory-limit"), "{m}");
            assert!(m.contains("--temp-dir"), "{m}");
            assert!(
                !m.contains("while running joins"),
                "the marker is removed: {m}"
            );
        }
    }

    #[test]
    fn an_exhausted_sort_names_the_operator_and_the_option() {
        let e = EngineError::from(DataFusionError::ResourcesExhausted(
            "Failed to allocate additional 2.0 MB for ExternalSorterMerge[1] with 0.0 B already \
             allocated for this reservation - 1.0 MB remain available for the total memory pool"
                .to_owned(),
        ));
        let message = e.to_string();
        assert!(
            message.starts_with(
                "out of memory in sort, top or a window function (ExternalSorterMerge[1]): "
            ),
            "{message}"
        );
        assert!(message.contains("raise --memory-limit"), "{message}");
    }
}
