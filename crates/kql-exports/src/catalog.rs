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

use std::collections::HashMap;
use std::sync::OnceLock;

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

/// The documented table (`kql-schemas`, Azure Monitor's table reference) of a name matched
/// case-insensitively (`am-securityevent` → `SecurityEvent`).
pub(crate) fn documented_name(name: &str) -> Option<&'static str> {
    static BY_LOWER: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    BY_LOWER
        .get_or_init(|| {
            kql_schemas::table_names()
                .map(|n| (n.to_ascii_lowercase(), n))
                .collect()
        })
        .get(&name.to_ascii_lowercase())
        .copied()
}

/// The table Log Analytics puts diagnostic category `category` (a container suffix, any case)
/// of resource type `resource_type` (`microsoft.keyvault/vaults`, when the path names it) in,
/// from `kql-schemas`' category catalog (Azure Monitor's supported-logs reference): the route of
/// that resource type, else the one table every resource type with that category agrees on.
/// `None` when the category is undocumented or ambiguous without the resource type.
pub(crate) fn routed_table(resource_type: Option<&str>, category: &str) -> Option<&'static str> {
    if let Some(t) = resource_type.and_then(|rt| kql_schemas::table_for_category(rt, category)) {
        return Some(t);
    }
    let mut tables = kql_schemas::category_routes(category).map(|r| r.table);
    let first = tables.next()?;
    tables.all(|t| t == first).then_some(first)
}

/// True for an `AzureDiagnostics` column that flattens one property, named with the suffix of
/// its type (`status_s`, `duration_d`, `isSuccess_b`, `endTime_t`, `jobId_g`): the property's name.
pub(crate) fn azure_diagnostics_property(column: &str) -> Option<&str> {
    let (name, suffix) = column.rsplit_once('_')?;
    (!name.is_empty() && ["s", "d", "b", "t", "g"].contains(&suffix)).then_some(name)
}

/// The `AzureDiagnostics` columns of the fields seen in its records (names as written, kinds
/// inferred): fields that match one of its documented plain columns (`category` → `Category`,
/// `resultType` → `ResultType`, `callerIpAddress` → `CallerIPAddress`) are those columns; every
/// other top-level field and property becomes a suffixed column ([`azure_diagnostics_column`]).
pub(crate) fn azure_diagnostics_flattened(seen: Vec<(String, KqlType)>) -> Vec<(String, KqlType)> {
    let doc = kql_schemas::table(kql_schemas::AZURE_DIAGNOSTICS);
    let plain = |n: &str| {
        doc.is_some_and(|d| {
            d.columns.iter().any(|c| {
                c.name.eq_ignore_ascii_case(n) && azure_diagnostics_property(c.name).is_none()
            })
        })
    };
    seen.into_iter()
        .filter(|(n, _)| !plain(n) && !is_standard_column(n))
        .map(|(n, t)| azure_diagnostics_column(&n, t))
        .collect()
}

/// The `AzureDiagnostics` column of a property of kind `kql` (azure-exports.md §2.4: strings,
/// objects and arrays `_s`, numbers `_d` as real, booleans `_b`, datetimes `_t`). Nested objects
/// are one `_s` column of JSON text (Log Analytics flattens some of them further into
/// `<name>_<member>_<suffix>` columns; kqlake does not).
pub(crate) fn azure_diagnostics_column(property: &str, kql: KqlType) -> (String, KqlType) {
    let (suffix, kql) = match kql {
        KqlType::Bool => ("b", KqlType::Bool),
        KqlType::Int | KqlType::Long | KqlType::Real | KqlType::Decimal => ("d", Real),
        KqlType::DateTime => ("t", DateTime),
        KqlType::Guid => ("g", KqlType::Guid),
        _ => ("s", Str),
    };
    (format!("{property}_{suffix}"), kql)
}

/// The framed columns of a documented table (not one of [`KNOWN_TABLES`]' own lists): its
/// documented columns, then `extra` columns seen in the records that the documentation lacks
/// (schema drift is kept, never dropped). For `AzureDiagnostics`, only the documented columns
/// that are not flattened properties (`ResourceId`, `Category`, `OperationName`, …) are kept:
/// its flattened columns depend on the services and come from the records (`extra`). The
/// trailing raw `properties` column is left out when the table documents a column of that name
/// (`AzureActivity`'s `Properties`).
pub(crate) fn documented_columns(
    name: &str,
    extra: Vec<(String, KqlType)>,
) -> Option<Vec<(String, KqlType)>> {
    let doc = kql_schemas::table(name)?;
    let diagnostics = name == kql_schemas::AZURE_DIAGNOSTICS;
    let has_bag = |n: &str| n.eq_ignore_ascii_case(PROPERTIES_COLUMN);
    let documents_bag = doc.columns.iter().any(|c| has_bag(c.name));
    let mut own: Vec<(String, KqlType)> = doc
        .columns
        .iter()
        .filter(|c| has_bag(c.name) || !is_standard_column(c.name))
        .filter(|c| !diagnostics || azure_diagnostics_property(c.name).is_none())
        .map(|c| (c.name.to_owned(), c.kql_type))
        .collect();
    for (n, t) in extra {
        if !is_standard_column(&n) && !own.iter().any(|(o, _)| o.eq_ignore_ascii_case(&n)) {
            own.push((n, t));
        }
    }
    let mut cols = frame_columns(own);
    if documents_bag {
        cols.pop();
    }
    Some(cols)
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
