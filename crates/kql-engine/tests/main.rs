//! kql-engine's one integration-test binary: function doc examples, rendering, engine
//! behaviour without data, and pruning equivalence over the sample export.

#![allow(missing_docs, reason = "test binary")]

mod doc_examples;
mod listing_scope;
mod long_chains;
mod memory;
mod pruning;
mod render;
mod time_bounds;
