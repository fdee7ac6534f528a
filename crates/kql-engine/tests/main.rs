//! kql-engine's one integration-test binary: function doc examples, rendering, engine
//! behaviour without data, pruning equivalence over the sample export, larger than memory, and
//! the schema-drift fixture against its oracle.

#![allow(missing_docs, reason = "test binary")]

mod doc_examples;
mod drift;
mod listing_scope;
mod long_chains;
mod memory;
mod pruning;
mod render;
mod time_bounds;
