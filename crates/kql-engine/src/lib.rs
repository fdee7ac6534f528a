//! The one API for CLI, tests and benches: builds the session, pins now, runs queries, renders results.
//!
//! | Stage | Crate | In → out |
//! |---|---|---|
//! | parse | `kql-syntax` | KQL text → AST with spans |
//! | plan | `kql-planner` | AST → checked `LogicalPlan` + KQL column types |
//! | scan | `kql-exports` | export folders → `TableProvider`s streaming `RecordBatch`es |
//! | run | DataFusion | optimise and execute, in parallel partitions |
//! | render | `kql-engine` ([`render`]) | batches → table, CSV, JSON, NDJSON, Parquet |
//!
//! [`Engine`] owns the DataFusion session, the discovered exports and the query's pinned
//! `now`. Tables resolve to the exports first, then to the documented Log Analytics tables of
//! [`kql_schemas`] (empty, schema-only), so queries can be checked without data. Everything that prints a result (the `kql` binary, the `.kqltest` runner) goes
//! through [`render`], so they print the same bytes.

mod catalog;
pub mod convert;
mod engine;
mod error;
mod evaluate;
pub mod listing_scope;
pub mod memory;
pub mod messages;
pub mod render;
pub mod time_bounds;

pub use engine::{Engine, EngineOptions, QueryResult, scan_metrics};
pub use error::EngineError;
pub use kql_exports::{
    DuplicateMode, ExportTable, ListingScope, ListingStats, PARQUET_LAYOUT, ScanOptions,
    ScanReport, ScanStats, SourceFile, StatsProbe, time_folder_may_hold,
};
pub use kql_planner::{Column, PlannedQuery, Visualization};
pub use kql_schemas;
pub use kql_syntax::{Diagnostic, DiagnosticKind, KqlType, Span};
pub use memory::{JoinAlgorithm, MemoryOptions, SpillStats, spill_stats};

/// The registry of every KQL function kqlake supports.
pub fn functions() -> kql_functions::FunctionRegistry {
    kql_functions::FunctionRegistry::builtin()
}
