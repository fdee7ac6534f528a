//! A cluster's life: creation, resize cycles with their node allocations, deletion.
//!
//! §10.3: a `CreateOperationCompleted` when the cluster is created inside the window; resize
//! cycles `ResizeOperationStarted` (`Resizing`) then, 2–15 min later, `ResizeOperationCompleted`
//! (`Steady`), separated by exponential gaps (mean 3 h busy, 24 h idle, divided by the rate); one
//! `AmlComputeClusterNodeEvent` per node a successful grow allocates, with
//! `ResizeStartTime ≤ NodeAllocationTime ≤ NodeBootTime ≤ StartTaskStartTime ≤ StartTaskEndTime ≤
//! ResizeEndTime`, all within 20 min before its `TimeGenerated`; a `DeleteOperationCompleted` when
//! deleted. Invariants kept on every record: `Minimum ≤ Current ≤ Maximum`,
//! `Running + Idle + Preparing + Leaving + Unusable = Current`.

use super::{ClusterEventType, ClusterRecord, Emitter, EventKind, NodeRecord};
use crate::rng::Rng;
use crate::time::{HOUR, MINUTE, PropTime, SECOND, Ticks};
use crate::topology::{Cluster, Plan};
use crate::vocab;

/// One resize cycle: start and duration.
#[derive(Debug, Clone, Copy)]
struct Cycle {
    start: Ticks,
    duration: Ticks,
}

impl Cycle {
    fn overlaps(&self, other: &Cycle) -> bool {
        self.start < other.start + other.duration && other.start < self.start + self.duration
    }
}

/// Resize cycle duration: 2–15 min.
fn cycle_duration(rng: &mut Rng) -> Ticks {
    rng.ticks(2 * MINUTE, 15 * MINUTE)
}

/// Simulates `cluster`'s cluster and node events; `forced` are resize starts placed exactly
/// (boundary instants such as `ago(4d)`), replacing random cycles they would overlap.
pub(crate) fn simulate(
    plan: &Plan,
    cluster: &Cluster,
    rng: &mut Rng,
    em: &mut Emitter<'_>,
    forced: &[Ticks],
) {
    let (start, limit) = em.bounds();
    let mean_gap = if cluster.busy { 3.0 } else { 24.0 } * HOUR as f64 / plan.rate;
    let mut cycles = Vec::new();
    let mut t = start.max(cluster.created_at);
    loop {
        t += rng.exponential(mean_gap) as Ticks;
        if t >= limit {
            break;
        }
        let duration = cycle_duration(rng);
        cycles.push(Cycle { start: t, duration });
        t += duration;
    }
    for &f in forced {
        if f < start.max(cluster.created_at) || f >= limit {
            continue;
        }
        let cycle = Cycle {
            start: f,
            duration: cycle_duration(rng),
        };
        cycles.retain(|c| !c.overlaps(&cycle));
        cycles.push(cycle);
    }
    cycles.sort_by_key(|c| c.start);

    let mut current = cluster.initial_nodes.max(cluster.min_nodes);
    if cluster.created_in_window {
        let record = state_record(
            em,
            rng,
            cluster,
            ClusterEventType::Create,
            cluster.created_at,
            current,
            current,
            false,
        );
        em.emit(cluster.created_at, EventKind::Cluster(record));
    }
    for cycle in cycles {
        let grow =
            current == cluster.min_nodes || (current < cluster.max_nodes && rng.chance(0.55));
        let target = if grow {
            current + rng.between(1, u64::from((cluster.max_nodes - current).min(4))) as u32
        } else {
            rng.between(u64::from(cluster.min_nodes), u64::from(current - 1)) as u32
        };
        let started = state_record(
            em,
            rng,
            cluster,
            ClusterEventType::ResizeStarted,
            cycle.start,
            current,
            target,
            grow,
        );
        em.emit(cycle.start, EventKind::Cluster(started));

        let end = cycle.start + cycle.duration;
        let failed = rng.chance(0.05);
        let after = if failed { current } else { target };
        let mut completed = state_record(
            em,
            rng,
            cluster,
            ClusterEventType::ResizeCompleted,
            end,
            after,
            target,
            grow,
        );
        if failed {
            completed.provisioning = "Failed";
            completed.error_codes = *rng.pick(&vocab::CLUSTER_ERRORS);
        }
        em.emit(end, EventKind::Cluster(completed));

        if !failed && target > current {
            for _ in current..target {
                node_allocation(em, rng, cluster, cycle.start, end);
            }
        }
        current = after;
    }
    if let Some(deleted) = cluster.deleted_at {
        let mut record = state_record(
            em,
            rng,
            cluster,
            ClusterEventType::Delete,
            deleted,
            0,
            0,
            false,
        );
        record.provisioning = "Deleting";
        em.emit(deleted, EventKind::Cluster(record));
    }
}

