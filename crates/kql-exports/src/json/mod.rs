//! The JSON-lines scan: framing, decoding, coercion, time pruning and the `TableProvider`.
//!
//! [`reader`] frames records (JSON lines or `{"records":[…]}`, gzip), [`decode`] turns records into
//! Arrow rows, [`convert`] coerces loosely typed values, [`prune`] maps `TimeGenerated` filters to
//! files, and [`provider`] ties them into a partitioned DataFusion scan.

pub(crate) mod convert;
pub(crate) mod decode;
pub(crate) mod provider;
pub(crate) mod prune;
pub(crate) mod reader;
