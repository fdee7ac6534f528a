//! Larger than memory: the query's memory limit (`--memory-limit`) and spill folder (`--temp-dir`).
//!
//! DataFusion's operators reserve memory from the session's pool before they buffer rows. With a
//! [`FairSpillPool`] of the limit's size, a sort, an aggregation with many groups or a
//! `distinct` that would need more writes sorted runs to the disk manager's folder and merges
//! them, so the query completes. An operator that still cannot get memory fails with a
//! "resources exhausted" error that [`crate::EngineError`] turns into a message naming the
//! operator and the option. The pool is wrapped in a [`TrackConsumersPool`] so that message
//! lists the operators holding the most memory.
//!
//! Joins ([`JoinAlgorithm`]): a hash join keeps its build side in a hash table that cannot
//! spill; a sort-merge join sorts both sides (sorts spill) and then buffers only the rows of one
//! key at a time (spilling those too). Hash joins are faster when they fit, so they run first,
//! and a query whose hash join runs out of memory before it returned a row is re-run with
//! sort-merge joins (`is_hash_join_out_of_memory`, `sort_merge_join_state`). The re-run
//! plans the same logical plan, whose `now()` and evaluated sub-queries are already literals;
//! only functions such as `rand()` draw again, for rows nobody has seen. A sort that fits its
//! share of the pool keeps its sorted rows in memory (no longer spillable) while a sort-merge
//! join reads them, and a sort merging its spilled runs reads as many at once as the pool
//! allows; either would starve the sort of the join's other side. In that run each spilling
//! operator and each merge is capped (`cap_spilling_operators`), so the sorts spill early and
//! merge from disk in as many passes as they need.
//!
//! The limit bounds what operators reserve, not the process's resident set (decoded batches in
//! flight, Arrow buffers of scans and the allocator's slack come on top; see
//! `benches/memory/run.sh` for measured figures).

use datafusion::common::config::ConfigOptions;
use datafusion::error::DataFusionError;
use datafusion::execution::disk_manager::{DiskManagerBuilder, DiskManagerMode};
use datafusion::execution::memory_pool::{
    FairSpillPool, MemoryConsumer, MemoryLimit, MemoryPool, MemoryReservation, TrackConsumersPool,
};
use datafusion::execution::runtime_env::{RuntimeEnv, RuntimeEnvBuilder};
use datafusion::execution::session_state::{SessionState, SessionStateBuilder};
use datafusion::physical_plan::ExecutionPlan;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::sync::Arc;

/// How much memory a query's operators may hold, and where they spill the rest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemoryOptions {
    /// The most bytes the operators of one query may reserve; unlimited when `None`.
    pub limit: Option<usize>,
    /// The folder for spill files; the system's temporary folder when `None`.
    pub temp_dir: Option<PathBuf>,
}

/// How a query's equi-joins (`join`, `lookup`) run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum JoinAlgorithm {
    /// Hash joins; a hash join that runs out of memory before the query returned its first
    /// row is re-run as a sort-merge join.
    #[default]
    HashFirst,
    /// Sort-merge joins from the start (both sides sorted on the keys, spilling under the
    /// limit).
    SortMerge,
}

/// The start of the message of an out-of-memory error raised by a query re-run with sort-merge
/// joins, so that [`crate::EngineError`] names the join even when the sort below it ran out.
pub(crate) const SORT_MERGE_JOIN_RUN: &str = "while running joins as sort-merge joins: ";

/// Whether `error` is a hash join that could not reserve memory for its build side.
pub(crate) fn is_hash_join_out_of_memory(error: &DataFusionError) -> bool {
    matches!(error.find_root(), DataFusionError::ResourcesExhausted(m) if m.contains("HashJoinInput"))
}

/// `state` planning equi-joins as sort-merge joins. DataFusion plans them only with more than
/// one partition and repartitioned joins (a sort-merge join needs both sides partitioned on the
/// keys), so both are ensured.
pub(crate) fn sort_merge_join_state(mut state: SessionState) -> SessionState {
    let options = state.config_mut().options_mut();
    options.optimizer.prefer_hash_join = false;
    options.optimizer.repartition_joins = true;
    options.execution.target_partitions = options.execution.target_partitions.max(2);
    state
}

