//! kql-serve's one integration-test binary: a real server on 127.0.0.1, driven over raw HTTP.

#![allow(missing_docs, reason = "test binary")]

mod cors;
mod errors;
mod golden;
mod limits;
mod mgmt;
mod support;
