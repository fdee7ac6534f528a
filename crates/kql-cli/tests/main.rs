//! kql-cli's one integration-test binary: everything through the real `kql` executable, as a
//! user runs it.

#![allow(missing_docs, reason = "test binary")]

mod aml_queries;
mod bad_input;
mod check;
mod errors;
mod formats;
mod functions;
mod parse;
mod shell;
mod statements;
mod support;
