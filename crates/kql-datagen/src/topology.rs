//! Who emits the events: subscriptions, resource groups, AML workspaces and their clusters.
//!
//! §10.1 of azure-exports.md: two subscriptions, the groups `rg-ml-prod`, `rg-ml-dev` and
//! `RG-Analytics` (mixed case on purpose), the workspaces `mlw-prod-eus2`, `mlw-dev-weu`,
//! `ContosoML`, `analytics_ws01`, and about fifteen clusters, among them `cpu-cluster` and
//! `Cpu-cluster` (a casing taken from a Microsoft query). A [`Plan`] is a resolved configuration;
//! each workspace follows one of four [`ClusterTemplate`] lists, and extra benchmark workspaces
//! reuse them. Cluster attributes are drawn from the cluster's own random stream.

use crate::rng::Rng;
use crate::time::{DAY, HOUR, Ticks};
use crate::vocab::{self, VmSize};

/// Subscriptions (lower-case GUIDs, [synthetic]).
pub(crate) const SUBSCRIPTIONS: [&str; 2] = [
    "3f2a6c1e-8b7d-4c2a-9e15-6d0b7a4c2f11",
    "a7c41d3b-0e52-4f8a-b6d9-1c3e5f7a9b20",
];

/// The four named workspaces with their subscription index and resource group.
const WORKSPACES: [(&str, usize, &str); 4] = [
    ("mlw-prod-eus2", 0, "rg-ml-prod"),
    ("mlw-dev-weu", 0, "rg-ml-dev"),
    ("ContosoML", 1, "RG-Analytics"),
    ("analytics_ws01", 1, "RG-Analytics"),
];

/// Resource groups of generated benchmark workspaces, cycled.
const BENCH_GROUPS: [&str; 3] = ["rg-ml-prod", "rg-ml-dev", "RG-Analytics"];

/// A resolved configuration: the window, the workspaces and the rates.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// Seed of every stream.
    pub(crate) seed: u64,
    /// The pinned `now`.
    pub(crate) now: Ticks,
    /// Start of the window (`now` − days): no event is generated before it.
    pub(crate) start: Ticks,
    /// Workspaces, by index.
    pub(crate) workspaces: Vec<WorkspaceSpec>,
    /// Multiplier of job and resize rates.
    pub(crate) rate: f64,
    /// Fraction of int property values written as numeric strings.
    pub(crate) stringly_numbers: f64,
    /// Fraction of lines replaced by invalid JSON.
    pub(crate) malformed: f64,
}

impl Plan {
    /// A plan of `days` days and `workspaces` workspaces.
    pub(crate) fn new(seed: u64, now: Ticks, days: u32, workspaces: u32, rate: f64) -> Self {
        Self {
            seed,
            now,
            start: now - i64::from(days) * DAY,
            workspaces: (0..workspaces).map(WorkspaceSpec::new).collect(),
            rate,
            stringly_numbers: 0.0,
            malformed: 0.0,
        }
    }

    /// Length of the window in ticks.
    pub(crate) fn span(&self) -> Ticks {
        self.now - self.start
    }
}

/// One AML workspace and where it lives.
#[derive(Debug, Clone)]
pub(crate) struct WorkspaceSpec {
    /// Name as created (mixed case kept: `ContosoML`).
    pub(crate) name: String,
    /// Subscription GUID, lower case.
    pub(crate) subscription: String,
    /// Resource group as created (`RG-Analytics`).
    pub(crate) resource_group: String,
    /// Index into the cluster templates.
    pub(crate) template: usize,
}

impl WorkspaceSpec {
    fn new(index: u32) -> Self {
        let i = index as usize;
        if let Some(&(name, sub, rg)) = WORKSPACES.get(i) {
            Self {
                name: name.to_owned(),
                subscription: SUBSCRIPTIONS[sub].to_owned(),
                resource_group: rg.to_owned(),
                template: i,
            }
        } else {
            Self {
                name: format!("mlw-bench-{index:03}"),
                subscription: SUBSCRIPTIONS[i % SUBSCRIPTIONS.len()].to_owned(),
                resource_group: BENCH_GROUPS[i % BENCH_GROUPS.len()].to_owned(),
                template: i % WORKSPACES.len(),
            }
        }
    }

