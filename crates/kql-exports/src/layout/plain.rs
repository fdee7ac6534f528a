//! Plain-file layout: `<Table>.json|.jsonl|.ndjson[.gz]|.parquet`, or a folder named after a table.
//!
//! Files outside any export container. The table is, in order: the file stem when the `--data`
//! root is the file itself; the nearest enclosing folder (up to and including the root) named
//! like a catalogued table (`AmlComputeJobEvent/2024/05/part-0.parquet`); the file stem for a file
//! directly in the root; otherwise the root's top-level sub-folder the file sits in
//! (`root/MyTable/a/b.parquet` → `MyTable`). Rows are sniffed: records with `time` and
//! `resourceId`/`properties` (and no `TimeGenerated`) are read as diagnostic records.
//!
//! A root that is itself one table's folder tree (its first level below are partition folders
//! `key=value` or an export job's `workspaceId/…`) is named by the root folder:
//! `MyTable/date=2024-05-01/part-0.parquet` → `MyTable`. Parquet files take the time of their
//! partition folders ([`super::partition_time`]: `y=/m=/d=/h=`, `year=/month=/day=/hour=`,
//! `date=`, `timestamp=`), so scans skip files outside a query's time range; partition folders
//! never become columns; inside an `insights-…` container they are arrival hours, with the
//! diagnostic slack. Plain JSON files carry no time in their path and are never pruned.

use super::{
    Classified, ExportLayout, FilePath, Format, ShapeHint, TableSource, file_format,
    partition_time, table_stem,
};
use crate::catalog::table_by_name;
use crate::json::prune::{FileTime, HOUR_NS};

/// The plain-file layout.
#[derive(Debug)]
pub(crate) struct PlainFiles;

impl ExportLayout for PlainFiles {
    fn name(&self) -> &'static str {
        "plain files (<Table>.json, .jsonl, .ndjson, .json.gz, .parquet)"
    }

    fn classify(&self, file: &FilePath) -> Option<Classified> {
        let name = file.file_name();
        let format = file_format(name)?;
        let stem = table_stem(name);
        let table = if file.root_is_file {
            TableSource::by_name(stem)
        } else {
            // Folders from the root's own folder down to the file's parent.
            let first = file.root_depth.saturating_sub(1);
            let folders = file.folders();
            let known = folders
                .get(first..)
                .unwrap_or_default()
                .iter()
                .rev()
                .find_map(|f| table_by_name(f));
            match known {
                Some(t) => TableSource::Known(t.name),
                None if file.root_depth >= folders.len() => TableSource::by_name(stem),
                // A root that is one table's folder tree: partition folders, or an export
                // job's `workspaceId/<id>/jobId/<id>/…`, right below it.
                None if file.root_depth > 0 && is_structure_folder(&folders[file.root_depth]) => {
                    TableSource::by_name(&folders[file.root_depth - 1])
                }
                None => TableSource::by_name(&folders[file.root_depth]),
            }
        };
        // Parquet folder trees carry time in their partition folders; plain JSON files none.
        let time = match format {
            Format::Parquet => parquet_time(file),
            Format::Json => FileTime::Unknown,
        };
        Some(Classified {
            depth: 0,
            table,
            shape: ShapeHint::Sniff,
            time,
            format,
            workspace: None,
        })
    }
}

/// The time of a Parquet file's partition folders. Inside a diagnostic-settings container
/// (`insights-…`, say blobs converted in place), `y=/m=/d=/h=` folders are the **arrival** hour,
/// which holds rows from up to 48 hours earlier (azure-exports.md §6): the file gets the
/// diagnostic slack, not an exact bucket.
fn parquet_time(file: &FilePath) -> FileTime {
    let time = partition_time(file);
    let diagnostic = file
        .folders()
        .iter()
        .any(|f| f.to_ascii_lowercase().starts_with("insights-"));
    match time {
        FileTime::Bucket { start, len } if diagnostic && len <= HOUR_NS => {
            FileTime::ArrivalHour(start - start.rem_euclid(HOUR_NS))
        }
        FileTime::Bucket { .. } if diagnostic => FileTime::Unknown,
        other => other,
    }
}

/// A folder that names no table: a Hive-style `key=value` partition, or the `workspaceId` folder
/// of a Log Analytics export job (azure-exports.md §4.1).
fn is_structure_folder(name: &str) -> bool {
    name.contains('=') || name.eq_ignore_ascii_case("workspaceId")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::tests::fp;

    fn table(path: &'static str, root_depth: usize, root_is_file: bool) -> Option<TableSource> {
        PlainFiles
            .classify(&fp(path, root_depth, root_is_file))
            .map(|c| c.table)
    }

    #[test]
    fn table_names() {
        assert_eq!(
            table("d/amlcomputejobevent.jsonl", 1, true),
            Some(TableSource::Known("AmlComputeJobEvent"))
        );
        assert_eq!(
            table("d/MyTable.json.gz", 1, true),
            Some(TableSource::Named("MyTable".into()))
        );
        assert_eq!(
            table("d/MyTable.ndjson", 1, false),
            Some(TableSource::Named("MyTable".into()))
        );
        assert_eq!(
            table("d/AmlComputeClusterEvent/2024/05/part-0.parquet", 1, false),
            Some(TableSource::Known("AmlComputeClusterEvent"))
        );
        // The root itself is named after the table.
        assert_eq!(
            table("d/AmlComputeClusterEvent/part-0.parquet", 2, false),
            Some(TableSource::Known("AmlComputeClusterEvent"))
        );
        assert_eq!(
            table("d/MyTable/a/b.parquet", 1, false),
            Some(TableSource::Named("MyTable".into()))
        );
        assert_eq!(table("d/notes.txt", 1, false), None);
        // Arrival hours of a diagnostic container keep their slack; other trees are exact.
        let time = |p| PlainFiles.classify(&fp(p, 1, false)).map(|c| c.time);
        // 2024-05-01T13:00Z = 1714568400 s.
        let h13 = 1_714_568_400 * 1_000_000_000;
        assert_eq!(
            time("d/insights-logs-x/y=2024/m=05/d=01/h=13/m=00/PT1H.parquet"),
            Some(FileTime::ArrivalHour(h13))
        );
        assert_eq!(
            time("d/insights-logs-x/y=2024/m=05/d=01/PT1H.parquet"),
            Some(FileTime::Unknown)
        );
        assert_eq!(
            time("d/T/y=2024/m=05/d=01/h=13/p.parquet"),
            Some(FileTime::Bucket {
                start: h13,
                len: HOUR_NS
            })
        );
        assert_eq!(
            time("d/T/y=2024/m=05/d=01/h=13/p.json"),
            Some(FileTime::Unknown)
        );
        // A root that is one table's partitioned tree, or an export job's container.
        assert_eq!(
            table("d/MyTable/date=2024-05-01/h=01/p.parquet", 2, false),
            Some(TableSource::Named("MyTable".into()))
        );
        assert_eq!(
            table(
                "d/MyTable/workspaceId/g/jobId/j/timestamp=2024-05-01T13/p.parquet",
                2,
                false
            ),
            Some(TableSource::Named("MyTable".into()))
        );
        assert_eq!(
            table("d/MyTable/y=2024/p.parquet", 1, false),
            Some(TableSource::Named("MyTable".into()))
        );
    }
}
