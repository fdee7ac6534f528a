//! Integration tests of kql-exports: discovery over hand-written fixture trees built in temporary
//! folders, scans executed through a DataFusion `SessionContext`. Every expectation is computed by
//! hand from the fixture lines (timestamps: 2024-05-01T00:00:00Z = 1714521600 s = 19844 days).

mod common;

mod bad_lines;
mod diagnostic;
mod discovery;
mod plain;
mod pruning;
mod scan;
mod workspace_export;
