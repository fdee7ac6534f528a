//! Formats one simulated record as one diagnostic-settings JSON line (§10.4).
//!
//! `{"time":…,"resourceId":…,"category":…,"operationName":…,"resultSignature":…,"properties":{…}}`,
//! compact, `properties` keyed exactly as [`crate::schema`] lists them. Lines are written by hand
//! into a reused buffer (no `serde_json::Value` per record): at benchmark sizes this is the
//! generator's hot loop. A [`Corruption`] writes a deliberately invalid line for `--malformed`.

use crate::schema::Table;
use crate::sim::{
    ClusterRecord, Event, EventKind, JobEventType, JobRecord, NodeRecord, WorkspaceSim,
};
use crate::time::{PropTime, push_iso, push_u64};

/// How a `--malformed` line is broken; every variant is invalid JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Corruption {
    /// An unescaped `"` inside a string value (job: `JobErrorMessage`; cluster: `ClusterErrorCodes`).
    UnescapedQuote,
    /// The record stops before its closing `}}` (node events).
    MissingBraces,
}

impl Corruption {
    /// The corruption used for a table's records.
    pub(crate) fn for_table(table: Table) -> Self {
        match table {
            Table::ClusterEvent | Table::JobEvent => Self::UnescapedQuote,
            Table::ClusterNodeEvent => Self::MissingBraces,
        }
    }

    /// Description for the manifest.
    pub(crate) fn describe(self, table: Table) -> &'static str {
        match (self, table) {
            (Self::UnescapedQuote, Table::JobEvent) => "unescaped quote inside JobErrorMessage",
            (Self::UnescapedQuote, _) => "unescaped quote inside ClusterErrorCodes",
            (Self::MissingBraces, _) => "record ends before its closing braces",
        }
    }
}

/// Appends `s` escaped for the inside of a JSON string literal.
pub(crate) fn push_escaped(buf: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..=0x1f => b"",
            _ => continue,
        };
        buf.extend_from_slice(&bytes[from..i]);
        if escape.is_empty() {
            buf.extend_from_slice(b"\\u00");
            buf.push(HEX[usize::from(b >> 4)]);
            buf.push(HEX[usize::from(b & 0xf)]);
        } else {
            buf.extend_from_slice(escape);
        }
        from = i + 1;
    }
    buf.extend_from_slice(&bytes[from..]);
}

/// Writes the members of one JSON object.
struct Members<'b> {
    buf: &'b mut Vec<u8>,
    first: bool,
}

impl<'b> Members<'b> {
    fn open(buf: &'b mut Vec<u8>) -> Self {
        buf.push(b'{');
        Self { buf, first: true }
    }

    fn key(&mut self, key: &str) {
        if !self.first {
            self.buf.push(b',');
        }
        self.first = false;
        self.buf.push(b'"');
        self.buf.extend_from_slice(key.as_bytes());
        self.buf.extend_from_slice(b"\":");
    }

    fn str(&mut self, key: &str, value: &str) {
        self.key(key);
        self.buf.push(b'"');
        push_escaped(self.buf, value);
        self.buf.push(b'"');
    }

    /// A string value whose inner quotes are left unescaped: invalid JSON on purpose.
    fn broken_str(&mut self, key: &str, value: &str) {
        self.key(key);
        self.buf.extend_from_slice(b"\"User program failed: \"");
        self.buf.extend_from_slice(value.as_bytes());
        self.buf.extend_from_slice(b"\" was raised\"");
    }

    fn int(&mut self, key: &str, value: u32, as_string: bool) {
        self.key(key);
        if as_string {
            self.buf.push(b'"');
        }
        push_u64(self.buf, u64::from(value));
        if as_string {
            self.buf.push(b'"');
        }
    }

    /// A `string` column holding digits (`"QuotaAllocated":"24"`).
    fn numeric_str(&mut self, key: &str, value: u64) {
        self.key(key);
        self.buf.push(b'"');
        push_u64(self.buf, value);
        self.buf.push(b'"');
    }

    fn time(&mut self, key: &str, value: PropTime) {
        self.key(key);
        self.buf.push(b'"');
        push_iso(self.buf, value.ticks, value.digits);
        self.buf.push(b'"');
    }

    fn close(self) {
        self.buf.push(b'}');
    }
}

