//! `data/tables.tsv`: every documented table, its columns and their KQL types.
//!
//! One line per table: the name, then `Column:type` fields, tab-separated, in the order of the
//! table's reference page (alphabetical, case and leading `_` ignored).

use crate::{Snapshot, data_lines, parse_snapshot};
use kql_syntax::KqlType;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The generated file, embedded.
const TABLES_TSV: &str = include_str!("../data/tables.tsv");

/// A column of a documented table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentedColumn {
    /// The column name, as documented (case-sensitive).
    pub name: &'static str,
    /// Its documented KQL type.
    pub kql_type: KqlType,
}

/// A table of Azure Monitor's table reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentedTable {
    /// The table name (`SigninLogs`).
    pub name: &'static str,
    /// Its columns in the reference's order.
    pub columns: Vec<DocumentedColumn>,
}

impl DocumentedTable {
    /// The column called `name`, matched exactly.
    pub fn column(&self, name: &str) -> Option<&DocumentedColumn> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// Every documented table by name, parsed on first use.
fn catalog() -> &'static BTreeMap<&'static str, DocumentedTable> {
    static TABLES: OnceLock<BTreeMap<&'static str, DocumentedTable>> = OnceLock::new();
    TABLES.get_or_init(|| data_lines(TABLES_TSV).map(parse_table).collect())
}

/// One line of `tables.tsv`. The file is generated and checked by this crate's tests, so a
/// malformed line is a bug in the generator, not user input.
fn parse_table(line: &'static str) -> (&'static str, DocumentedTable) {
    let mut fields = line.split('\t');
    let name = fields
        .next()
        .expect("split always yields a first field, the table name");
    let columns = fields
        .map(|field| {
            let (column, type_name) = field
                .split_once(':')
                .expect("tables.tsv columns are Name:type (checked by the crate's tests)");
            DocumentedColumn {
                name: column,
                kql_type: KqlType::from_name(type_name)
                    .expect("tables.tsv holds canonical KQL type names (checked by the tests)"),
            }
        })
        .collect();
    (name, DocumentedTable { name, columns })
}

/// The documented table called `name`, matched exactly (KQL table names are case-sensitive).
pub fn table(name: &str) -> Option<&'static DocumentedTable> {
    catalog().get(name)
}

/// Every documented table, sorted by name.
pub fn tables() -> impl Iterator<Item = &'static DocumentedTable> {
    catalog().values()
}

/// Every documented table name, sorted.
pub fn table_names() -> impl Iterator<Item = &'static str> {
    catalog().keys().copied()
}

/// The snapshot named in the header of `tables.tsv`.
pub(crate) fn snapshot() -> Snapshot {
    parse_snapshot(TABLES_TSV).expect("tables.tsv's header names its source commit and date")
}

#[cfg(test)]
mod tests {
    //! Facts read by hand from the reference pages at commit `bea5384`
    //! (`git show bea5384:azure-monitor-ref/tables/includes/<table>-include.md`), independent of
    //! the generator.

    use super::*;
    use KqlType::{Bool, DateTime, Dynamic, Guid, Int, Long, Real, String as Str};

    fn ty(table_name: &str, column: &str) -> Option<KqlType> {
        table(table_name)?.column(column).map(|c| c.kql_type)
    }

    #[test]
    fn every_line_parses_and_the_snapshot_is_named() {
        for line in data_lines(TABLES_TSV) {
            let mut fields = line.split('\t');
            let name = fields.next().unwrap();
            assert!(!name.is_empty() && !name.contains(':'), "{line}");
            for field in fields {
                let (column, type_name) = field.split_once(':').expect(field);
                assert!(!column.is_empty(), "{name}: {field}");
                assert!(KqlType::from_name(type_name).is_some(), "{name}: {field}");
            }
        }
        // The page count of the snapshot: 682 pages with a column table (la-table-catalog.md
        // says "about 682 tables").
        assert_eq!(tables().count(), 682);
        let s = snapshot();
        assert!(s.commit.starts_with("bea5384"), "{s:?}");
        assert_eq!(s.date, "2024-11-20");
    }

    #[test]
    fn aml_compute_job_event_has_its_32_documented_columns() {
        // amlcomputejobevent-include.md: 32 rows; all strings but `_BilledSize` (real) and
        // `TimeGenerated` (datetime).
        let t = table("AmlComputeJobEvent").unwrap();
        assert_eq!(t.columns.len(), 32);
        let not_strings: Vec<_> = t
            .columns
            .iter()
            .filter(|c| c.kql_type != Str)
            .map(|c| (c.name, c.kql_type))
            .collect();
        assert_eq!(
            not_strings,
            [("_BilledSize", Real), ("TimeGenerated", DateTime)]
        );
        assert_eq!(t.columns[0].name, "_BilledSize");
        assert_eq!(t.columns[1].name, "ClusterId");
    }

