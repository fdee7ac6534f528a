//! kql-planner's one integration-test binary: plan snapshots of the query corpus and semantic
//! errors, planned against schema-only tables (no data), and statements planned against a
//! catalog that evaluates sub-plans with canned answers.

#![allow(missing_docs, reason = "test binary")]

mod schema_only;
mod statements;