/// `state` with a memory pool that refuses any spilling operator, and any sort's merge of its
/// spilled runs, more than its part of `limit`: half the limit shared by the sorts of `plan` in
/// every partition, so that one side's sort leaves room for the other's (see the module doc).
pub(crate) fn cap_spilling_operators(
    state: SessionState,
    plan: &Arc<dyn ExecutionPlan>,
    limit: usize,
) -> SessionState {
    let mut sorts = 0;
    let mut stack = vec![Arc::clone(plan)];
    while let Some(node) = stack.pop() {
        sorts += usize::from(node.name() == "SortExec");
        stack.extend(node.children().into_iter().map(Arc::clone));
    }
    let partitions = state.config().target_partitions().max(1);
    let cap = limit / (2 * sorts.max(1) * partitions);
    let runtime = state.runtime_env();
    let pool = Arc::new(CappedSpillPool {
        inner: Arc::clone(&runtime.memory_pool),
        cap,
    });
    match RuntimeEnvBuilder::from_runtime_env(runtime)
        .with_memory_pool(pool)
        .build_arc()
    {
        Ok(runtime) => SessionStateBuilder::new_from_existing(state)
            .with_runtime_env(runtime)
            .build(),
        // Building from an existing runtime cannot fail (no disk manager is created); keep
        // the uncapped pool if it ever does.
        Err(_) => state,
    }
}

/// A pool refusing a spilling consumer or a sort's merge more than `cap` bytes (they then spill
/// or merge fewer runs at a time), and passing everything else to `inner`.
#[derive(Debug)]
struct CappedSpillPool {
    inner: Arc<dyn MemoryPool>,
    cap: usize,
}

impl std::fmt::Display for CappedSpillPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "spilling operators capped at {} bytes in {}",
            self.cap, self.inner
        )
    }
}

impl MemoryPool for CappedSpillPool {
    fn name(&self) -> &str {
        "capped"
    }

    fn register(&self, consumer: &MemoryConsumer) {
        self.inner.register(consumer);
    }

    fn unregister(&self, consumer: &MemoryConsumer) {
        self.inner.unregister(consumer);
    }

    fn grow(&self, reservation: &MemoryReservation, additional: usize) {
        self.inner.grow(reservation, additional);
    }

    fn shrink(&self, reservation: &MemoryReservation, shrink: usize) {
        self.inner.shrink(reservation, shrink);
    }

    fn try_grow(
        &self,
        reservation: &MemoryReservation,
        additional: usize,
    ) -> Result<(), DataFusionError> {
        let consumer = reservation.consumer();
        // A sort's merge of its spilled runs reads as many runs at once as the pool lets it
        // (DataFusion's multi-level merge): capped, it merges in more passes.
        let capped = consumer.can_spill() || consumer.name().starts_with("ExternalSorterMerge");
        if capped && reservation.size() + additional > self.cap {
            return Err(DataFusionError::ResourcesExhausted(format!(
                "Failed to allocate additional {additional} bytes for {} with {} bytes already \
                 allocated for this reservation - each spilling operator may hold {} bytes",
                consumer.name(),
                reservation.size(),
                self.cap
            )));
        }
        self.inner.try_grow(reservation, additional)
    }

    fn reserved(&self) -> usize {
        self.inner.reserved()
    }

    fn memory_limit(&self) -> MemoryLimit {
        self.inner.memory_limit()
    }
}

/// Marks an out-of-memory error of a run with sort-merge joins (see [`SORT_MERGE_JOIN_RUN`]);
/// other errors pass unchanged.
pub(crate) fn in_sort_merge_join_run(error: DataFusionError) -> DataFusionError {
    match error.find_root() {
        DataFusionError::ResourcesExhausted(m) => {
            DataFusionError::ResourcesExhausted(format!("{SORT_MERGE_JOIN_RUN}{m}"))
        }
        _ => error,
    }
}

/// Operators named in an out-of-memory error (the largest holders).
const TRACKED_CONSUMERS: usize = 5;

/// The smallest limit accepted: below it, DataFusion's fixed per-operator reservations alone
/// do not fit and every query fails.
pub const MIN_MEMORY_LIMIT: usize = 4 << 20;

/// `--memory-limit`'s default: half of the machine's memory (the smaller of physical memory
/// and the cgroup's limit), or `None` when neither can be read.
pub fn default_memory_limit() -> Option<usize> {
    let physical = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| meminfo_total(&text));
    let cgroup = std::fs::read_to_string("/sys/fs/cgroup/memory.max")
        .ok()
        .and_then(|t| t.trim().parse::<u64>().ok());
    let total = match (physical, cgroup) {
        (Some(p), Some(c)) => p.min(c),
        (p, c) => p.or(c)?,
    };
    usize::try_from(total / 2).ok()
}

/// `MemTotal` of `/proc/meminfo`, in bytes.
fn meminfo_total(text: &str) -> Option<u64> {
    let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}

