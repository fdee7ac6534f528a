//! The expected answers of Q1–Q5, from the generator's own records (never from kqlake).
//!
//! While a workspace's lines are written, [`collect`] applies each query's filter to the typed
//! record behind every valid line, with Kusto semantics at the pinned `now` (`ago(5d)` =
//! `now − 5 days`, `>` strict, `_ResourceId` lower-cased), and keeps the matching output row
//! tagged with its [`Loc`]. [`evaluate`] then drops rows whose line a later step broke
//! (`--open-hour`), aggregates (Q4 `distinct`, Q5 `summarize`) and renders kqlake's CSV
//! contract: header, rows sorted by their CSV text, datetimes with 7 fractional digits, reals with
//! Rust's shortest round-trip `{}`, strings quoted only when they must be (RFC 4180).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::sim::special::Q2_JOB_NAME;
use crate::sim::{Event, EventKind, JobEventType, WorkspaceSim};
use crate::time::{DAY, iso7};
use crate::topology::Plan;

/// Where a line is: (workspace index, file index within the workspace, 1-based line).
pub(crate) type Loc = (u32, u32, u32);

/// The five target queries, verbatim (azure-exports.md §1.1).
pub const QUERIES: [&str; 5] = [
    "AmlComputeJobEvent | where TimeGenerated > ago(5d) and EventType == \"JobFailed\" | project TimeGenerated, ClusterId, EventType, ExecutionState, ToolType",
    "AmlComputeJobEvent | where JobName == \"automl_a9940991-dedb-4262-9763-2fd08b79d8fb_setup\" | project TimeGenerated, ClusterId, EventType, ExecutionState, ToolType",
    "AmlComputeClusterEvent | where TimeGenerated > ago(4d) and VmSize == \"STANDARD_D1_V2\" | project ClusterName, InitialNodeCount, MaximumNodeCount, QuotaAllocated, QuotaUtilized",
    "AmlComputeClusterNodeEvent | where TimeGenerated > ago(8d) and NodeAllocationTime > ago(8d) | distinct NodeId",
    "AmlComputeClusterEvent | where TimeGenerated > ago(1d) | summarize avgRunningNodes=avg(TargetNodeCount), maxRunningNodes=max(TargetNodeCount) by Workspace=tostring(split(_ResourceId, \"/\")[8]), ClusterName, ClusterType, VmSize, VmPriority",
];

/// Output columns of each query, in order.
pub const HEADERS: [&str; 5] = [
    "TimeGenerated,ClusterId,EventType,ExecutionState,ToolType",
    "TimeGenerated,ClusterId,EventType,ExecutionState,ToolType",
    "ClusterName,InitialNodeCount,MaximumNodeCount,QuotaAllocated,QuotaUtilized",
    "NodeId",
    "Workspace,ClusterName,ClusterType,VmSize,VmPriority,avgRunningNodes,maxRunningNodes",
];

