//! Simulation of one workspace's events (azure-exports.md §10.3), before any formatting.
//!
//! [`simulate_workspace`] draws the workspace's clusters and experiments, then, cluster by
//! cluster, its resize cycles and node allocations ([`cluster`]), its jobs ([`job`]) and, in the
//! first workspace, the hand-placed boundary events the target queries need ([`special`]). Every
//! event goes through an [`Emitter`], which keeps it only if it happens inside the window, draws
//! its arrival delay and drops it if it has not arrived by `now`. The result, [`WorkspaceSim`],
//! holds typed records; `crate::writer` formats them and `crate::oracle` evaluates the queries
//! over the very same values.

pub(crate) mod cluster;
pub(crate) mod job;
pub(crate) mod special;

use crate::rng::Rng;
use crate::schema::Table;
use crate::time::{HOUR, PropTime, SECOND, Ticks};
use crate::topology::{Cluster, Plan, WorkspaceSpec, cluster_count};
use crate::vocab;

/// One simulated record: its event time, arrival time and typed content.
#[derive(Debug)]
pub(crate) struct Event {
    /// Event time: the record's `time`, i.e. `TimeGenerated`.
    pub(crate) time: Ticks,
    /// When the record reached storage: decides its hour blob.
    pub(crate) arrival: Ticks,
    /// Index of the emitting cluster in [`WorkspaceSim::clusters`].
    pub(crate) cluster: u16,
    /// Emission order within the cluster (a stable tie-breaker).
    pub(crate) seq: u32,
    /// Table-specific content.
    pub(crate) kind: EventKind,
}

impl Event {
    /// The table (and category) of the record.
    pub(crate) fn table(&self) -> Table {
        match self.kind {
            EventKind::Cluster(_) => Table::ClusterEvent,
            EventKind::Job(_) => Table::JobEvent,
            EventKind::Node(_) => Table::ClusterNodeEvent,
        }
    }
}

/// Table-specific content of an [`Event`].
#[derive(Debug)]
pub(crate) enum EventKind {
    /// An `AmlComputeClusterEvent`.
    Cluster(ClusterRecord),
    /// An `AmlComputeJobEvent`.
    Job(JobRecord),
    /// An `AmlComputeClusterNodeEvent`.
    Node(NodeRecord),
}

/// Cluster `EventType` (= `OperationName`, [inferred]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ClusterEventType {
    /// `CreateOperationCompleted` [doc].
    Create,
    /// `ResizeOperationStarted` [synthetic name].
    ResizeStarted,
    /// `ResizeOperationCompleted` [synthetic name].
    ResizeCompleted,
    /// `DeleteOperationCompleted` [doc].
    Delete,
}

impl ClusterEventType {
    /// The `EventType` / `operationName` text.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Create => "CreateOperationCompleted",
            Self::ResizeStarted => "ResizeOperationStarted",
            Self::ResizeCompleted => "ResizeOperationCompleted",
            Self::Delete => "DeleteOperationCompleted",
        }
    }

    /// `InternalOperationName` [synthetic].
    pub(crate) fn internal_name(self) -> &'static str {
        match self {
            Self::Create => "Microsoft.MachineLearningServices/workspaces/computes/write",
            Self::ResizeStarted | Self::ResizeCompleted => {
                "Microsoft.MachineLearningServices/workspaces/computes/resize/action"
            }
            Self::Delete => "Microsoft.MachineLearningServices/workspaces/computes/delete",
        }
    }
}

