//! Diagnostic-settings layout: `insights-logs-<category>/…/PT1H.json` resource-log blobs.
//!
//! §2.1 of `azure-exports.md`: container `insights-logs-{category}` (lower case), blobs
//! `resourceId=/SUBSCRIPTIONS/…/y=/m=/d=/h=/m=00/PT1H.json`, one append blob per arrival hour,
//! overflow `PT1H_<n>.json`, re-archives `.json.gz`. Also `insights-activity-logs` (§2.5,
//! `AzureActivity`) and `insights-metrics-pt1m` (§2.6, `AzureMetrics`). The category maps to the
//! table through the catalog (§5.1; category ≠ table in general): kqlake's own AML catalog first,
//! then, for every other resource type, Azure Monitor's supported-logs reference (`kql-schemas`),
//! keyed by the resource type the path names (`…/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/…`) or, when
//! it names none, by the category alone if every resource type with that category agrees.
//! Categories without a resource-specific table go to `AzureDiagnostics`, with its suffixed
//! columns; undocumented categories are named from their records' `category` value (§8.18).

use super::{
    Classified, ExportLayout, FilePath, NameField, ShapeHint, TableSource, file_format,
    last_folder, path_time,
};
use crate::catalog::{routed_table, table_for_category};

/// The container prefix of resource logs.
const LOGS_PREFIX: &str = "insights-logs-";

/// The diagnostic-settings layout.
#[derive(Debug)]
pub(crate) struct DiagnosticSettings;

impl ExportLayout for DiagnosticSettings {
    fn name(&self) -> &'static str {
        "diagnostic settings (insights-logs-<category>/…/PT1H.json)"
    }

    fn classify(&self, file: &FilePath) -> Option<Classified> {
        let format = file_format(file.file_name())?;
        let idx = last_folder(file, is_container)?;
        let container = file.folders()[idx].to_ascii_lowercase();
        let table = container_source(&container, || resource_type(file, idx));
        Some(Classified {
            depth: idx + 1,
            table,
            shape: ShapeHint::Diagnostic,
            time: path_time(file),
            format,
            workspace: None,
        })
    }
}

/// True for a folder named like a diagnostic-settings container (any case).
pub(crate) fn is_container(folder: &str) -> bool {
    let l = folder.to_ascii_lowercase();
    (l.starts_with(LOGS_PREFIX) && l.len() > LOGS_PREFIX.len())
        || l == "insights-activity-logs"
        || l == "insights-metrics-pt1m"
}

/// The table of container `container` (lower case), the resource type asked of the path only
/// when the category alone does not decide it.
fn container_source(
    container: &str,
    resource_type: impl FnOnce() -> Option<String>,
) -> TableSource {
    match container {
        "insights-activity-logs" => TableSource::Known("AzureActivity"),
        "insights-metrics-pt1m" => TableSource::Known("AzureMetrics"),
        _ => {
            let category = &container[LOGS_PREFIX.len()..];
            let routed = || routed_table(resource_type().as_deref(), category);
            match table_for_category(category).map(|t| t.name).or_else(routed) {
                Some(t) => TableSource::Known(t),
                None => TableSource::FromRecords {
                    field: NameField::Category,
                    fallback: category.to_owned(),
                },
            }
        }
    }
}

/// The table every blob under container folder `folder` belongs to, when the name alone says
/// (without the resource type of the path); `None` when the folder is not a container or its
/// table depends on the path or the records.
pub(crate) fn container_table(folder: &str) -> Option<&'static str> {
    if !is_container(folder) {
        return None;
    }
    match container_source(&folder.to_ascii_lowercase(), || None) {
        TableSource::Known(t) => Some(t),
        _ => None,
    }
}

