//! The catalog of known Log Analytics tables: names, diagnostic categories and documented columns.
//!
//! Source: `/work/shared/docs/azure-exports.md` §5.1 (categories → tables, [doc] supported logs for
//! `Microsoft.MachineLearningServices/workspaces`) and §5.2 (columns and KQL types, [doc]
//! azure-monitor-docs `reference/tables/aml*.md`). One function per table lists the table's own
//! columns in the order of Microsoft's table reference (alphabetical); [`table_columns`] frames
//! them as every export table is framed:
//!
//! ```text
//! TenantId, TimeGenerated, <own columns…>, SourceSystem, Type, _BilledSize, _IsBillable,
//! _ResourceId, _SubscriptionId, properties
//! ```
//!
//! `properties` (dynamic) is kqlake's addition: the raw property bag of diagnostic records, so
//! keys the documentation does not list stay reachable (§5.3 "reader rules").

use kql_syntax::KqlType;

use KqlType::{DateTime, Int, Real, String as Str};

/// A table's own columns: (name, KQL type) in reference order.
pub(crate) type ColumnList = &'static [(&'static str, KqlType)];

/// A table kqlake knows by name.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KnownTable {
    /// The Log Analytics table name (`AmlComputeJobEvent`).
    pub(crate) name: &'static str,
    /// The diagnostic-settings category feeding it, lower case (`insights-logs-<category>`).
    pub(crate) category: Option<&'static str>,
    /// The table's own documented columns, or `None` when they are not catalogued (the schema is
    /// then inferred from the records).
    pub(crate) own_columns: Option<fn() -> ColumnList>,
}

/// Every known table. §5.1: category and table names are equal except `ComputeInstanceEvent` →
/// `AmlComputeInstanceEvent`; §2.5/§2.6 add the activity-log and metrics containers.
pub(crate) const KNOWN_TABLES: &[KnownTable] = &[
    KnownTable {
        name: "AmlComputeClusterEvent",
        category: Some("amlcomputeclusterevent"),
        own_columns: Some(aml_compute_cluster_event),
    },
    KnownTable {
        name: "AmlComputeJobEvent",
        category: Some("amlcomputejobevent"),
        own_columns: Some(aml_compute_job_event),
    },
    KnownTable {
        name: "AmlComputeClusterNodeEvent",
        category: Some("amlcomputeclusternodeevent"),
        own_columns: Some(aml_compute_cluster_node_event),
    },
    KnownTable {
        name: "AmlComputeCpuGpuUtilization",
        category: Some("amlcomputecpugpuutilization"),
        own_columns: Some(aml_compute_cpu_gpu_utilization),
    },
    KnownTable {
        name: "AmlRunStatusChangedEvent",
        category: Some("amlrunstatuschangedevent"),
        own_columns: Some(aml_run_status_changed_event),
    },
    KnownTable {
        name: "AmlComputeInstanceEvent",
        category: Some("computeinstanceevent"),
        own_columns: None,
    },
    KnownTable {
        name: "AzureActivity",
        category: None,
        own_columns: None,
    },
    KnownTable {
        name: "AzureMetrics",
        category: None,
        own_columns: None,
    },
];

/// The standard columns leading every table (§5.2 "standard columns of every table").
pub(crate) const LEADING_STANDARD: [(&str, KqlType); 2] =
    [("TenantId", Str), ("TimeGenerated", DateTime)];

/// The standard columns following a table's own columns. `_BilledSize` is real and `_IsBillable`
/// a string [doc]; the ClusterNodeEvent page omits `_ResourceId`/`_SubscriptionId`, assumed present
/// on every Azure-resource table (§9 question 5).
pub(crate) const TRAILING_STANDARD: [(&str, KqlType); 6] = [
    ("SourceSystem", Str),
    ("Type", Str),
    ("_BilledSize", Real),
    ("_IsBillable", Str),
    ("_ResourceId", Str),
    ("_SubscriptionId", Str),
];

/// The final column: the raw `properties` bag as compact JSON.
pub(crate) const PROPERTIES_COLUMN: &str = "properties";

/// The table for a diagnostic category (container suffix, any case).
pub(crate) fn table_for_category(category: &str) -> Option<&'static KnownTable> {
    KNOWN_TABLES
        .iter()
        .find(|t| t.category.is_some_and(|c| c.eq_ignore_ascii_case(category)))
}

