//! Code several aggregates share, kept out of the one-file-per-function list: the UDAF
//! wrapper ([`udaf`]), the `make_*` collector ([`collect`]) and the HyperLogLog sketch
//! ([`hyperloglog`]), the exact nearest-rank percentiles ([`nearest_rank`]) and the exact
//! digests of `tdigest` ([`tdigest`]).

pub(super) mod collect;
pub(super) mod hyperloglog;
pub(super) mod nearest_rank;
pub(super) mod tdigest;
pub(super) mod udaf;
