//! AST to checked query to DataFusion LogicalPlan, with name and type checks that report spans.
//!
//! Second stage of the pipeline (`ARCHITECTURE.md`): [`query_to_plan`] walks a
//! [`kql_syntax::ast::Query`] and builds a DataFusion
//! [`LogicalPlan`](datafusion::logical_expr::LogicalPlan) with `LogicalPlanBuilder` only (never
//! SQL text). While planning it checks every name and type itself, so that users get a
//! [`Diagnostic`](kql_syntax::Diagnostic) with a span and a "did you mean" instead of a
//! span-less DataFusion schema error. The planner keeps the KQL type of every column
//! ([`PlannedQuery::columns`]): Arrow alone cannot tell a `string` from a `dynamic`.
//!
//! # Representation choices
//! - `datetime` is `Timestamp(ns, UTC)` and `timespan` is `Duration(ns)`: DataFusion's
//!   kernels, pruning and Parquet statistics work on them directly. Arithmetic on them is
//!   planned on `Int64` nanoseconds and cast back, so it never depends on SQL interval rules.
//! - `dynamic` is compact JSON text in `Utf8`. Alternatives considered: Arrow's Variant
//!   encoding (`parquet-variant*`) is not yet supported by DataFusion's kernels, casts or
//!   Parquet statistics in 55.x, and struct/union layouts cannot hold property bags whose keys
//!   vary per row. JSON text reads exports with a plain copy, renders as itself (the CSV
//!   contract prints dynamic as compact JSON), and costs a parse only where a query indexes
//!   into a value; the common `split(s, d)[i]` is fused so it never builds JSON at all.
//! - KQL `string` is never null: scans give `""` for missing strings and string functions never
//!   return null, so `==` on strings is plain equality.
//!
//! # Structure
//! [`KqlToPlan`] is declared once in `planner.rs`; each operator and source adds an `impl` block
//! in `operator/<name>.rs` and one dispatch line in `planner.rs`; expressions are in `expr.rs`
//! (`and`/`or` chains in `logical.rs`), aggregations (`summarize`, `top-nested`) in
//! `aggregate.rs`, output naming in `naming.rs`, columns and suggestions in `scope.rs`.
//! Query-level structure: `bindings.rs` (the lexical scope of `let`s, parameters and `as`
//! names), `resolve.rs` (what a name or call denotes), `statement.rs` (`let`, `set`, `declare
//! query_parameters`), `function.rs` (user-function calls), `evaluate.rs` (`toscalar()`,
//! `materialize()` and constants, evaluated once through [`PlanCatalog::evaluate`]),
//! `window.rs` (window functions and which rows are serialized).

mod aggregate;
mod bindings;
mod catalog;
mod evaluate;
mod expr;
mod function;
mod logical;
mod naming;
mod operator;
mod planner;
mod resolve;
mod scope;
mod statement;
mod window;

pub use catalog::{
    CatalogTable, ExternalDataError, ExternalDataRequest, PlanCatalog, WorkspaceLookupError,
};
pub use operator::getschema::dotnet_type;
pub use operator::render::Visualization;
pub use planner::{KqlToPlan, PlannedQuery, query_to_plan};
pub use scope::Column;
