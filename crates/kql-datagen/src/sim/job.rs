//! Job lifecycles of a cluster (§10.3) and the long error texts of failed jobs (§10.2).
//!
//! Jobs arrive as a Poisson process (busy clusters 6–10 a day, idle ones 1–3, times the rate):
//! `JobSubmitted` (`Queued`, `NodeId` `""`) → 0–30 min queue → `JobRunning` (`Running`) → run of
//! 1 min–12 h (log-normal) → `JobSucceeded` 85 % | `JobFailed` 15 %; 5 % emit an extra
//! `JobRunning`. About 1 % of terminal events carry `ExecutionState` `Canceled` or
//! `NotResponding`. Failed jobs fill `JobErrorMessage` and `ErrorDetails` with 200–8,000 chars
//! (1 % at 50–200 KB) of quotes, escaped newlines, backslashes and embedded JSON text.

use super::{EventKind, Experiment, Job, JobEventType, JobRecord};
use crate::rng::{self, Rng};
use crate::sim::Emitter;
use crate::time::{DAY, HOUR, MINUTE, SECOND, Ticks};
use crate::topology::{Cluster, Plan};
use crate::vocab;

/// Simulates the jobs of `cluster`, appending them to `jobs` and their events to `em`.
pub(crate) fn simulate(
    plan: &Plan,
    cluster: &Cluster,
    experiments: &[Experiment],
    rng: &mut Rng,
    em: &mut Emitter<'_>,
    jobs: &mut Vec<Job>,
) {
    let (start, limit) = em.bounds();
    let per_day = if cluster.busy {
        6.0 + 4.0 * rng.f64()
    } else {
        1.0 + 2.0 * rng.f64()
    } * plan.rate;
    let mean_gap = DAY as f64 / per_day;
    // Start half a day early so that jobs are already running when the window opens.
    let mut submit = (start - 12 * HOUR).max(cluster.created_at);
    loop {
        submit += rng.exponential(mean_gap) as Ticks;
        if submit >= limit {
            break;
        }
        let job = draw_job(rng, experiments, submit);
        run(rng, em, cluster, jobs, job, submit);
    }
}

/// Draws a job's fixed columns.
pub(crate) fn draw_job(rng: &mut Rng, experiments: &[Experiment], submit: Ticks) -> Job {
    let experiment = rng.below(experiments.len() as u64) as u16;
    let r = rng.f64();
    // §10.2 [inferred from AML SDK conventions]: 40 % AutoML, 20 % HyperDrive, 25 % SDK v1, 15 % SDK v2.
    let name = if r < 0.4 {
        if rng.chance(0.5) {
            format!("automl_{}_setup", rng.guid())
        } else {
            format!("AutoML_{}_{}", rng.guid(), rng.below(60))
        }
    } else if r < 0.6 {
        format!("HD_{}_{}", rng.guid(), rng.below(40))
    } else if r < 0.85 {
        let experiment_name = experiments[experiment as usize].name;
        format!("{experiment_name}_{}_{}", submit / SECOND, rng.hex(8))
    } else {
        format!(
            "{}_{}_{}",
            rng.pick(&vocab::ADJECTIVES),
            rng.pick(&vocab::NOUNS),
            rng.alnum(10)
        )
    };
    let tool = vocab::TOOL_TYPES[rng.weighted(&vocab::TOOL_TYPES.map(|(_, w)| w))].0;
    let (tf_workers, tf_parameter_servers) = if tool == "TensorFlow" {
        (*rng.pick(&["2", "4"]), *rng.pick(&["1", "2"]))
    } else {
        ("0", "0")
    };
    Job {
        job_id: rng.guid(),
        name,
        experiment,
        tool,
        run_in_container: if rng.chance(0.5) { "True" } else { "False" },
        tf_workers,
        tf_parameter_servers,
        error_message: String::new(),
        error_details: String::new(),
    }
}

/// Runs `job` from `submit` on `cluster`: draws its timeline and emits its events.
fn run(
    rng: &mut Rng,
    em: &mut Emitter<'_>,
    cluster: &Cluster,
    jobs: &mut Vec<Job>,
    mut job: Job,
    submit: Ticks,
) {
    let (start, limit) = em.bounds();
    let running_at = submit + rng.ticks(0, 30 * MINUTE);
    let run_minutes = rng.log_normal(20.0, 1.3).clamp(1.0, 12.0 * 60.0);
    let end = running_at + (run_minutes * MINUTE as f64) as Ticks;
    let succeeded = rng.chance(0.85);
    let node = rng.below(cluster.pool_len as u64) as u16;
    let extra_running = rng.chance(0.05).then(|| {
        (
            rng.ticks(running_at, end),
            rng.below(cluster.pool_len as u64) as u16,
        )
    });
    let terminal_state = if succeeded {
        "Succeeded"
    } else if rng.chance(0.07) {
        *rng.pick(&["Canceled", "NotResponding"])
    } else {
        "Failed"
    };
    if !succeeded && end >= start && end < limit {
        (job.error_message, job.error_details) = error_texts(rng, &job.name, &cluster.name, end);
    }
    let index = jobs.len() as u32;
    jobs.push(job);
    let record = |event, state, node| {
        EventKind::Job(JobRecord {
            job: index,
            event,
            state,
            node,
        })
    };
    em.emit(submit, record(JobEventType::Submitted, "Queued", None));
    em.emit(
        running_at,
        record(JobEventType::Running, "Running", Some(node)),
    );
    if let Some((at, other)) = extra_running {
        em.emit(at, record(JobEventType::Running, "Running", Some(other)));
    }
    let terminal = if succeeded {
        JobEventType::Succeeded
    } else {
        JobEventType::Failed
    };
    em.emit(end, record(terminal, terminal_state, Some(node)));
}

