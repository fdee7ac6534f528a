//! Runner for testdata/kqltest/**/*.kqltest: declarative query-and-answer tests.
//!
//! A `.kqltest` file is a list of records, each a KQL query and its expected answer as a Kusto
//! user would read it (STYLE.md §6). Directives:
//!
//! ```text
//! # Source: where the expected rows come from (required in the first comment)
//! now 2021-10-21T00:00:00Z          pins now() and ago() (default 2024-01-01T00:00:00Z)
//! data testdata/exports             mounts an export (path relative to the repository root,
//!                                   as are paths in queries, such as externaldata's files)
//! include ./common.kqltest.part     splices another file's records here
//! param name=value                  a query parameter value for the next record (repeatable)
//!
//! query string,long [rowsort]       the KQL types of the result columns; rowsort sorts rows
//! <KQL, one or more lines>
//! ----
//! <expected rows in the CLI's CSV contract, without the header>
//!                                   (a blank line ends the record)
//! error <regex>                     the query must fail with a message matching <regex>
//! <KQL; «…» marks the span the error must point at>
//! ```
//!
//! Each file runs in a fresh engine. [`run_file`] returns one [`Outcome`] per record. Unknown
//! directives and files without `# Source:` are errors, and [`function_test_layout`] checks
//! that the function tests mirror `kql-functions/src/` file by file.

mod layout;
mod parse;
mod run;

pub use layout::function_test_layout;
pub use parse::{Record, RecordKind, TestFile, parse_file};
pub use run::{Outcome, run_file};

/// The default `now` of a test file.
pub const DEFAULT_NOW: &str = "2024-01-01T00:00:00Z";
