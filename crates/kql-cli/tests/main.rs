//! kql-cli's one integration-test binary: everything through the real `kql` executable, as a
//! user runs it.

#![allow(missing_docs, reason = "test binary")]

mod aml_queries;
mod bad_input;
mod bench;
mod blob;
mod charts;
mod check;
mod convert;
mod discovery_scope;
mod errors;
mod formats;
mod functions;
mod layouts;
mod mixed;
mod parse;
mod serve;
mod shell;
mod statements;
mod support;
mod tables;