/// A length for an error text: log-uniform in 200–8,000 chars, 1 % in 50–200 KB.
fn error_length(rng: &mut Rng) -> usize {
    if rng.chance(0.01) {
        rng.between(50_000, 200_000) as usize
    } else {
        let (lo, hi) = (rng::ln(200.0), rng::ln(8000.0));
        rng::exp(lo + (hi - lo) * rng.f64()) as usize
    }
}

/// Appends `s` as the inside of a JSON string literal (quotes and control characters escaped).
fn push_json_escaped(out: &mut String, s: &str) {
    let mut buf = Vec::with_capacity(s.len() + 8);
    crate::json::push_escaped(&mut buf, s);
    out.push_str(std::str::from_utf8(&buf).expect("escaping keeps UTF-8"));
}

/// The `i`-th frame of a Python traceback, two lines.
fn stack_frame(run_dir: &str, i: usize) -> String {
    const FRAMES: [(&str, &str, &str); 5] = [
        ("train.py", "<module>", "main(parse_args())"),
        (
            "train.py",
            "main",
            "model.fit(X_train, y_train, epochs=args.epochs)",
        ),
        ("trainer/loop.py", "fit", "loss = self._step(batch)"),
        ("trainer/loop.py", "_step", "out = self.model(**batch)"),
        (
            "data/loader.py",
            "__getitem__",
            "row = self.frame.loc[idx, \"label\"]",
        ),
    ];
    let (file, func, line) = FRAMES[i % FRAMES.len()];
    format!(
        "  File \"/mnt/azureml/cr/j/{run_dir}/exe/wd/{file}\", line {}, in {func}\n    {line}\n",
        17 + 13 * (i % 29)
    )
}

/// `JobErrorMessage` and `ErrorDetails` of a failed job.
pub(crate) fn error_texts(
    rng: &mut Rng,
    job_name: &str,
    cluster_name: &str,
    at: Ticks,
) -> (String, String) {
    let (exception, detail) = *rng.pick(&vocab::EXCEPTIONS);
    let run_dir = rng.hex(32);

    let target = error_length(rng);
    let mut message = String::with_capacity(target + 256);
    message.push_str("User program failed with ");
    message.push_str(exception);
    message.push_str(": ");
    message.push_str(detail);
    message.push_str("\nRun details: {\"runId\":\"");
    push_json_escaped(&mut message, job_name);
    message.push_str("\",\"status\":\"Failed\",\"error\":{\"code\":\"UserError\",\"message\":\"");
    push_json_escaped(&mut message, detail);
    message.push_str("\"}}\nTraceback (most recent call last):\n");
    let mut i = 0;
    // At least one frame, then as many as the drawn length asks for.
    loop {
        message.push_str(&stack_frame(&run_dir, i));
        if i % 7 == 3 {
            message.push_str("\tat C:\\agent\\_work\\1\\s\\azureml\\runner.py (retry)\n");
        }
        i += 1;
        if message.len() >= target {
            break;
        }
    }
    message.push_str(exception);
    message.push_str(": ");
    message.push_str(detail);

    let target = error_length(rng);
    let mut details = String::with_capacity(target + 512);
    details.push_str("{\"error\":{\"code\":\"UserError\",\"severity\":null,\"message\":\"");
    push_json_escaped(&mut details, detail);
    details.push_str("\",\"target\":\"");
    push_json_escaped(&mut details, cluster_name);
    details.push_str(
        "\",\"detailsUri\":\"https://aka.ms/azureml-run-troubleshooting\",\"details\":[],\
         \"innerError\":{\"code\":\"ScriptExecution\",\"innerError\":{\"code\":\"",
    );
    details.push_str(exception);
    details.push_str("\"}},\"debugInfo\":{\"type\":\"");
    details.push_str(exception);
    details.push_str("\",\"stackTrace\":\"");
    let mut i = 0;
    loop {
        push_json_escaped(&mut details, &stack_frame(&run_dir, i));
        i += 1;
        if details.len() >= target {
            break;
        }
    }
    details.push_str("\"}},\"time\":\"");
    details.push_str(&crate::time::iso7(at));
    details.push_str("\"}");
    (message, details)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_texts_are_long_with_quotes_newlines_and_valid_embedded_json() {
        let mut rng = Rng::derive(3, &[]);
        for _ in 0..200 {
            let (message, details) = error_texts(&mut rng, "HD_x_1", "gpu-cluster", 0);
            assert!(
                message.len() >= 200 && message.len() <= 201_000,
                "{}",
                message.len()
            );
            assert!(message.contains('"') && message.contains('\n'));
            let parsed: serde_json::Value =
                serde_json::from_str(&details).expect("ErrorDetails is JSON text");
            assert_eq!(parsed["error"]["code"], "UserError");
        }
    }
}
