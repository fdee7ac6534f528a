//! Duplicate records: counted (`kql query --stats`) and, with `--dedup`, removed.
//!
//! Exports deliver at least once: a workspace data-export rule that retries delivers "a fraction
//! of the exported records" twice, with the same `_ItemId` (azure-exports.md §3.3, §8.4), and a
//! record can also reach an archive twice through two roots or a re-copied blob. A record's
//! identity is its `_ItemId` when it has one (a top-level `"_ItemId":"…"` member), else its
//! exact bytes (leading and trailing whitespace aside): identical records delivered twice.
//!
//! One [`SeenRecords`] set is shared by all partitions of one scan of a table, so duplicates are
//! found across files, partitions and `--data` roots. Only records the scan reads are compared:
//! files pruned by time are not read, so their records are neither counted nor kept. Which copy
//! survives is the first one read; copies with one `_ItemId` but different bytes (none are known
//! in real exports) are still one record. Parquet-only tables are not deduplicated; a table read
//! from both JSON and Parquet compares rows by their values instead (module `mixed`).
//!
//! Cost: 16 bytes of hash (plus the set's overhead) per record read, so the set is only kept
//! when asked for ([`DuplicateMode`]). Identity is a 128-bit hash (two SipHash-1-3 runs with
//! fixed keys): a collision among 10^12 records has a probability below 10^-14.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, DefaultHasher, Hash, Hasher};
use std::sync::Mutex;

/// What a scan does about duplicate records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DuplicateMode {
    /// Neither count nor remove (no memory spent).
    #[default]
    Ignore,
    /// Count them in [`crate::ScanStats::duplicate_records`], keep them.
    Count,
    /// Count and remove them (`--dedup`).
    Remove,
}

/// Lock shards of the set (partitions insert concurrently).
const SHARDS: usize = 32;

/// Hashes an identity (already a hash) to its low 64 bits: the set's own SipHash of every
/// identity cost about a tenth of a `--stats` run of Q6 (`perf record`, 2026-12-04).
#[derive(Debug, Default, Clone, Copy)]
struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u128(&mut self, id: u128) {
        // Truncation intended: the low half of a uniformly distributed hash.
        self.0 = id as u64;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A set of identities, hashed by [`IdentityHasher`].
type IdentitySet = HashSet<u128, BuildHasherDefault<IdentityHasher>>;

/// The identities of the records one scan has read.
#[derive(Debug)]
pub(crate) struct SeenRecords {
    shards: Vec<Mutex<IdentitySet>>,
}

impl Default for SeenRecords {
    fn default() -> Self {
        SeenRecords {
            shards: (0..SHARDS)
                .map(|_| Mutex::new(IdentitySet::default()))
                .collect(),
        }
    }
}

impl SeenRecords {
    /// Notes a record; true when a record of the same identity was read before.
    pub(crate) fn is_duplicate(&self, record: &[u8]) -> bool {
        self.insert(identity(record))
    }

    /// Notes a record identified by `key` under `tag` (a kind of identity, so that keys of two
    /// kinds never meet); true when a record of the same identity was noted before.
    pub(crate) fn is_duplicate_key(&self, tag: u8, key: &[u8]) -> bool {
        self.insert(hash128(tag, key))
    }

    fn insert(&self, id: u128) -> bool {
        // The top bits pick the shard, so the set's hash (the low bits) stays spread out.
        let shard = &self.shards[((id >> 64) as usize) % SHARDS];
        let mut set = shard.lock().unwrap_or_else(|p| p.into_inner());
        !set.insert(id)
    }
}

/// The value of a top-level `"_ItemId"` string member, as raw bytes between its quotes.
fn item_id(record: &[u8]) -> Option<&[u8]> {
    const KEY: &[u8] = b"\"_ItemId\"";
    let at = memchr::memmem::find(record, KEY)?;
    let rest = &record[at + KEY.len()..];
    fn skip_ws(s: &[u8]) -> &[u8] {
        s.trim_ascii_start()
    }
    let rest = skip_ws(rest).strip_prefix(b":")?;
    let rest = skip_ws(rest).strip_prefix(b"\"")?;
    let end = memchr::memchr2(b'"', b'\\', rest)?;
    (rest[end] == b'"' && end > 0).then(|| &rest[..end])
}

/// A record's identity: its `_ItemId`, else its trimmed bytes, hashed to 128 bits.
fn identity(record: &[u8]) -> u128 {
    let (tag, key): (u8, &[u8]) = match item_id(record) {
        Some(id) => (1, id),
        None => (2, record.trim_ascii()),
    };
    hash128(tag, key)
}

/// `key` under `tag`, hashed to 128 bits.
fn hash128(tag: u8, key: &[u8]) -> u128 {
    let half = |salt: u8| {
        let mut h = DefaultHasher::new();
        (salt, tag, key).hash(&mut h);
        h.finish()
    };
    (u128::from(half(0)) << 64) | u128::from(half(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_ids_and_identical_records() {
        assert_eq!(
            item_id(br#"{"a":1, "_ItemId" : "abc-1","b":2}"#),
            Some(&b"abc-1"[..])
        );
        assert_eq!(item_id(br#"{"msg":"\"_ItemId\":\"x\""}"#), None);
        assert_eq!(item_id(br#"{"_ItemId":""}"#), None);
        let seen = SeenRecords::default();
        assert!(!seen.is_duplicate(br#"{"_ItemId":"a","v":1}"#));
        // Same _ItemId, other bytes: the same record delivered again.
        assert!(seen.is_duplicate(br#"{"v":1,"_ItemId":"a"}"#));
        assert!(!seen.is_duplicate(br#"{"_ItemId":"b","v":1}"#));
        // Without _ItemId: identical bytes only.
        assert!(!seen.is_duplicate(br#"{"time":"t","v":1}"#));
        assert!(seen.is_duplicate(b"  {\"time\":\"t\",\"v\":1}\r"));
        assert!(!seen.is_duplicate(br#"{"time":"t","v":2}"#));
    }
}