    /// The ARM ID as diagnostic records write it: UPPER, GUID included (§2.1).
    pub(crate) fn resource_id_upper(&self) -> String {
        format!(
            "/SUBSCRIPTIONS/{}/RESOURCEGROUPS/{}/PROVIDERS/MICROSOFT.MACHINELEARNINGSERVICES/WORKSPACES/{}",
            self.subscription, self.resource_group, self.name
        )
        .to_ascii_uppercase()
    }
}

/// How a cluster's VM size is chosen.
#[derive(Debug, Clone, Copy)]
enum VmChoice {
    /// A fixed index into [`vocab::VM_SIZES`].
    Fixed(usize),
    /// Weighted among CPU sizes.
    Cpu,
    /// Weighted among GPU sizes.
    Gpu,
    /// Weighted among all sizes.
    Any,
}

/// When a cluster exists relative to the window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Lifecycle {
    /// Created before the window, alive until `now`.
    Existing,
    /// Created at this fraction of the window (its `CreateOperationCompleted` is in the data).
    CreatedAt(f64),
    /// Created before the window, deleted at this fraction of it.
    DeletedAt(f64),
}

/// A cluster of a workspace template.
#[derive(Debug, Clone, Copy)]
struct ClusterTemplate {
    /// Fixed name, or `None` for `cc-<6 hex>`.
    name: Option<&'static str>,
    /// A compute instance (`ClusterType` `DSI`) rather than an `AmlCompute` cluster.
    instance: bool,
    vm: VmChoice,
    /// Fixed `VmPriority`, else drawn.
    priority: Option<&'static str>,
    /// Busy clusters resize about every 3 h and run many jobs; idle ones every 24 h.
    busy: bool,
    lifecycle: Lifecycle,
}

const fn compute(
    name: Option<&'static str>,
    vm: VmChoice,
    busy: bool,
    lifecycle: Lifecycle,
) -> ClusterTemplate {
    ClusterTemplate {
        name,
        instance: false,
        vm,
        priority: None,
        busy,
        lifecycle,
    }
}

const fn instance(name: &'static str) -> ClusterTemplate {
    ClusterTemplate {
        name: Some(name),
        instance: true,
        vm: VmChoice::Cpu,
        priority: Some("Dedicated"),
        busy: false,
        lifecycle: Lifecycle::Existing,
    }
}

use Lifecycle::{CreatedAt, DeletedAt, Existing};
use VmChoice::{Any, Cpu, Fixed, Gpu};

/// Cluster lists of the four workspace templates (17 clusters, 5 of them compute instances).
/// Template 0's first cluster, `cpu-cluster` on `STANDARD_D1_V2`, is the designated cluster that
/// carries the hand-placed boundary events (see `sim::special`).
const TEMPLATES: [&[ClusterTemplate]; 4] = [
    &[
        compute(Some("cpu-cluster"), Fixed(vocab::VM_D1_V2), true, Existing),
        compute(Some("gpu-cluster"), Gpu, false, Existing),
        ClusterTemplate {
            priority: Some("LowPriority"),
            ..compute(
                Some("gpu-a100-lowpri"),
                Fixed(vocab::VM_ND96ASR_V4),
                false,
                Existing,
            )
        },
        compute(None, Any, false, DeletedAt(0.7)),
        instance("ci-alice"),
    ],
    &[
        compute(Some("Cpu-cluster"), Fixed(vocab::VM_D1_V2), false, Existing),
        compute(Some("cpu-cluster"), Cpu, true, Existing),
        compute(None, Any, false, CreatedAt(0.35)),
        instance("ci-bob"),
    ],
    &[
        compute(Some("cpu-cluster"), Cpu, true, Existing),
        compute(Some("gpu-cluster"), Gpu, false, DeletedAt(0.12)),
        compute(None, Any, false, Existing),
        instance("ci-carol"),
        instance("ci-dave"),
    ],
    &[
        compute(Some("Cpu-cluster"), Cpu, false, Existing),
        compute(None, Any, true, CreatedAt(0.5)),
        instance("ci-erin"),
    ],
];

/// Number of clusters of a workspace template.
pub(crate) fn cluster_count(template: usize) -> usize {
    TEMPLATES[template].len()
}