/// The varying columns of an `AmlComputeClusterEvent`; fixed ones come from the [`Cluster`].
#[derive(Debug)]
pub(crate) struct ClusterRecord {
    /// `EventType`.
    pub(crate) event: ClusterEventType,
    /// `AllocationState`: `Resizing` when true, else `Steady`.
    pub(crate) resizing: bool,
    /// `AllocationStateTransitionTime`.
    pub(crate) transition: PropTime,
    /// `CurrentNodeCount`.
    pub(crate) current: u32,
    /// `TargetNodeCount`.
    pub(crate) target: u32,
    /// `RunningNodeCount`.
    pub(crate) running: u32,
    /// `IdleNodeCount`.
    pub(crate) idle: u32,
    /// `PreparingNodeCount`.
    pub(crate) preparing: u32,
    /// `LeavingNodeCount`.
    pub(crate) leaving: u32,
    /// `UnusableNodeCount`.
    pub(crate) unusable: u32,
    /// `IsResizeGrow`: `"True"` / `"False"`.
    pub(crate) grow: bool,
    /// `ProvisioningState`.
    pub(crate) provisioning: &'static str,
    /// `ClusterErrorCodes` (`""` when none).
    pub(crate) error_codes: &'static str,
    /// `PreemptedNodeCount` (written as a numeric string, its documented type).
    pub(crate) preempted: u32,
    /// Bit i set: the i-th `int` property (in schema order) is written as a numeric string.
    pub(crate) stringly: u16,
}

impl ClusterRecord {
    /// `QuotaUtilized` and `CoreCount`: cores of the current nodes.
    pub(crate) fn quota_utilized(&self, cluster: &Cluster) -> u32 {
        cluster.vm.cores * self.current
    }
}

/// Job `EventType` (= `OperationName` [doc]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JobEventType {
    /// `JobSubmitted`.
    Submitted,
    /// `JobRunning`.
    Running,
    /// `JobSucceeded`.
    Succeeded,
    /// `JobFailed`.
    Failed,
}

impl JobEventType {
    /// The `EventType` / `operationName` text.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Submitted => "JobSubmitted",
            Self::Running => "JobRunning",
            Self::Succeeded => "JobSucceeded",
            Self::Failed => "JobFailed",
        }
    }

    /// `InternalOperationName` [synthetic].
    pub(crate) fn internal_name(self) -> &'static str {
        match self {
            Self::Submitted => "Microsoft.MachineLearningServices/workspaces/jobs/submit/action",
            Self::Running => "Microsoft.MachineLearningServices/workspaces/jobs/run/action",
            Self::Succeeded | Self::Failed => {
                "Microsoft.MachineLearningServices/workspaces/jobs/complete/action"
            }
        }
    }
}

/// The varying columns of an `AmlComputeJobEvent`; the rest come from its [`Job`].
#[derive(Debug)]
pub(crate) struct JobRecord {
    /// Index into [`WorkspaceSim::jobs`].
    pub(crate) job: u32,
    /// `EventType`.
    pub(crate) event: JobEventType,
    /// `ExecutionState`.
    pub(crate) state: &'static str,
    /// `NodeId`, as an index into the cluster's nodes; `None` writes `""` (JobSubmitted).
    pub(crate) node: Option<u16>,
}

/// An `AmlComputeClusterNodeEvent` (one node allocation).
#[derive(Debug)]
pub(crate) struct NodeRecord {
    /// `NodeId`, as an index into the cluster's nodes.
    pub(crate) node: u16,
    /// `ResizeStartTime`.
    pub(crate) resize_start: PropTime,
    /// `NodeAllocationTime` (Q4).
    pub(crate) allocation: PropTime,
    /// `NodeBootTime`.
    pub(crate) boot: PropTime,
    /// `StartTaskStartTime`.
    pub(crate) task_start: PropTime,
    /// `StartTaskEndTime`.
    pub(crate) task_end: PropTime,
    /// `ResizeEndTime`.
    pub(crate) resize_end: PropTime,
    /// `TotalE2ETimeInSeconds` (a numeric string, its documented type).
    pub(crate) e2e_seconds: u64,
}