/// The ARM resource type of the `resourceId=/…/PROVIDERS/<namespace>/<type>/<name>[/<type>/<name>…]`
/// segments below the container at `container`, lower case (`microsoft.sql/servers/databases`);
/// `None` when the path names no provider (activity log, tenant-level IDs without one).
fn resource_type(file: &FilePath, container: usize) -> Option<String> {
    let folders = &file.folders()[container + 1..];
    let start = folders
        .iter()
        .position(|f| f.eq_ignore_ascii_case("providers"))?;
    let segments: Vec<&str> = folders[start + 1..]
        .iter()
        .take_while(|f| !f.contains('='))
        .map(String::as_str)
        .collect();
    let (namespace, rest) = segments.split_first()?;
    let types: Vec<&str> = rest.iter().step_by(2).copied().collect();
    if types.is_empty() {
        return None;
    }
    Some(format!("{namespace}/{}", types.join("/")).to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::prune::FileTime;
    use crate::layout::tests::fp;

    #[test]
    fn categories_map_through_the_catalog() {
        let f = fp(
            "exports/insights-logs-computeinstanceevent/resourceId=/SUBSCRIPTIONS/S/RESOURCEGROUPS/G/y=2024/m=05/d=01/h=13/m=00/PT1H.json",
            1,
            false,
        );
        let c = DiagnosticSettings.classify(&f).unwrap();
        assert_eq!(c.table, TableSource::Known("AmlComputeInstanceEvent"));
        assert!(matches!(c.time, FileTime::ArrivalHour(_)));
        let f = fp(
            "Insights-Logs-NewThing/y=2024/m=05/d=01/h=13/m=00/PT1H_1.json.gz",
            0,
            false,
        );
        let c = DiagnosticSettings.classify(&f).unwrap();
        assert_eq!(
            c.table,
            TableSource::FromRecords {
                field: NameField::Category,
                fallback: "newthing".into()
            }
        );
        assert!(
            DiagnosticSettings
                .classify(&fp("a/b/PT1H.json", 0, false))
                .is_none()
        );
        // Other resource types, through the supported-logs reference (facts read by hand from
        // microsoft-keyvault-vaults-logs-include.md and microsoft-aad-domainservices-logs-include.md).
        let table = |path: &str| {
            DiagnosticSettings
                .classify(&fp(path, 0, false))
                .map(|c| c.table)
        };
        assert_eq!(
            table(
                "insights-logs-auditevent/resourceId=/SUBSCRIPTIONS/S/RESOURCEGROUPS/G/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV1/y=2024/m=05/d=01/h=13/m=00/PT1H.json"
            ),
            Some(TableSource::Known("AZKVAuditLogs"))
        );
        assert_eq!(
            table(
                "insights-logs-detailtracking/resourceId=/SUBSCRIPTIONS/S/RESOURCEGROUPS/G/PROVIDERS/MICROSOFT.AAD/DOMAINSERVICES/D1/y=2024/m=05/d=01/h=13/m=00/PT1H.json"
            ),
            Some(TableSource::Known("AzureDiagnostics"))
        );
        assert_eq!(
            table(
                "insights-logs-accountlogon/resourceId=/SUBSCRIPTIONS/S/RESOURCEGROUPS/G/PROVIDERS/MICROSOFT.AAD/DOMAINSERVICES/D1/y=2024/m=05/d=01/h=13/m=00/PT1H.json"
            ),
            Some(TableSource::Known("AADDomainServicesAccountLogon"))
        );
        assert!(
            DiagnosticSettings
                .classify(&fp("insights-logs-x/readme.txt", 0, false))
                .is_none()
        );
    }
}

#[cfg(test)]
mod resource_type_tests {
    use super::*;
    use crate::layout::tests::fp;

    #[test]
    fn nested_resource_types() {
        let f = fp(
            "insights-logs-x/resourceId=/SUBSCRIPTIONS/S/RESOURCEGROUPS/G/PROVIDERS/MICROSOFT.SQL/SERVERS/S1/DATABASES/D1/y=2024/m=05/d=01/h=13/m=00/PT1H.json",
            0,
            false,
        );
        assert_eq!(
            resource_type(&f, 0).as_deref(),
            Some("microsoft.sql/servers/databases")
        );
        let f = fp(
            "insights-activity-logs/resourceId=/SUBSCRIPTIONS/S/y=2024/m=05/d=01/h=13/m=00/PT1H.json",
            0,
            false,
        );
        assert_eq!(resource_type(&f, 0), None);
    }
}