/// Reads a size such as `256M`, `256MiB`, `1.5G`, `2GB` or `1048576`: a number and an optional
/// unit `K`, `M`, `G` or `T`, each a power of 1024 (with or without `i`/`B`; any case).
pub fn parse_size(text: &str) -> Result<usize, String> {
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let unit = unit.trim().to_ascii_lowercase();
    let shift = match unit.trim_end_matches('b').trim_end_matches('i') {
        "" => 0,
        "k" => 10,
        "m" => 20,
        "g" => 30,
        "t" => 40,
        _ => return Err(size_error(text)),
    };
    // `b` alone is bytes; `ib` without a prefix is not a unit.
    if unit == "ib" {
        return Err(size_error(text));
    }
    let value: f64 = number.parse().map_err(|_| size_error(text))?;
    let bytes = value * (1u64 << shift) as f64;
    if !bytes.is_finite() || bytes < 0.0 || bytes >= usize::MAX as f64 {
        return Err(size_error(text));
    }
    Ok(bytes as usize)
}

fn size_error(text: &str) -> String {
    format!("'{text}' is not a size: expected a number and a unit, e.g. 256M, 1.5G or 2GiB")
}

/// The runtime of a session under `options`: a fair spilling pool of the limit (wrapped to name
/// its largest consumers) and a disk manager writing to the temp folder.
pub(crate) fn runtime_env(options: &MemoryOptions) -> Result<Arc<RuntimeEnv>, DataFusionError> {
    let mut builder = RuntimeEnvBuilder::new();
    if let Some(limit) = options.limit {
        let top = NonZeroUsize::new(TRACKED_CONSUMERS).expect("the constant is not zero");
        builder = builder.with_memory_pool(Arc::new(TrackConsumersPool::new(
            FairSpillPool::new(limit),
            top,
        )));
    }
    if let Some(dir) = &options.temp_dir {
        std::fs::create_dir_all(dir).map_err(|e| {
            DataFusionError::Configuration(format!(
                "cannot create the --temp-dir folder '{}': {e}",
                dir.display()
            ))
        })?;
        builder = builder.with_disk_manager_builder(
            DiskManagerBuilder::default()
                .with_mode(DiskManagerMode::Directories(vec![dir.clone()])),
        );
    }
    builder.build_arc()
}

/// Scales the reservations sorts make up front to the limit: each sort partition sets aside
/// `sort_spill_reservation_bytes` (10 MiB by default) for merging its spilled runs, which under
/// a small limit would take the whole pool before any row is buffered.
pub(crate) fn fit_reservations(
    config: &mut ConfigOptions,
    limit: Option<usize>,
    partitions: usize,
) {
    let Some(limit) = limit else {
        return;
    };
    let share = limit / (4 * partitions.max(1));
    let execution = &mut config.execution;
    execution.sort_spill_reservation_bytes = execution.sort_spill_reservation_bytes.min(share);
    execution.sort_in_place_threshold_bytes = execution.sort_in_place_threshold_bytes.min(share);
}

/// What an executed plan's operators wrote to disk, summed over every node.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SpillStats {
    /// Spill files written.
    pub spills: usize,
    /// Bytes written to them.
    pub bytes: usize,
    /// Rows written to them.
    pub rows: usize,
}

/// The spills of an executed physical plan (complete once its stream has ended).
pub fn spill_stats(plan: &Arc<dyn ExecutionPlan>) -> SpillStats {
    let mut total = SpillStats::default();
    let mut stack = vec![Arc::clone(plan)];
    while let Some(node) = stack.pop() {
        if let Some(metrics) = node.metrics() {
            total.spills += metrics.spill_count().unwrap_or(0);
            total.bytes += metrics.spilled_bytes().unwrap_or(0);
            total.rows += metrics.spilled_rows().unwrap_or(0);
        }
        stack.extend(node.children().into_iter().map(Arc::clone));
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_powers_of_1024() {
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert_eq!(parse_size("256M"), Ok(256 << 20));
        assert_eq!(parse_size("256MiB"), Ok(256 << 20));
        assert_eq!(parse_size("256mb"), Ok(256 << 20));
        assert_eq!(parse_size("1.5G"), Ok(3 << 29));
        assert_eq!(parse_size("2 GiB"), Ok(2 << 30));
        assert_eq!(parse_size("4k"), Ok(4096));
        assert_eq!(parse_size("1T"), Ok(1 << 40));
        assert_eq!(parse_size("512B"), Ok(512));
        for bad in ["", "M", "12X", "-1G", "1..2M", "ib", "5ib"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn total_memory_from_meminfo() {
        let text = "MemTotal:       16314260 kB\nMemFree:         1000 kB\n";
        assert_eq!(meminfo_total(text), Some(16_314_260 * 1024));
        assert_eq!(meminfo_total("MemFree: 1 kB\n"), None);
    }

    #[test]
    fn sort_reservations_shrink_under_a_small_limit() {
        let mut config = ConfigOptions::new();
        fit_reservations(&mut config, Some(16 << 20), 2);
        assert_eq!(config.execution.sort_spill_reservation_bytes, 2 << 20);
        let mut config = ConfigOptions::new();
        fit_reservations(&mut config, None, 2);
        assert_eq!(config.execution.sort_spill_reservation_bytes, 10 << 20);
    }
}