/// Appends the line of `event` (without newline) to `buf`; `resource_id` is the workspace's UPPER ARM ID.
pub(crate) fn write_line(
    buf: &mut Vec<u8>,
    sim: &WorkspaceSim,
    resource_id: &str,
    event: &Event,
    corruption: Option<Corruption>,
) {
    let operation = match &event.kind {
        EventKind::Cluster(r) => r.event.name(),
        EventKind::Job(r) => r.event.name(),
        EventKind::Node(_) => "NodeAllocated",
    };
    let mut top = Members::open(buf);
    top.key("time");
    top.buf.push(b'"');
    push_iso(top.buf, event.time, 7);
    top.buf.push(b'"');
    top.str("resourceId", resource_id);
    top.str("category", event.table().name());
    top.str("operationName", operation);
    top.str("resultSignature", "");
    top.key("properties");
    let broken_quote = corruption == Some(Corruption::UnescapedQuote);
    match &event.kind {
        EventKind::Cluster(r) => cluster_properties(top.buf, sim, event, r, broken_quote),
        EventKind::Job(r) => job_properties(top.buf, sim, event, r, broken_quote),
        EventKind::Node(r) => node_properties(top.buf, sim, event, r),
    }
    if corruption == Some(Corruption::MissingBraces) {
        // Drop the closing braces of `properties` (and never write the record's own).
        top.buf.pop();
        return;
    }
    top.close();
}

fn cluster_properties(
    buf: &mut Vec<u8>,
    sim: &WorkspaceSim,
    event: &Event,
    r: &ClusterRecord,
    broken: bool,
) {
    let c = &sim.clusters[usize::from(event.cluster)];
    let s = |bit: u16| r.stringly & (1 << bit) != 0;
    let mut p = Members::open(buf);
    p.str(
        "AllocationState",
        if r.resizing { "Resizing" } else { "Steady" },
    );
    p.time("AllocationStateTransitionTime", r.transition);
    if broken {
        p.broken_str("ClusterErrorCodes", "AllocationFailed");
    } else {
        p.str("ClusterErrorCodes", r.error_codes);
    }
    p.str("ClusterName", &c.name);
    p.str("ClusterType", c.cluster_type);
    p.int("CoreCount", r.quota_utilized(c), s(0));
    p.str("CreatedBy", c.created_by);
    p.str("CreationApiVersion", c.api_version);
    p.int("CurrentNodeCount", r.current, s(1));
    p.str("EventType", r.event.name());
    p.int("IdleNodeCount", r.idle, s(2));
    p.int("InitialNodeCount", c.initial_nodes, s(3));
    p.str("InternalOperationName", r.event.internal_name());
    p.str("IsResizeGrow", if r.grow { "True" } else { "False" });
    p.int("LeavingNodeCount", r.leaving, s(4));
    p.int("MaximumNodeCount", c.max_nodes, s(5));
    p.int("MinimumNodeCount", c.min_nodes, s(6));
    p.str("NodeDeallocationOption", c.deallocation);
    p.int("NodeIdleTimeSecondsBeforeScaleDown", c.idle_seconds, s(7));
    p.str("Offer", crate::vocab::OFFER);
    p.numeric_str("PreemptedNodeCount", u64::from(r.preempted));
    p.int("PreparingNodeCount", r.preparing, s(8));
    p.str("ProvisioningState", r.provisioning);
    p.str("Publisher", crate::vocab::PUBLISHER);
    p.numeric_str("QuotaAllocated", u64::from(c.quota_allocated()));
    p.numeric_str("QuotaUtilized", u64::from(r.quota_utilized(c)));
    p.int("RunningNodeCount", r.running, s(9));
    p.str("ScalingType", c.scaling);
    p.str("Sku", crate::vocab::SKU);
    p.str("SubnetId", &c.subnet_id);
    p.int("TargetNodeCount", r.target, s(10));
    p.int("UnusableNodeCount", r.unusable, s(11));
    p.str("Version", crate::vocab::IMAGE_VERSION);
    p.str("VmFamilyName", c.vm.family);
    p.str("VmPriority", c.priority);
    p.str("VmSize", c.vm.name);
    p.close();
}

