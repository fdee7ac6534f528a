//! Plain-file layout: `<Table>.json|.jsonl|.ndjson[.gz]|.parquet`, or a folder named after a table.
//!
//! Files outside any export container. The table is, in order: the file stem when the `--data`
//! root is the file itself; the nearest enclosing folder (up to and including the root) named
//! like a catalogued table (`AmlComputeJobEvent/2024/05/part-0.parquet`); the file stem for a file
//! directly in the root; otherwise the root's top-level sub-folder the file sits in
//! (`root/MyTable/a/b.parquet` → `MyTable`). Rows are sniffed: records with `time` and
//! `resourceId`/`properties` (and no `TimeGenerated`) are read as diagnostic records. Plain files
//! carry no time in their path and are never pruned.

use super::{Classified, ExportLayout, FilePath, ShapeHint, TableSource, file_format, table_stem};
use crate::catalog::table_by_name;
use crate::json::prune::FileTime;

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
                None => TableSource::by_name(&folders[file.root_depth]),
            }
        };
        Some(Classified {
            depth: 0,
            table,
            shape: ShapeHint::Sniff,
            time: FileTime::Unknown,
            format,
            workspace: None,
        })
    }
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
    }
}