/// A cluster record at `time` with `current` nodes heading for `target`.
#[expect(
    clippy::too_many_arguments,
    reason = "one call per event kind; a struct would only rename them"
)]
fn state_record(
    em: &mut Emitter<'_>,
    rng: &mut Rng,
    cluster: &Cluster,
    event: ClusterEventType,
    time: Ticks,
    current: u32,
    target: u32,
    grow: bool,
) -> ClusterRecord {
    let resizing = event == ClusterEventType::ResizeStarted;
    let running = rng.below(u64::from(current) + 1) as u32;
    let mut rest = current - running;
    let preparing = if resizing && grow {
        rng.below(u64::from(rest.min(2)) + 1) as u32
    } else {
        0
    };
    rest -= preparing;
    let leaving = if resizing && !grow {
        rng.below(u64::from(rest.min(2)) + 1) as u32
    } else {
        0
    };
    rest -= leaving;
    let unusable = u32::from(rest > 0 && rng.chance(0.03));
    rest -= unusable;
    let preempted = if cluster.priority == "LowPriority" {
        rng.below(4) as u32
    } else {
        0
    };
    // §10.2: Succeeded 0.95; Failed marks failed resizes and Deleting deletions, set by the caller.
    let provisioning = if rng.chance(0.95) {
        "Succeeded"
    } else {
        "Creating"
    };
    let transition = em.prop_time(time - rng.ticks(0, 3 * SECOND));
    ClusterRecord {
        event,
        resizing,
        transition,
        current,
        target,
        running,
        idle: rest,
        preparing,
        leaving,
        unusable,
        grow,
        provisioning,
        error_codes: "",
        preempted,
        stringly: em.stringly_mask(),
    }
}

/// Emits one node allocation of the resize cycle `[resize_start, resize_end]`.
fn node_allocation(
    em: &mut Emitter<'_>,
    rng: &mut Rng,
    cluster: &Cluster,
    resize_start: Ticks,
    resize_end: Ticks,
) {
    let node = rng.below(cluster.pool_len as u64) as u16;
    let mut steps = [0; 4].map(|_| rng.ticks(resize_start, resize_end + 1));
    steps.sort_unstable();
    // TimeGenerated after the resize ends, at most 20 min after it started.
    let time = rng.ticks(resize_end, resize_start + 20 * MINUTE + 1);
    let full = [
        resize_start,
        steps[0],
        steps[1],
        steps[2],
        steps[3],
        resize_end,
    ];
    let mut written = full.map(|t| em.prop_time(t));
    // A value written with fewer digits is rounded down and may fall below its predecessor;
    // write that one in full instead, which restores the documented order.
    for i in 1..written.len() {
        if written[i].ticks < written[i - 1].ticks {
            written[i] = PropTime::exact(full[i]);
        }
    }
    let record = NodeRecord {
        node,
        resize_start: written[0],
        allocation: written[1],
        boot: written[2],
        task_start: written[3],
        task_end: written[4],
        resize_end: written[5],
        e2e_seconds: ((full[4] - full[1]) / SECOND) as u64,
    };
    em.emit(time, EventKind::Node(record));
}

/// A node event placed by hand (`sim::special`): exact times, no digit variation.
pub(crate) fn node_record(
    node: u16,
    resize_start: Ticks,
    allocation: Ticks,
    resize_end: Ticks,
) -> NodeRecord {
    let span = (resize_end - allocation).max(0);
    let boot = allocation + span / 4;
    let task_start = allocation + span / 2;
    let task_end = allocation + span * 3 / 4;
    NodeRecord {
        node,
        resize_start: PropTime::exact(resize_start),
        allocation: PropTime::exact(allocation),
        boot: PropTime::exact(boot),
        task_start: PropTime::exact(task_start),
        task_end: PropTime::exact(task_end),
        resize_end: PropTime::exact(resize_end),
        e2e_seconds: ((task_end - allocation) / SECOND) as u64,
    }
}