/// A job: the columns shared by its events.
#[derive(Debug)]
pub(crate) struct Job {
    /// `JobId`.
    pub(crate) job_id: String,
    /// `JobName`.
    pub(crate) name: String,
    /// Index into [`WorkspaceSim::experiments`].
    pub(crate) experiment: u16,
    /// `ToolType`.
    pub(crate) tool: &'static str,
    /// `RunInContainer`: `"True"` / `"False"`.
    pub(crate) run_in_container: &'static str,
    /// `TFWorkerCount`.
    pub(crate) tf_workers: &'static str,
    /// `TFParameterServerCount`.
    pub(crate) tf_parameter_servers: &'static str,
    /// `JobErrorMessage` of its `JobFailed` event (other events write `""`).
    pub(crate) error_message: String,
    /// `ErrorDetails` of its `JobFailed` event.
    pub(crate) error_details: String,
}

/// An experiment: `ExperimentId` and `ExperimentName`.
#[derive(Debug)]
pub(crate) struct Experiment {
    /// `ExperimentId` (GUID).
    pub(crate) id: String,
    /// `ExperimentName`.
    pub(crate) name: &'static str,
}

/// Everything one workspace emitted that arrived by `now`.
#[derive(Debug)]
pub(crate) struct WorkspaceSim {
    /// The workspace.
    pub(crate) spec: WorkspaceSpec,
    /// Its clusters, indexed by [`Event::cluster`].
    pub(crate) clusters: Vec<Cluster>,
    /// Its jobs, indexed by [`JobRecord::job`].
    pub(crate) jobs: Vec<Job>,
    /// Its experiments.
    pub(crate) experiments: Vec<Experiment>,
    /// Arrived records, in emission order.
    pub(crate) events: Vec<Event>,
    /// Records emitted inside the window that arrive after `now` (written nowhere), per table.
    pub(crate) not_arrived: [u64; 3],
}

/// Stream purposes under a cluster's seed path, kept apart so that a change in one process
/// (say, the `--stringly-numbers` fraction) leaves the others' draws unchanged.
#[derive(Clone, Copy)]
pub(crate) enum Stream {
    /// Cluster attributes, resize cycles, node allocations.
    Cluster = 0,
    /// Arrival delays.
    Arrival = 1,
    /// Formatting choices: numeric strings, datetime digits.
    Format = 2,
    /// Jobs.
    Jobs = 3,
    /// Hand-placed events.
    Special = 4,
}

/// The random stream of `purpose` for cluster `cluster` of workspace `ws`.
pub(crate) fn stream(plan: &Plan, ws: u32, cluster: usize, purpose: Stream) -> Rng {
    Rng::derive(
        plan.seed,
        &[u64::from(ws), 1 + cluster as u64, purpose as u64],
    )
}

/// Filters events to the window, assigns arrival times, and collects those that arrived.
pub(crate) struct Emitter<'a> {
    plan: &'a Plan,
    cluster: u16,
    /// Exclusive end of the cluster's events: `now`, or just after its deletion.
    limit: Ticks,
    seq: u32,
    arrival: Rng,
    format: Rng,
    events: &'a mut Vec<Event>,
    not_arrived: &'a mut [u64; 3],
}

/// Median arrival delay: 90 s (§10.4).
const DELAY_MEDIAN_SECONDS: f64 = 90.0;
/// Log-normal shape of the arrival delay: ~3 % of records land in a later hour's blob.
const DELAY_SIGMA: f64 = 0.6;
/// Fraction of records arriving 1–47 h late (stale uploaders, §2.1).
const LATE_FRACTION: f64 = 0.005;
/// Fraction of property datetimes written with 0, 3 or 6 fractional digits instead of 7.
const SHORT_DIGITS_FRACTION: f64 = 0.05;