/// A cluster (or compute instance) with its fixed attributes.
#[derive(Debug)]
pub(crate) struct Cluster {
    /// `ClusterName`.
    pub(crate) name: String,
    /// `ClusterType`: `AmlCompute` or `DSI`.
    pub(crate) cluster_type: &'static str,
    /// `VmSize` and its family and cores.
    pub(crate) vm: &'static VmSize,
    /// `VmPriority`.
    pub(crate) priority: &'static str,
    /// `ScalingType`.
    pub(crate) scaling: &'static str,
    /// `MinimumNodeCount`.
    pub(crate) min_nodes: u32,
    /// `MaximumNodeCount`.
    pub(crate) max_nodes: u32,
    /// `InitialNodeCount`.
    pub(crate) initial_nodes: u32,
    /// `NodeIdleTimeSecondsBeforeScaleDown`.
    pub(crate) idle_seconds: u32,
    /// `NodeDeallocationOption`.
    pub(crate) deallocation: &'static str,
    /// `CreationApiVersion`.
    pub(crate) api_version: &'static str,
    /// `CreatedBy`.
    pub(crate) created_by: &'static str,
    /// `SubnetId` (`""` when not in a VNet).
    pub(crate) subnet_id: String,
    /// `ClusterId` of its job events (GUID; the real format is unknown).
    pub(crate) cluster_id: String,
    /// `NodeId`s: the first `pool_len` are allocated by the simulation, later ones are reserved
    /// for hand-placed events.
    pub(crate) nodes: Vec<String>,
    /// Number of regular nodes at the start of `nodes`.
    pub(crate) pool_len: usize,
    /// Busy or idle rates.
    pub(crate) busy: bool,
    /// Creation instant.
    pub(crate) created_at: Ticks,
    /// Deletion instant, if deleted inside the window.
    pub(crate) deleted_at: Option<Ticks>,
    /// Whether the creation is inside the window (then a `CreateOperationCompleted` is emitted).
    pub(crate) created_in_window: bool,
    /// `ClusterCreationTime` text of node events: ISO or .NET form.
    pub(crate) creation_time_text: String,
}

impl Cluster {
    /// Draws cluster `index` of workspace `ws` from `rng`.
    pub(crate) fn draw(plan: &Plan, ws: &WorkspaceSpec, index: usize, rng: &mut Rng) -> Self {
        let t = TEMPLATES[ws.template][index];
        let name = match t.name {
            Some(n) => n.to_owned(),
            None => format!("cc-{}", rng.hex(6)),
        };
        let vm_index = match t.vm {
            Fixed(i) => i,
            Cpu | Gpu | Any => {
                let weights: Vec<f64> = vocab::VM_SIZES
                    .iter()
                    .map(|v| match t.vm {
                        Cpu if v.gpu => 0.0,
                        Gpu if !v.gpu => 0.0,
                        _ => v.weight,
                    })
                    .collect();
                rng.weighted(&weights)
            }
        };
        let priority = t.priority.unwrap_or_else(|| {
            let weights = vocab::VM_PRIORITIES.map(|(_, w)| w);
            vocab::VM_PRIORITIES[rng.weighted(&weights)].0
        });
        let scaling = vocab::SCALING_TYPES[rng.weighted(&vocab::SCALING_TYPES.map(|(_, w)| w))].0;
        let max_nodes = if t.instance {
            1
        } else {
            *rng.pick(&vocab::MAX_NODES[1..])
        };
        let min_nodes = if !t.instance && scaling == "Manual" {
            1
        } else {
            0
        };
        let initial_nodes = rng.below(2) as u32;
        let idle_seconds = *rng.pick(&vocab::IDLE_SECONDS);
        let deallocation = vocab::DEALLOCATION_OPTIONS
            [rng.weighted(&vocab::DEALLOCATION_OPTIONS.map(|(_, w)| w))]
        .0;
        let api_version = *rng.pick(&vocab::API_VERSIONS);
        let created_by = *rng.pick(&vocab::CREATORS);
        let subnet_id = if rng.chance(0.5) {
            String::new()
        } else {
            format!(
                "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Network/virtualNetworks/vnet-ml/subnets/snet-{}",
                ws.subscription,
                ws.resource_group,
                name.to_ascii_lowercase()
            )
        };
        let cluster_id = rng.guid();
        let suffix = if priority == "LowPriority" { "p" } else { "d" };
        let pool_len = (rng.between(3, 5) as usize).min(max_nodes as usize);
        let nodes = (0..pool_len)
            .map(|_| format!("tvmps_{}_{suffix}", rng.hex(64)))
            .collect();
        let span = plan.span();
        let jitter = rng.ticks(0, 3 * HOUR);
        let before_window = plan.start - rng.ticks(5 * DAY, 60 * DAY);
        let (created_at, deleted_at) = match t.lifecycle {
            Existing => (before_window, None),
            CreatedAt(f) => (plan.start + (span as f64 * f) as Ticks + jitter, None),
            DeletedAt(f) => (
                before_window,
                Some(plan.start + (span as f64 * f) as Ticks + jitter),
            ),
        };
        let mut creation_time_text = Vec::new();
        if rng.chance(0.3) {
            crate::time::push_dotnet(&mut creation_time_text, created_at);
        } else {
            crate::time::push_iso(&mut creation_time_text, created_at, 7);
        }
        Self {
            name,
            cluster_type: if t.instance { "DSI" } else { "AmlCompute" },
            vm: &vocab::VM_SIZES[vm_index],
            priority,
            scaling,
            min_nodes,
            max_nodes,
            initial_nodes: initial_nodes.clamp(min_nodes, max_nodes),
            idle_seconds,
            deallocation,
            api_version,
            created_by,
            subnet_id,
            cluster_id,
            nodes,
            pool_len,
            busy: t.busy,
            created_at,
            deleted_at,
            created_in_window: created_at >= plan.start,
            creation_time_text: String::from_utf8(creation_time_text).expect("ASCII"),
        }
    }