fn job_properties(
    buf: &mut Vec<u8>,
    sim: &WorkspaceSim,
    event: &Event,
    r: &JobRecord,
    broken: bool,
) {
    let c = &sim.clusters[usize::from(event.cluster)];
    let job = &sim.jobs[r.job as usize];
    let experiment = &sim.experiments[usize::from(job.experiment)];
    let failed = r.event == JobEventType::Failed;
    let mut p = Members::open(buf);
    p.str("ClusterId", &c.cluster_id);
    p.str("ClusterName", &c.name);
    p.str("ClusterResourceGroupName", &sim.spec.resource_group);
    p.str("CreationApiVersion", c.api_version);
    p.str("CustomerSubscriptionId", &sim.spec.subscription);
    p.str("ErrorDetails", if failed { &job.error_details } else { "" });
    p.str("EventType", r.event.name());
    p.str("ExecutionState", r.state);
    p.str("ExperimentId", &experiment.id);
    p.str("ExperimentName", experiment.name);
    p.str("InternalOperationName", r.event.internal_name());
    if broken {
        p.broken_str("JobErrorMessage", "ModuleNotFoundError");
    } else {
        p.str(
            "JobErrorMessage",
            if failed { &job.error_message } else { "" },
        );
    }
    p.str("JobId", &job.job_id);
    p.str("JobName", &job.name);
    p.str("NodeId", r.node.map_or("", |n| &c.nodes[usize::from(n)]));
    p.str("ProvisioningState", "Succeeded");
    p.str("ResourceGroupName", &sim.spec.resource_group);
    p.str("RunInContainer", job.run_in_container);
    p.str("TFParameterServerCount", job.tf_parameter_servers);
    p.str("TFWorkerCount", job.tf_workers);
    p.str("ToolType", job.tool);
    p.str("WorkspaceName", &sim.spec.name);
    p.close();
}

fn node_properties(buf: &mut Vec<u8>, sim: &WorkspaceSim, event: &Event, r: &NodeRecord) {
    let c = &sim.clusters[usize::from(event.cluster)];
    let mut p = Members::open(buf);
    p.str("ClusterCreationTime", &c.creation_time_text);
    p.str("ClusterName", &c.name);
    p.str(
        "InternalOperationName",
        "Microsoft.MachineLearningServices/workspaces/computes/nodes/allocate/action",
    );
    p.time("NodeAllocationTime", r.allocation);
    p.time("NodeBootTime", r.boot);
    p.str("NodeId", &c.nodes[usize::from(r.node)]);
    p.str("Offer", crate::vocab::OFFER);
    p.str("Publisher", crate::vocab::PUBLISHER);
    p.time("ResizeEndTime", r.resize_end);
    p.time("ResizeStartTime", r.resize_start);
    p.str("Sku", crate::vocab::SKU);
    p.time("StartTaskEndTime", r.task_end);
    p.time("StartTaskStartTime", r.task_start);
    p.numeric_str("TotalE2ETimeInSeconds", r.e2e_seconds);
    p.str("Version", crate::vocab::IMAGE_VERSION);
    p.str("VmFamilyName", c.vm.family);
    p.str("VmPriority", c.priority);
    p.str("VmSize", c.vm.name);
    p.close();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::ColumnType;
    use crate::topology::Plan;

    #[test]
    fn escaping_round_trips_through_serde_json() {
        let text = "quote \" backslash \\ newline \n tab \t bell \u{7} json {\"a\":[1,\"b\"]} é";
        let mut buf = b"\"".to_vec();
        push_escaped(&mut buf, text);
        buf.push(b'"');
        let back: String = serde_json::from_slice(&buf).unwrap();
        assert_eq!(back, text);
    }

    #[test]
    fn lines_have_the_schema_keys_and_corruptions_are_invalid() {
        let mut plan = Plan::new(5, 400 * crate::time::DAY, 6, 1, 1.0);
        plan.stringly_numbers = 0.5;
        let sim = crate::sim::simulate_workspace(&plan, 0);
        let rid = sim.spec.resource_id_upper();
        let mut seen = [false; 3];
        for event in &sim.events {
            let table = event.table();
            let mut buf = Vec::new();
            write_line(&mut buf, &sim, &rid, event, None);
            let value: serde_json::Value = serde_json::from_slice(&buf).unwrap();
            let top: Vec<&str> = value
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(top.len(), 6);
            let props = value["properties"].as_object().unwrap();
            let expected: Vec<&str> = table.properties().iter().map(|(k, _)| *k).collect();
            assert_eq!(
                props.keys().map(String::as_str).collect::<Vec<_>>().len(),
                expected.len()
            );
            for (key, ty) in table.properties() {
                let v = &props[*key];
                match ty {
                    ColumnType::Int => {
                        assert!(v.is_u64() || v.as_str().is_some_and(|s| s.parse::<u64>().is_ok()))
                    }
                    ColumnType::String | ColumnType::DateTime => {
                        assert!(v.is_string(), "{key}: {v}")
                    }
                }
            }
            if !seen[table as usize] {
                seen[table as usize] = true;
                let mut bad = Vec::new();
                write_line(
                    &mut bad,
                    &sim,
                    &rid,
                    event,
                    Some(Corruption::for_table(table)),
                );
                assert!(serde_json::from_slice::<serde_json::Value>(&bad).is_err());
            }
        }
        assert_eq!(seen, [true; 3]);
    }
}