impl Emitter<'_> {
    /// Records an event at `time` unless it falls outside the window or arrives after `now`.
    pub(crate) fn emit(&mut self, time: Ticks, kind: EventKind) {
        if time < self.plan.start || time >= self.limit {
            return;
        }
        let delay = if self.arrival.chance(LATE_FRACTION) {
            self.arrival.ticks(HOUR, 47 * HOUR)
        } else {
            (self.arrival.log_normal(DELAY_MEDIAN_SECONDS, DELAY_SIGMA) * SECOND as f64) as Ticks
        };
        let event = Event {
            time,
            arrival: time + delay,
            cluster: self.cluster,
            seq: self.seq,
            kind,
        };
        self.seq += 1;
        if event.arrival > self.plan.now {
            self.not_arrived[event.table() as usize] += 1;
        } else {
            self.events.push(event);
        }
    }

    /// A property datetime: usually 7 digits, sometimes 0, 3 or 6 (truncated to what is written).
    pub(crate) fn prop_time(&mut self, t: Ticks) -> PropTime {
        if self.format.chance(SHORT_DIGITS_FRACTION) {
            PropTime::truncated(t, *self.format.pick(&[0u8, 3, 6]))
        } else {
            PropTime::exact(t)
        }
    }

    /// Which of the 12 `int` properties of a cluster event to write as numeric strings.
    pub(crate) fn stringly_mask(&mut self) -> u16 {
        let p = self.plan.stringly_numbers;
        if p <= 0.0 {
            return 0;
        }
        (0..12).fold(0, |mask, bit| {
            if self.format.chance(p) {
                mask | 1 << bit
            } else {
                mask
            }
        })
    }

    /// The window's start and the cluster's exclusive end.
    pub(crate) fn bounds(&self) -> (Ticks, Ticks) {
        (self.plan.start, self.limit)
    }
}

/// Simulates workspace `ws_index` of `plan`.
pub(crate) fn simulate_workspace(plan: &Plan, ws_index: u32) -> WorkspaceSim {
    let spec = plan.workspaces[ws_index as usize].clone();
    let mut ws_rng = Rng::derive(plan.seed, &[u64::from(ws_index), 0]);
    let experiments = (0..5)
        .map(|k| Experiment {
            id: ws_rng.guid(),
            name: vocab::EXPERIMENTS[(spec.template * 5 + k) % vocab::EXPERIMENTS.len()],
        })
        .collect();
    let mut sim = WorkspaceSim {
        clusters: Vec::new(),
        jobs: Vec::new(),
        experiments,
        events: Vec::new(),
        not_arrived: [0; 3],
        spec,
    };
    for ci in 0..cluster_count(sim.spec.template) {
        let mut rng = stream(plan, ws_index, ci, Stream::Cluster);
        let mut cluster = Cluster::draw(plan, &sim.spec, ci, &mut rng);
        let special = special::applies(ws_index, ci);
        let mut special_plan = special.then(|| {
            special::SpecialPlan::new(
                plan,
                &mut cluster,
                &mut stream(plan, ws_index, ci, Stream::Special),
            )
        });
        let limit = cluster.deleted_at.map_or(plan.now, |d| d + 1);
        let mut emitter = Emitter {
            plan,
            cluster: ci as u16,
            limit,
            seq: 0,
            arrival: stream(plan, ws_index, ci, Stream::Arrival),
            format: stream(plan, ws_index, ci, Stream::Format),
            events: &mut sim.events,
            not_arrived: &mut sim.not_arrived,
        };
        let forced = special_plan
            .as_ref()
            .map_or(&[][..], |s| &s.forced_resizes[..]);
        cluster::simulate(plan, &cluster, &mut rng, &mut emitter, forced);
        if !cluster.is_instance() {
            let mut job_rng = stream(plan, ws_index, ci, Stream::Jobs);
            job::simulate(
                plan,
                &cluster,
                &sim.experiments,
                &mut job_rng,
                &mut emitter,
                &mut sim.jobs,
            );
        }
        if let Some(s) = special_plan.as_mut() {
            s.emit(
                plan,
                &cluster,
                &sim.experiments,
                &mut emitter,
                &mut sim.jobs,
            );
        }
        sim.clusters.push(cluster);
    }
    sim
}
