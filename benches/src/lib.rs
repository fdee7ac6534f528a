//! Shared inputs of the criterion benches: the query corpus, the sample export, and one large
//! diagnostic-settings blob built from it.
//!
//! Run with the profiling profile (release with line tables):
//! `cargo bench -p kqlake-benches --profile profiling`.

use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The `now` the sample export was generated for.
pub const SAMPLE_NOW_NANOS: i64 = 1_795_132_800_000_000_000;

/// The query corpus: `(file stem, text)` of `testdata/queries/*.kql`.
pub fn corpus() -> Vec<(String, String)> {
    let dir = root().join("testdata/queries");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "kql"));
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let name = p.file_stem()?.to_string_lossy().into_owned();
            Some((name, std::fs::read_to_string(&p).ok()?))
        })
        .collect()
}

/// Every `PT1H.json` blob of one category in the sample export.
pub fn sample_blobs(category: &str) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.file_name().is_some_and(|n| n == "PT1H.json") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &root()
            .join("testdata/exports")
            .join(format!("insights-logs-{category}")),
        &mut out,
    );
    out.sort();
    out
}

/// Writes one diagnostic-settings export under `dir` whose single blob holds every
/// AmlComputeClusterEvent line of the sample, repeated `copies` times (about 0.5 MB each), and
/// returns the blob's path: a busy hour's `PT1H.json`.
pub fn big_cluster_event_blob(dir: &Path, copies: usize) -> std::io::Result<PathBuf> {
    big_blob(dir, "amlcomputeclusterevent", copies)
}

/// Like [`big_cluster_event_blob`], for any category of the sample (`amlcomputejobevent`: about
/// 1.9 MB per copy).
pub fn big_blob(dir: &Path, category: &str, copies: usize) -> std::io::Result<PathBuf> {
    let hour = dir.join(format!(
        "insights-logs-{category}/resourceId=/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/\
         MICROSOFT.MACHINELEARNINGSERVICES/WORKSPACES/BENCH/y=2026/m=11/d=19/h=12/m=00"
    ));
    std::fs::create_dir_all(&hour)?;
    let mut text = String::new();
    for blob in sample_blobs(category) {
        text.push_str(&std::fs::read_to_string(blob)?);
    }
    let path = hour.join("PT1H.json");
    std::fs::write(&path, text.repeat(copies))?;
    Ok(path)
}
