//! Hand-placed events that make the five target queries discriminating.
//!
//! They all go to the designated cluster (`cpu-cluster`, `STANDARD_D1_V2`, first cluster of
//! `mlw-prod-eus2`), and only when their instants fall inside the window:
//! - Q2: the job `automl_a9940991-dedb-4262-9763-2fd08b79d8fb_setup`, five events over two
//!   attempts (submitted, running, failed; submitted again, running);
//! - Q1: one `JobFailed` exactly at `ago(5d)` (excluded: `>` is strict) and one a tick later;
//! - Q3 and Q5: resize cycles starting exactly at `ago(4d)` and `ago(1d)`;
//! - Q4: four node events with reserved `NodeId`s around `ago(8d)`: `TimeGenerated` inside but
//!   `NodeAllocationTime` older; `TimeGenerated` older but `NodeAllocationTime` inside (a node
//!   clock ahead); `NodeAllocationTime` exactly at `ago(8d)`; and a tick after it (the only one
//!   of the four in the answer).

use super::cluster::node_record;
use super::job::{draw_job, error_texts};
use super::{Emitter, EventKind, Experiment, Job, JobEventType, JobRecord};
use crate::rng::Rng;
use crate::time::{DAY, HOUR, MINUTE, SECOND, Ticks};
use crate::topology::{Cluster, Plan};

/// The job name of Q2 (from Microsoft's sample query).
pub const Q2_JOB_NAME: &str = "automl_a9940991-dedb-4262-9763-2fd08b79d8fb_setup";

/// Whether cluster `cluster` of workspace `ws` is the designated cluster.
pub(crate) fn applies(ws: u32, cluster: usize) -> bool {
    ws == 0 && cluster == 0
}

/// The designated cluster's hand-placed events.
pub(crate) struct SpecialPlan {
    /// Resize starts placed exactly (given to the cluster simulation).
    pub(crate) forced_resizes: Vec<Ticks>,
    /// Reserved `NodeId`s of the four Q4 boundary events.
    boundary_nodes: [u16; 4],
    rng: Rng,
}

impl SpecialPlan {
    /// Reserves the boundary node IDs on `cluster` and lists the forced resizes.
    pub(crate) fn new(plan: &Plan, cluster: &mut Cluster, rng: &mut Rng) -> Self {
        let mut rng = Rng::derive(rng.u64(), &[]);
        let boundary_nodes = [0; 4].map(|_| cluster.reserve_node(&mut rng));
        Self {
            forced_resizes: vec![plan.now - 4 * DAY, plan.now - DAY],
            boundary_nodes,
            rng,
        }
    }

    /// Emits the Q2 job, the Q1 boundary jobs and the Q4 boundary node events.
    pub(crate) fn emit(
        &mut self,
        plan: &Plan,
        cluster: &Cluster,
        experiments: &[Experiment],
        em: &mut Emitter<'_>,
        jobs: &mut Vec<Job>,
    ) {
        let rng = &mut self.rng;
        let (start, _) = em.bounds();
        let now = plan.now;
        let first = 0u16;
        let second = (cluster.pool_len.min(2) - 1) as u16;

        // Q2: about three days ago (less in short windows), sub-second ticks on purpose.
        let t0 = now - (3 * DAY).min(plan.span() * 6 / 10)
            + 2 * HOUR
            + 13 * MINUTE
            + 7 * SECOND
            + 1_234_567;
        let attempt = |rng: &mut Rng, submit: Ticks| {
            let mut job = draw_job(rng, experiments, submit);
            job.name = Q2_JOB_NAME.to_owned();
            job.experiment = 0;
            job
        };
        let mut failed = attempt(rng, t0);
        let failed_at = t0 + HOUR + 20 * MINUTE + 33_000_000;
        (failed.error_message, failed.error_details) =
            error_texts(rng, Q2_JOB_NAME, &cluster.name, failed_at);
        let retry = attempt(rng, t0 + 2 * HOUR);
        let first_job = push(jobs, failed);
        let retry_job = push(jobs, retry);
        emit_job(em, first_job, t0, JobEventType::Submitted, "Queued", None);
        emit_job(
            em,
            first_job,
            t0 + 4 * MINUTE + 125_000_000,
            JobEventType::Running,
            "Running",
            Some(first),
        );
        emit_job(
            em,
            first_job,
            failed_at,
            JobEventType::Failed,
            "Failed",
            Some(first),
        );
        emit_job(
            em,
            retry_job,
            t0 + 2 * HOUR,
            JobEventType::Submitted,
            "Queued",
            None,
        );
        emit_job(
            em,
            retry_job,
            t0 + 2 * HOUR + 7 * MINUTE,
            JobEventType::Running,
            "Running",
            Some(second),
        );

        // Q1: JobFailed exactly at ago(5d) and one tick later.
        let b = now - 5 * DAY;
        if b - 2 * HOUR >= start {
            for (submit, end) in [(b - 90 * MINUTE, b), (b - 60 * MINUTE, b + 1)] {
                let mut job = draw_job(rng, experiments, submit);
                (job.error_message, job.error_details) =
                    error_texts(rng, &job.name, &cluster.name, end);
                let index = push(jobs, job);
                emit_job(em, index, submit, JobEventType::Submitted, "Queued", None);
                emit_job(
                    em,
                    index,
                    submit + 10 * MINUTE,
                    JobEventType::Running,
                    "Running",
                    Some(first),
                );
                emit_job(em, index, end, JobEventType::Failed, "Failed", Some(first));
            }
        }

        // Q4: node events around ago(8d): (TimeGenerated, ResizeStart, NodeAllocation, ResizeEnd).
        let b = now - 8 * DAY;
        if b - 30 * MINUTE >= start {
            let cases = [
                (
                    b + 10 * MINUTE,
                    b - 12 * MINUTE,
                    b - 5 * MINUTE,
                    b + 4 * MINUTE,
                ),
                (
                    b - 10 * MINUTE,
                    b - 2 * MINUTE,
                    b + 3 * MINUTE,
                    b + 9 * MINUTE,
                ),
                (b + 15 * MINUTE, b - 6 * MINUTE, b, b + 9 * MINUTE),
                (b + 15 * MINUTE, b - 6 * MINUTE, b + 1, b + 9 * MINUTE),
            ];
            for (node, (time, resize_start, allocation, resize_end)) in
                self.boundary_nodes.iter().zip(cases)
            {
                em.emit(
                    time,
                    EventKind::Node(node_record(*node, resize_start, allocation, resize_end)),
                );
            }
        }
    }
}

fn push(jobs: &mut Vec<Job>, job: Job) -> u32 {
    jobs.push(job);
    (jobs.len() - 1) as u32
}

fn emit_job(
    em: &mut Emitter<'_>,
    job: u32,
    time: Ticks,
    event: JobEventType,
    state: &'static str,
    node: Option<u16>,
) {
    em.emit(
        time,
        EventKind::Job(JobRecord {
            job,
            event,
            state,
            node,
        }),
    );
}
