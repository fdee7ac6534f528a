//! The JSON-lines scan: framing, decoding, coercion, pushed filters, time pruning and the
//! `TableProvider`.
//!
//! [`reader`] frames records (JSON lines or `{"records":[…]}`, gzip; byte ranges of large files),
//! [`lazy`] captures the needed values of a record in one validating pass ([`reference`] does the
//! same with serde_json, for error messages and equivalence tests), [`prefilter`] skips lines
//! whose bytes cannot pass pushed filters before they are parsed, [`filter`] drops records that
//! fail pushed filters, [`decode`] turns records into Arrow rows, [`convert`] coerces loosely
//! typed values, [`prune`] maps `TimeGenerated` filters to files, and [`provider`] ties them into
//! a partitioned DataFusion scan.

pub(crate) mod convert;
pub(crate) mod decode;
pub(crate) mod dedup;
pub(crate) mod filter;
pub(crate) mod lazy;
pub(crate) mod prefilter;
pub(crate) mod provider;
pub(crate) mod prune;
pub(crate) mod reader;
pub(crate) mod reference;

#[cfg(test)]
mod equivalence;
