//! `data/categories.tsv`: which Log Analytics table each diagnostic-settings category goes to.
//!
//! One line per (resource type, category): the resource type in lower case, the category as
//! documented, and the table. Resource types and categories are matched case-insensitively,
//! as Azure treats them (`insights-logs-<category>` containers are lower case).
//!
//! The table is where the category lands when the diagnostic setting sends it to a workspace in
//! *resource-specific* mode. A setting in the legacy *Azure Diagnostics* mode sends every
//! category of the services that offer both modes to [`crate::AZURE_DIAGNOSTICS`]; the
//! documentation does not say which mode a given export came from, so that choice is the
//! caller's.

use crate::data_lines;
use std::sync::OnceLock;

/// The generated file, embedded.
const CATEGORIES_TSV: &str = include_str!("../data/categories.tsv");

/// A diagnostic category of a resource type and the table Log Analytics stores it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CategoryRoute {
    /// The resource type, lower case (`microsoft.keyvault/vaults`).
    pub resource_type: &'static str,
    /// The category as documented (`AuditEvent`).
    pub category: &'static str,
    /// The table (`AZKVAuditLogs`), or [`crate::AZURE_DIAGNOSTICS`].
    pub table: &'static str,
}

/// Every documented category, parsed on first use.
fn routes() -> &'static [CategoryRoute] {
    static ROUTES: OnceLock<Vec<CategoryRoute>> = OnceLock::new();
    ROUTES.get_or_init(|| data_lines(CATEGORIES_TSV).map(parse_route).collect())
}

/// One line of `categories.tsv` (generated; checked by the tests).
fn parse_route(line: &'static str) -> CategoryRoute {
    let mut fields = line.splitn(3, '\t');
    let mut next = || {
        fields
            .next()
            .expect("categories.tsv lines have three fields (checked by the crate's tests)")
    };
    CategoryRoute {
        resource_type: next(),
        category: next(),
        table: next(),
    }
}

/// The table a resource type's diagnostic category goes to, or `None` when the category is
/// not documented for that resource type.
pub fn table_for_category(resource_type: &str, category: &str) -> Option<&'static str> {
    routes()
        .iter()
        .find(|r| {
            r.resource_type.eq_ignore_ascii_case(resource_type)
                && r.category.eq_ignore_ascii_case(category)
        })
        .map(|r| r.table)
}

/// Every resource type's route for `category` (matched case-insensitively), for callers that
/// know the category but not the resource type.
pub fn category_routes(category: &str) -> impl Iterator<Item = &'static CategoryRoute> {
    routes()
        .iter()
        .filter(move |r| r.category.eq_ignore_ascii_case(category))
}

#[cfg(test)]
mod tests {
    //! Facts read by hand from `azure-monitor-ref/supported-logs/includes/*-logs-include.md` at
    //! commit `bea5384`, independent of the generator.

    use super::*;
    use crate::{AZURE_DIAGNOSTICS, table};

    #[test]
    fn every_line_has_three_fields_and_no_duplicates() {
        let mut keys = Vec::new();
        for line in data_lines(CATEGORIES_TSV) {
            let fields: Vec<_> = line.split('\t').collect();
            assert_eq!(fields.len(), 3, "{line}");
            assert!(fields.iter().all(|f| !f.is_empty()), "{line}");
            assert_eq!(fields[0], fields[0].to_ascii_lowercase(), "{line}");
            keys.push((fields[0], fields[1].to_ascii_lowercase()));
        }
        let before = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), before);
    }

    #[test]
    fn machine_learning_workspaces() {
        // microsoft-machinelearningservices-workspaces-logs-include.md: `ComputeInstanceEvent`
        // goes to `AmlComputeInstanceEvent`; `DataLabelChangeEvent` and `DataLabelReadEvent`
        // share `AmlDataLabelEvent`.
        let rt = "Microsoft.MachineLearningServices/workspaces";
        assert_eq!(
            table_for_category(rt, "AmlComputeJobEvent"),
            Some("AmlComputeJobEvent")
        );
        assert_eq!(
            table_for_category(rt, "computeinstanceevent"),
            Some("AmlComputeInstanceEvent")
        );
        assert_eq!(
            table_for_category(rt, "DataLabelChangeEvent"),
            Some("AmlDataLabelEvent")
        );
        assert_eq!(
            table_for_category(rt, "DataLabelReadEvent"),
            Some("AmlDataLabelEvent")
        );
        // The row names no table, but the table reference documents a table of that very name
        // for this resource type (amlcomputeclusternodeevent.md, "Resource types").
        assert_eq!(
            table_for_category(rt, "AmlComputeClusterNodeEvent"),
            Some("AmlComputeClusterNodeEvent")
        );
        assert_eq!(table_for_category(rt, "NoSuchCategory"), None);
    }

    #[test]
    fn key_vault_audit_events() {
        // microsoft-keyvault-vaults-logs-include.md: `AuditEvent` → `AZKVAuditLogs`.
        assert_eq!(
            table_for_category("microsoft.keyvault/vaults", "AuditEvent"),
            Some("AZKVAuditLogs")
        );
        assert!(table("AZKVAuditLogs").is_some());
    }

    #[test]
    fn categories_without_a_table_go_to_azure_diagnostics() {
        // microsoft-aad-domainservices-logs-include.md: the `DetailTracking` row names no
        // table.
        assert_eq!(
            table_for_category("microsoft.aad/domainservices", "DetailTracking"),
            Some(AZURE_DIAGNOSTICS)
        );
        assert_eq!(
            table_for_category("microsoft.aad/domainservices", "AccountLogon"),
            Some("AADDomainServicesAccountLogon")
        );
    }

    #[test]
    fn routes_by_category_alone() {
        let tables: Vec<_> = category_routes("auditevent").map(|r| r.table).collect();
        assert!(tables.contains(&"AZKVAuditLogs"), "{tables:?}");
    }
}