/// The known table of a name, matched case-insensitively (`am-amlcomputejobevent`, file stems).
pub(crate) fn table_by_name(name: &str) -> Option<&'static KnownTable> {
    KNOWN_TABLES
        .iter()
        .find(|t| t.name.eq_ignore_ascii_case(name))
}

/// True when `name` is one of the framing columns every export table has.
pub(crate) fn is_standard_column(name: &str) -> bool {
    LEADING_STANDARD
        .iter()
        .chain(TRAILING_STANDARD.iter())
        .any(|(n, _)| n.eq_ignore_ascii_case(name))
        || name.eq_ignore_ascii_case(PROPERTIES_COLUMN)
}

/// The full framed column list of a catalogued table, or `None` when its columns are unknown.
pub(crate) fn table_columns(table: &KnownTable) -> Option<Vec<(String, KqlType)>> {
    let own = (table.own_columns?)();
    Some(frame_columns(
        own.iter().map(|(n, t)| ((*n).to_owned(), *t)).collect(),
    ))
}

/// Frames a table's own columns with the standard ones and the final `properties` column.
pub(crate) fn frame_columns(own: Vec<(String, KqlType)>) -> Vec<(String, KqlType)> {
    let mut out: Vec<(String, KqlType)> = Vec::with_capacity(own.len() + 9);
    out.extend(LEADING_STANDARD.iter().map(|(n, t)| ((*n).to_owned(), *t)));
    out.extend(own);
    out.extend(TRAILING_STANDARD.iter().map(|(n, t)| ((*n).to_owned(), *t)));
    out.push((PROPERTIES_COLUMN.to_owned(), KqlType::Dynamic));
    out
}

/// `AmlComputeClusterEvent`: 46 columns in all with the 8 standard ones (§5.2 [doc],
/// `reference/tables/amlcomputeclusterevent.md`). `PreemptedNodeCount`, `QuotaAllocated` and
/// `QuotaUtilized` are documented as strings although they hold numbers.
pub(crate) fn aml_compute_cluster_event() -> ColumnList {
    &[
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
        ("OperationName", Str),
        ("PreemptedNodeCount", Str),
        ("PreparingNodeCount", Int),
        ("ProvisioningState", Str),
        ("Publisher", Str),
        ("QuotaAllocated", Str),
        ("QuotaUtilized", Str),
        ("ResultSignature", Str),
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
    ]
}

/// `AmlComputeJobEvent`: 32 columns with the standard ones, all strings (§5.2 [doc],
/// `reference/tables/amlcomputejobevent.md`), `TFWorkerCount` and `TFParameterServerCount`
/// included.
pub(crate) fn aml_compute_job_event() -> ColumnList {
    &[
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
        ("OperationName", Str),
        ("ProvisioningState", Str),
        ("ResourceGroupName", Str),
        ("ResultSignature", Str),
        ("RunInContainer", Str),
        ("TFParameterServerCount", Str),
        ("TFWorkerCount", Str),
        ("ToolType", Str),
        ("WorkspaceName", Str),
    ]
}

/// `AmlComputeClusterNodeEvent`: the documented 26 columns (§5.2 [doc],
/// `reference/tables/amlcomputeclusternodeevent.md`) plus `_ResourceId` and `_SubscriptionId`,
/// which that page omits (§9 question 5). `ClusterCreationTime` and `TotalE2ETimeInSeconds` are
/// documented as strings.
pub(crate) fn aml_compute_cluster_node_event() -> ColumnList {
    &[
        ("ClusterCreationTime", Str),
        ("ClusterName", Str),
        ("InternalOperationName", Str),
        ("NodeAllocationTime", DateTime),
        ("NodeBootTime", DateTime),
        ("NodeId", Str),
        ("Offer", Str),
        ("OperationName", Str),
        ("Publisher", Str),
        ("ResizeEndTime", DateTime),
        ("ResizeStartTime", DateTime),
        ("ResultSignature", Str),
        ("Sku", Str),
        ("StartTaskEndTime", DateTime),
        ("StartTaskStartTime", DateTime),
        ("TotalE2ETimeInSeconds", Str),
        ("Version", Str),
        ("VmFamilyName", Str),
        ("VmPriority", Str),
        ("VmSize", Str),
    ]
}

