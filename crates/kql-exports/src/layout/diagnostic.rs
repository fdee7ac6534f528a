//! Diagnostic-settings layout: `insights-logs-<category>/…/PT1H.json` resource-log blobs.
//!
//! §2.1 of `azure-exports.md`: container `insights-logs-{category}` (lower case), blobs
//! `resourceId=/SUBSCRIPTIONS/…/y=/m=/d=/h=/m=00/PT1H.json`, one append blob per arrival hour,
//! overflow `PT1H_<n>.json`, re-archives `.json.gz`. Also `insights-activity-logs` (§2.5,
//! `AzureActivity`) and `insights-metrics-pt1m` (§2.6, `AzureMetrics`). The category maps to the
//! table through the catalog (§5.1; category ≠ table in general); unknown categories are named
//! from their records' `category` value (§8.18).

use super::{
    Classified, ExportLayout, FilePath, NameField, ShapeHint, TableSource, file_format,
    last_folder, path_time,
};
use crate::catalog::table_for_category;

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
        let idx = last_folder(file, |c| {
            let l = c.to_ascii_lowercase();
            (l.starts_with(LOGS_PREFIX) && l.len() > LOGS_PREFIX.len())
                || l == "insights-activity-logs"
                || l == "insights-metrics-pt1m"
        })?;
        let container = file.folders()[idx].to_ascii_lowercase();
        let table = match container.as_str() {
            "insights-activity-logs" => TableSource::Known("AzureActivity"),
            "insights-metrics-pt1m" => TableSource::Known("AzureMetrics"),
            _ => {
                let category = &container[LOGS_PREFIX.len()..];
                match table_for_category(category) {
                    Some(t) => TableSource::Known(t.name),
                    None => TableSource::FromRecords {
                        field: NameField::Category,
                        fallback: category.to_owned(),
                    },
                }
            }
        };
        Some(Classified {
            depth: idx + 1,
            table,
            shape: ShapeHint::Diagnostic,
            time: path_time(file),
            format,
        })
    }
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
        assert!(
            DiagnosticSettings
                .classify(&fp("insights-logs-x/readme.txt", 0, false))
                .is_none()
        );
    }
}
