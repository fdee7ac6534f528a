//! kql-engine's one integration-test binary: function doc examples, rendering, and engine
//! behaviour without data.

#![allow(missing_docs, reason = "test binary")]

mod doc_examples;
mod long_chains;
mod render;
