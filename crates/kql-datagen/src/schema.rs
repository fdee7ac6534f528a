//! The three AML tables and the columns their diagnostic records carry in `properties`.
//!
//! Transcribed from azure-exports.md §5.2 \[doc\]: every documented column of the table except
//! those that a diagnostic record holds at top level or that ingestion adds (`TimeGenerated`,
//! `OperationName`, `ResultSignature`, `TenantId`, `Type`, `SourceSystem`, `_*`), per §10.4. The
//! writer emits exactly these keys, in this (alphabetical) order; the tests check written records
//! against this list.

/// The KQL type of a column, which decides its JSON form in `properties`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// `datetime`: an ISO 8601 string.
    DateTime,
    /// `int`: a JSON number (or, under `--stringly-numbers`, a numeric string).
    Int,
    /// `string` (including numeric text such as `QuotaAllocated`).
    String,
}

/// One of the generated tables (the diagnostic category has the same name, §5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Table {
    /// `AmlComputeClusterEvent`: cluster creation, resizes, deletion.
    ClusterEvent,
    /// `AmlComputeJobEvent`: job lifecycle events.
    JobEvent,
    /// `AmlComputeClusterNodeEvent`: one record per node allocation.
    ClusterNodeEvent,
}

impl Table {
    /// All tables, in output order.
    pub const ALL: [Table; 3] = [
        Table::ClusterEvent,
        Table::JobEvent,
        Table::ClusterNodeEvent,
    ];

    /// Table and category name, e.g. `AmlComputeJobEvent`.
    pub fn name(self) -> &'static str {
        match self {
            Table::ClusterEvent => "AmlComputeClusterEvent",
            Table::JobEvent => "AmlComputeJobEvent",
            Table::ClusterNodeEvent => "AmlComputeClusterNodeEvent",
        }
    }

    /// The storage container of the category: `insights-logs-<category lower>`.
    pub fn container(self) -> &'static str {
        match self {
            Table::ClusterEvent => "insights-logs-amlcomputeclusterevent",
            Table::JobEvent => "insights-logs-amlcomputejobevent",
            Table::ClusterNodeEvent => "insights-logs-amlcomputeclusternodeevent",
        }
    }

    /// The `properties` keys of a record of this table, with their KQL types.
    pub fn properties(self) -> &'static [(&'static str, ColumnType)] {
        match self {
            Table::ClusterEvent => CLUSTER_EVENT_PROPERTIES,
            Table::JobEvent => JOB_EVENT_PROPERTIES,
            Table::ClusterNodeEvent => CLUSTER_NODE_EVENT_PROPERTIES,
        }
    }
}

use ColumnType::{DateTime, Int, String as Str};

/// `AmlComputeClusterEvent` (46 columns: these 36, the 8 standard ones, `OperationName`, `ResultSignature`).
pub const CLUSTER_EVENT_PROPERTIES: &[(&str, ColumnType)] = &[
    ("AllocationState", Str),
    ("AllocationStateTransitionTime", DateTime),
    ("ClusterErrorCodes", Str),
    ("ClusterName", Str),
    ("ClusterType", Str),
    ("CoreCount", Int),
    ("CreatedBy", Str),
    ("CreationApiVersion", Str),
    ("CurrentNodeCount", Int),
    ("EventType", Str),
    ("IdleNodeCount", Int),
    ("InitialNodeCount", Int),
    ("InternalOperationName", Str),
    ("IsResizeGrow", Str),
    ("LeavingNodeCount", Int),
    ("MaximumNodeCount", Int),
    ("MinimumNodeCount", Int),
    ("NodeDeallocationOption", Str),
    ("NodeIdleTimeSecondsBeforeScaleDown", Int),
    ("Offer", Str),
    ("PreemptedNodeCount", Str),
    ("PreparingNodeCount", Int),
    ("ProvisioningState", Str),
    ("Publisher", Str),
    ("QuotaAllocated", Str),
    ("QuotaUtilized", Str),
    ("RunningNodeCount", Int),
    ("ScalingType", Str),
    ("Sku", Str),
    ("SubnetId", Str),
    ("TargetNodeCount", Int),
    ("UnusableNodeCount", Int),
    ("Version", Str),
    ("VmFamilyName", Str),
    ("VmPriority", Str),
    ("VmSize", Str),
];

/// `AmlComputeJobEvent` (32 columns: these 22, the 8 standard ones, `OperationName`, `ResultSignature`).
pub const JOB_EVENT_PROPERTIES: &[(&str, ColumnType)] = &[
    ("ClusterId", Str),
    ("ClusterName", Str),
    ("ClusterResourceGroupName", Str),
    ("CreationApiVersion", Str),
    ("CustomerSubscriptionId", Str),
    ("ErrorDetails", Str),
    ("EventType", Str),
    ("ExecutionState", Str),
    ("ExperimentId", Str),
    ("ExperimentName", Str),
    ("InternalOperationName", Str),
    ("JobErrorMessage", Str),
    ("JobId", Str),
    ("JobName", Str),
    ("NodeId", Str),
    ("ProvisioningState", Str),
    ("ResourceGroupName", Str),
    ("RunInContainer", Str),
    ("TFParameterServerCount", Str),
    ("TFWorkerCount", Str),
    ("ToolType", Str),
    ("WorkspaceName", Str),
];

/// `AmlComputeClusterNodeEvent` (26 columns: these 18, 6 standard ones, `OperationName`, `ResultSignature`).
pub const CLUSTER_NODE_EVENT_PROPERTIES: &[(&str, ColumnType)] = &[
    ("ClusterCreationTime", Str),
    ("ClusterName", Str),
    ("InternalOperationName", Str),
    ("NodeAllocationTime", DateTime),
    ("NodeBootTime", DateTime),
    ("NodeId", Str),
    ("Offer", Str),
    ("Publisher", Str),
    ("ResizeEndTime", DateTime),
    ("ResizeStartTime", DateTime),
    ("Sku", Str),
    ("StartTaskEndTime", DateTime),
    ("StartTaskStartTime", DateTime),
    ("TotalE2ETimeInSeconds", Str),
    ("Version", Str),
    ("VmFamilyName", Str),
    ("VmPriority", Str),
    ("VmSize", Str),
];
