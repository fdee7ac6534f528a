//! Shared helpers: temporary fixture trees, running scans, reading cells.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use arrow::array::{Array, ArrayRef, AsArray};
use arrow::datatypes::{DataType, TimeUnit, TimestampNanosecondType};
use arrow::record_batch::RecordBatch;
use arrow::util::display::array_value_to_string;
use datafusion::prelude::{SessionConfig, SessionContext};
use kql_exports::{ExportCatalog, ExportTable, ScanOptions};

/// 2024-05-01T00:00:00Z in nanoseconds.
pub(crate) const MAY1: i64 = 1_714_521_600 * 1_000_000_000;
/// One second, one minute, one hour in nanoseconds.
pub(crate) const SEC: i64 = 1_000_000_000;
pub(crate) const MIN: i64 = 60 * SEC;
pub(crate) const HOUR: i64 = 60 * MIN;

/// The resource ID every diagnostic fixture uses, as Azure writes it (upper case).
pub(crate) const RID: &str = "/SUBSCRIPTIONS/3F2A-11/RESOURCEGROUPS/RG-ML-PROD/PROVIDERS/MICROSOFT.MACHINELEARNINGSERVICES/WORKSPACES/MLW-PROD-EUS2";
/// Its lower-cased form (§2.4).
pub(crate) const RID_LOWER: &str = "/subscriptions/3f2a-11/resourcegroups/rg-ml-prod/providers/microsoft.machinelearningservices/workspaces/mlw-prod-eus2";

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A temporary folder, removed on drop.
pub(crate) struct Fixture(PathBuf);

impl Fixture {
    pub(crate) fn new() -> Fixture {
        let dir = std::env::temp_dir().join(format!(
            "kqlake-exports-it-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        Fixture(dir)
    }

    pub(crate) fn path(&self) -> &Path {
        &self.0
    }

    pub(crate) fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.0.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, content).unwrap();
        p
    }

    /// Writes `members` as consecutive gzip members (what `MultiGzDecoder` must read whole).
    pub(crate) fn write_gz(&self, rel: &str, members: &[&str]) -> PathBuf {
        let mut bytes = Vec::new();
        for m in members {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            enc.write_all(m.as_bytes()).unwrap();
            bytes.extend(enc.finish().unwrap());
        }
        self.write(rel, bytes)
    }

    pub(crate) fn catalog(&self) -> ExportCatalog {
        ExportCatalog::discover(std::slice::from_ref(&self.0), ScanOptions::default()).unwrap()
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The diagnostic blob path of an hour of May 1st, 2024 for a container.
pub(crate) fn diag_blob(container: &str, hour: u32, leaf: &str) -> String {
    format!("{container}/resourceId={RID}/y=2024/m=05/d=01/h={hour:02}/m=00/{leaf}",)
}

/// A session with the given partitions and batch size.
pub(crate) fn session(partitions: usize, batch_size: usize) -> SessionContext {
    SessionContext::new_with_config(
        SessionConfig::new()
            .with_target_partitions(partitions)
            .with_batch_size(batch_size),
    )
}

/// Every row of a table, through DataFusion.
pub(crate) async fn scan_all(table: &ExportTable) -> Vec<RecordBatch> {
    session(4, 8192)
        .read_table(Arc::clone(&table.provider))
        .unwrap()
        .collect()
        .await
        .unwrap()
}

/// A cell as text: `∅` for null, timestamps as nanoseconds since the epoch.
pub(crate) fn cell(col: &ArrayRef, row: usize) -> String {
    if col.is_null(row) {
        return "∅".to_owned();
    }
    match col.data_type() {
        DataType::Timestamp(TimeUnit::Nanosecond, _) => col
            .as_primitive::<TimestampNanosecondType>()
            .value(row)
            .to_string(),
        DataType::Timestamp(_, _) => {
            let ns = arrow::compute::cast(col, &DataType::Timestamp(TimeUnit::Nanosecond, None))
                .unwrap();
            ns.as_primitive::<TimestampNanosecondType>()
                .value(row)
                .to_string()
        }
        _ => array_value_to_string(col, row).unwrap(),
    }
}

/// The named columns of all rows, as text.
pub(crate) fn rows(batches: &[RecordBatch], cols: &[&str]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for b in batches {
        let idx: Vec<usize> = cols
            .iter()
            .map(|c| {
                b.schema()
                    .index_of(c)
                    .unwrap_or_else(|_| panic!("no column {c}"))
            })
            .collect();
        for r in 0..b.num_rows() {
            out.push(idx.iter().map(|&i| cell(b.column(i), r)).collect());
        }
    }
    out
}

/// Like [`rows`], sorted (for scans over several partitions).
pub(crate) fn sorted_rows(batches: &[RecordBatch], cols: &[&str]) -> Vec<Vec<String>> {
    let mut r = rows(batches, cols);
    r.sort();
    r
}

/// Total row count.
pub(crate) fn count(batches: &[RecordBatch]) -> usize {
    batches.iter().map(RecordBatch::num_rows).sum()
}

/// `strings` as owned rows of one column.
pub(crate) fn col1(values: &[&str]) -> Vec<Vec<String>> {
    values.iter().map(|v| vec![(*v).to_owned()]).collect()
}