/// `AmlComputeCpuGpuUtilization`: 28 columns with the standard ones, all strings (§5.2 [doc],
/// `reference/tables/amlcomputecpugpuutilization.md`); `Utilization` is decimal text.
pub(crate) fn aml_compute_cpu_gpu_utilization() -> ColumnList {
    &[
        ("CallerIpAddress", Str),
        ("ClusterName", Str),
        ("CorrelationId", Str),
        ("DeviceId", Str),
        ("DeviceType", Str),
        ("DurationMs", Str),
        ("Identity", Str),
        ("Level", Str),
        ("Location", Str),
        ("MetricName", Str),
        ("NodeId", Str),
        ("OperationName", Str),
        ("OperationVersion", Str),
        ("ResultDescription", Str),
        ("ResultSignature", Str),
        ("ResultType", Str),
        ("RunId", Str),
        ("Utilization", Str),
        ("WorkspaceId", Str),
        ("WorkspaceName", Str),
    ]
}

/// `AmlRunStatusChangedEvent`: 27 columns with the standard ones, all strings (§5.2 [doc],
/// `reference/tables/amlrunstatuschangedevent.md`), `DurationMs` and `Identity` included.
pub(crate) fn aml_run_status_changed_event() -> ColumnList {
    &[
        ("CallerIpAddress", Str),
        ("CorrelationId", Str),
        ("DurationMs", Str),
        ("Identity", Str),
        ("Level", Str),
        ("Location", Str),
        ("Message", Str),
        ("OperationName", Str),
        ("OperationVersion", Str),
        ("ParentRunId", Str),
        ("ResultDescription", Str),
        ("ResultSignature", Str),
        ("ResultType", Str),
        ("RootRunId", Str),
        ("RunId", Str),
        ("Status", Str),
        ("TriggeringUserName", Str),
        ("WorkspaceId", Str),
        ("WorkspaceName", Str),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(name: &str) -> usize {
        let t = table_by_name(name).expect("catalogued");
        // Minus the final `properties` column, which the documentation does not have.
        table_columns(t).expect("has columns").len() - 1
    }

    #[test]
    fn column_counts_match_the_documentation() {
        // §5.2: 46, 32, 26 (+2 assumed standard columns), 28, 27.
        assert_eq!(count("AmlComputeClusterEvent"), 46);
        assert_eq!(count("AmlComputeJobEvent"), 32);
        assert_eq!(count("AmlComputeClusterNodeEvent"), 26 + 2);
        assert_eq!(count("AmlComputeCpuGpuUtilization"), 28);
        assert_eq!(count("AmlRunStatusChangedEvent"), 27);
    }

    #[test]
    fn surprising_types_are_kept() {
        let cols = table_columns(table_by_name("AmlComputeClusterEvent").unwrap()).unwrap();
        let ty = |n: &str| cols.iter().find(|(c, _)| c == n).map(|(_, t)| *t);
        assert_eq!(ty("QuotaAllocated"), Some(Str));
        assert_eq!(ty("TargetNodeCount"), Some(Int));
        assert_eq!(ty("AllocationStateTransitionTime"), Some(DateTime));
        assert_eq!(ty("_BilledSize"), Some(Real));
        assert_eq!(cols[0].0, "TenantId");
        assert_eq!(cols[1].0, "TimeGenerated");
        assert_eq!(cols.last().unwrap().0, "properties");
    }

    #[test]
    fn no_duplicate_columns_and_own_columns_are_sorted() {
        for t in KNOWN_TABLES {
            let Some(own) = t.own_columns.map(|f| f()) else {
                continue;
            };
            let mut sorted: Vec<_> = own.iter().map(|(n, _)| n.to_ascii_lowercase()).collect();
            sorted.sort();
            let names: Vec<_> = own.iter().map(|(n, _)| n.to_ascii_lowercase()).collect();
            assert_eq!(names, sorted, "{} in reference order", t.name);
            sorted.dedup();
            assert_eq!(sorted.len(), own.len(), "{}", t.name);
            assert!(own.iter().all(|(n, _)| !is_standard_column(n)));
        }
    }

    #[test]
    fn category_differs_from_table_for_compute_instances() {
        assert_eq!(
            table_for_category("computeinstanceevent").map(|t| t.name),
            Some("AmlComputeInstanceEvent")
        );
        assert_eq!(
            table_for_category("AmlComputeJobEvent").map(|t| t.name),
            Some("AmlComputeJobEvent")
        );
        assert!(table_for_category("somethingelse").is_none());
    }
}