/// A field in kqlake's CSV contract: quoted (inner quotes doubled) only if it holds `,` `"` CR or LF.
pub fn csv_field(s: &str) -> Cow<'_, str> {
    if s.contains([',', '"', '\r', '\n']) {
        Cow::Owned(format!("\"{}\"", s.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(s)
    }
}

fn csv_row(fields: &[&str]) -> String {
    fields
        .iter()
        .map(|f| csv_field(f))
        .collect::<Vec<_>>()
        .join(",")
}

/// Matching rows of the valid lines written so far, each tagged with its line.
#[derive(Debug, Default)]
pub(crate) struct Facts {
    /// Q1 rows.
    q1: Vec<(Loc, String)>,
    /// Q2 rows.
    q2: Vec<(Loc, String)>,
    /// Q3 rows.
    q3: Vec<(Loc, String)>,
    /// Q4 `NodeId`s (before `distinct`).
    q4: Vec<(Loc, String)>,
    /// Q5 group key (CSV of the five `by` columns) and `TargetNodeCount`.
    q5: Vec<(Loc, String, i64)>,
}

/// Applies the five filters to the record of the valid line `loc`.
pub(crate) fn collect(facts: &mut Facts, plan: &Plan, sim: &WorkspaceSim, event: &Event, loc: Loc) {
    let ago = |days: i64| plan.now - days * DAY;
    let cluster = &sim.clusters[usize::from(event.cluster)];
    match &event.kind {
        EventKind::Job(r) => {
            let job = &sim.jobs[r.job as usize];
            let row = || {
                csv_row(&[
                    &iso7(event.time),
                    &cluster.cluster_id,
                    r.event.name(),
                    r.state,
                    job.tool,
                ])
            };
            if event.time > ago(5) && r.event == JobEventType::Failed {
                facts.q1.push((loc, row()));
            }
            if job.name == Q2_JOB_NAME {
                facts.q2.push((loc, row()));
            }
        }
        EventKind::Cluster(r) => {
            if event.time > ago(4) && cluster.vm.name == "STANDARD_D1_V2" {
                let row = csv_row(&[
                    &cluster.name,
                    &cluster.initial_nodes.to_string(),
                    &cluster.max_nodes.to_string(),
                    &cluster.quota_allocated().to_string(),
                    &r.quota_utilized(cluster).to_string(),
                ]);
                facts.q3.push((loc, row));
            }
            if event.time > ago(1) {
                // split(_ResourceId, "/")[8] of the lower-cased ARM ID is the lower-cased workspace name.
                let key = csv_row(&[
                    &sim.spec.name.to_lowercase(),
                    &cluster.name,
                    cluster.cluster_type,
                    cluster.vm.name,
                    cluster.priority,
                ]);
                facts.q5.push((loc, key, i64::from(r.target)));
            }
        }
        EventKind::Node(r) => {
            if event.time > ago(8) && r.allocation.ticks > ago(8) {
                facts
                    .q4
                    .push((loc, cluster.nodes[usize::from(r.node)].clone()));
            }
        }
    }
}

/// The expected CSV text of each query.
#[derive(Debug)]
pub(crate) struct Answers {
    /// Full CSV documents (header, sorted rows, trailing newline), Q1 first.
    pub(crate) csv: [String; 5],
    /// Data rows per query.
    pub(crate) rows: [usize; 5],
    /// Q4's answer.
    pub(crate) node_ids: Vec<String>,
}

/// Aggregates the facts of all workspaces, leaving out the lines in `removed`.
pub(crate) fn evaluate<'a>(
    all: impl IntoIterator<Item = &'a Facts>,
    removed: &HashSet<Loc>,
) -> Answers {
    let mut rows: [Vec<String>; 5] = Default::default();
    let mut node_ids = BTreeSet::new();
    // Exact integer sum, count, max per group: avg = sum as f64 / count, as Kusto's avg of longs.
    let mut groups: BTreeMap<&str, (i128, u64, i64)> = BTreeMap::new();
    for facts in all {
        let keep = |loc: &Loc| !removed.contains(loc);
        for (i, list) in [&facts.q1, &facts.q2, &facts.q3].into_iter().enumerate() {
            rows[i].extend(list.iter().filter(|(l, _)| keep(l)).map(|(_, r)| r.clone()));
        }
        node_ids.extend(
            facts
                .q4
                .iter()
                .filter(|(l, _)| keep(l))
                .map(|(_, n)| n.clone()),
        );
        for (loc, key, target) in &facts.q5 {
            if keep(loc) {
                let g = groups.entry(key).or_insert((0, 0, i64::MIN));
                g.0 += i128::from(*target);
                g.1 += 1;
                g.2 = g.2.max(*target);
            }
        }
    }
    rows[3] = node_ids.iter().map(|n| csv_field(n).into_owned()).collect();
    rows[4] = groups
        .into_iter()
        .map(|(key, (sum, count, max))| format!("{key},{},{max}", sum as f64 / count as f64))
        .collect();
    let counts = rows.each_ref().map(Vec::len);
    let csv = std::array::from_fn(|i| {
        rows[i].sort();
        let mut text = String::from(HEADERS[i]);
        text.push('\n');
        for row in &rows[i] {
            text.push_str(row);
            text.push('\n');
        }
        text
    });
    Answers {
        csv,
        rows: counts,
        node_ids: node_ids.into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("cpu-cluster"), "cpu-cluster");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field(""), "");
    }

    #[test]
    fn reals_print_shortest_round_trip() {
        assert_eq!(format!("{}", 6.0f64 / 2.0), "3");
        assert_eq!(format!("{}", 10.0f64 / 3.0), "3.3333333333333335");
    }

    #[test]
    fn removed_lines_leave_the_answers() {
        let mut facts = Facts::default();
        facts.q1.push(((0, 0, 1), "b".into()));
        facts.q1.push(((0, 0, 2), "a".into()));
        facts.q4.push(((0, 0, 3), "n1".into()));
        facts.q4.push(((0, 1, 1), "n1".into()));
        facts
            .q5
            .push(((0, 0, 4), "ws,c,AmlCompute,V,Dedicated".into(), 2));
        facts
            .q5
            .push(((0, 0, 5), "ws,c,AmlCompute,V,Dedicated".into(), 3));
        facts
            .q5
            .push(((0, 0, 6), "ws,c,AmlCompute,V,Dedicated".into(), 1));
        let all = evaluate([&facts], &HashSet::new());
        assert_eq!(all.csv[0], format!("{}\na\nb\n", HEADERS[0]));
        assert_eq!(all.rows, [2, 0, 0, 1, 1]);
        assert_eq!(
            all.csv[4].lines().nth(1),
            Some("ws,c,AmlCompute,V,Dedicated,2,3")
        );
        let some = evaluate([&facts], &HashSet::from([(0, 0, 2), (0, 0, 5)]));
        assert_eq!(some.csv[0], format!("{}\nb\n", HEADERS[0]));
        assert_eq!(
            some.csv[4].lines().nth(1),
            Some("ws,c,AmlCompute,V,Dedicated,1.5,2")
        );
        assert_eq!(some.node_ids, ["n1"]);
    }
}