    #[test]
    fn syslog_gets_the_tenant_id_its_page_omits() {
        // syslog-include.md: 17 rows, no `TenantId`; `ProcessID` int, `EventTime` datetime.
        let t = table("Syslog").unwrap();
        assert_eq!(t.columns.len(), 17 + 1);
        assert_eq!(ty("Syslog", "TenantId"), Some(Str));
        assert_eq!(ty("Syslog", "ProcessID"), Some(Int));
        assert_eq!(ty("Syslog", "EventTime"), Some(DateTime));
        assert_eq!(ty("Syslog", "SyslogMessage"), Some(Str));
        // Inserted where the page's alphabetical order puts it: after `SyslogMessage`, before
        // `TimeGenerated`.
        let names: Vec<_> = t.columns.iter().map(|c| c.name).collect();
        let at = names.iter().position(|n| *n == "TenantId").unwrap();
        assert_eq!(names[at - 1], "SyslogMessage");
        assert_eq!(names[at + 1], "TimeGenerated");
    }

    #[test]
    fn heartbeat_types() {
        // heartbeat-include.md: 31 rows, no `TenantId`.
        assert_eq!(table("Heartbeat").unwrap().columns.len(), 31 + 1);
        assert_eq!(ty("Heartbeat", "ComputerPrivateIPs"), Some(Dynamic));
        assert_eq!(ty("Heartbeat", "IsGatewayInstalled"), Some(Bool));
        assert_eq!(ty("Heartbeat", "RemoteIPLatitude"), Some(Real));
        assert_eq!(ty("Heartbeat", "ResourceId"), Some(Str));
        assert_eq!(ty("Heartbeat", "_ResourceId"), Some(Str));
    }

    #[test]
    fn signin_logs_types() {
        // signinlogs-include.md.
        assert_eq!(ty("SigninLogs", "AppliedEventListeners"), Some(Dynamic));
        assert_eq!(ty("SigninLogs", "ConditionalAccessPolicies"), Some(Dynamic));
        assert_eq!(ty("SigninLogs", "AuthenticationDetails"), Some(Str));
        assert_eq!(ty("SigninLogs", "TimeGenerated"), Some(DateTime));
        assert_eq!(ty("signinlogs", "TimeGenerated"), None, "names are exact");
    }

    #[test]
    fn azure_diagnostics_types_are_mapped_and_standard_columns_added() {
        // azurediagnostics.md lists .NET type names (`Guid`, `BigInt`, `Bool`, `DateTime`,
        // `Double`), `AdditionalFields` without a type, and no `TimeGenerated`.
        assert_eq!(ty("AzureDiagnostics", "ActivityId_g"), Some(Guid));
        assert_eq!(ty("AzureDiagnostics", "DurationMs"), Some(Long));
        assert_eq!(ty("AzureDiagnostics", "isAccessPolicyMatch_b"), Some(Bool));
        assert_eq!(ty("AzureDiagnostics", "endTime_t"), Some(DateTime));
        assert_eq!(ty("AzureDiagnostics", "AdditionalFields"), Some(Dynamic));
        assert_eq!(ty("AzureDiagnostics", "TimeGenerated"), Some(DateTime));
        assert_eq!(ty("AzureDiagnostics", "ResourceId"), Some(Str));
        assert_eq!(ty("AzureDiagnostics", "SubscriptionId"), Some(Str));
        assert_eq!(ty("AzureDiagnostics", "_ResourceId"), Some(Str));
        let t = table("AzureDiagnostics").unwrap();
        let mut names: Vec<_> = t.columns.iter().map(|c| c.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(
            names.len(),
            before,
            "duplicate rows of the page are kept once"
        );
    }

    #[test]
    fn every_table_has_the_standard_columns_with_their_types() {
        let standard = [
            ("TenantId", Str),
            ("TimeGenerated", DateTime),
            ("Type", Str),
            ("_ResourceId", Str),
            ("_SubscriptionId", Str),
            ("SourceSystem", Str),
            ("_BilledSize", Real),
            ("_IsBillable", Str),
        ];
        for t in tables() {
            for (name, kql_type) in standard {
                assert_eq!(
                    t.column(name).map(|c| c.kql_type),
                    Some(kql_type),
                    "{}.{name}",
                    t.name
                );
            }
        }
    }

    #[test]
    fn no_security_alert_page_in_the_snapshot() {
        // la-table-catalog.md: a known gap of this snapshot.
        assert!(table("SecurityAlert").is_none());
        assert!(table_names().any(|n| n == "SecurityEvent"));
    }
}