    /// `QuotaAllocated`: cores of the maximum node count.
    pub(crate) fn quota_allocated(&self) -> u32 {
        self.vm.cores * self.max_nodes
    }

    /// Whether this is a compute instance (`ClusterType` `DSI`).
    pub(crate) fn is_instance(&self) -> bool {
        self.cluster_type == "DSI"
    }

    /// Adds a reserved node ID (for hand-placed events) and returns its index.
    pub(crate) fn reserve_node(&mut self, rng: &mut Rng) -> u16 {
        let suffix = if self.priority == "LowPriority" {
            "p"
        } else {
            "d"
        };
        self.nodes.push(format!("tvmps_{}_{suffix}", rng.hex(64)));
        (self.nodes.len() - 1) as u16
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_workspaces_follow_the_reference_topology() {
        let plan = Plan::new(42, 0, 10, 6, 1.0);
        let names: Vec<&str> = plan.workspaces.iter().map(|w| w.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "mlw-prod-eus2",
                "mlw-dev-weu",
                "ContosoML",
                "analytics_ws01",
                "mlw-bench-004",
                "mlw-bench-005"
            ]
        );
        assert_eq!(
            plan.workspaces[2].resource_id_upper(),
            "/SUBSCRIPTIONS/A7C41D3B-0E52-4F8A-B6D9-1C3E5F7A9B20/RESOURCEGROUPS/RG-ANALYTICS/PROVIDERS/MICROSOFT.MACHINELEARNINGSERVICES/WORKSPACES/CONTOSOML"
        );
        let clusters: usize = (0..4).map(cluster_count).sum();
        assert_eq!(clusters, 17);
    }

    #[test]
    fn drawn_clusters_keep_the_node_count_invariants() {
        let plan = Plan::new(42, 100 * DAY, 10, 4, 1.0);
        for (w, ws) in plan.workspaces.iter().enumerate() {
            for i in 0..cluster_count(ws.template) {
                let mut rng = Rng::derive(1, &[w as u64, i as u64]);
                let c = Cluster::draw(&plan, ws, i, &mut rng);
                assert!(
                    c.min_nodes <= c.initial_nodes && c.initial_nodes <= c.max_nodes,
                    "{c:?}"
                );
                assert!(c.pool_len >= 1 && c.pool_len <= c.max_nodes as usize);
                assert!(c.deleted_at.is_none_or(|d| d > plan.start && d < plan.now));
            }
        }
    }
}
