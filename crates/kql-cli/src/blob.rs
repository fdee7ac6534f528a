//! `--data az://<account>/<container>/<prefix>` (and `https://<account>.blob.core.windows.net/…`):
//! each blob root is listed with the query's time range (its `kql_engine::listing_scope`; see
//! `kql_blob`), fetched into a temporary folder, and replaced by that folder before discovery.
//! The folder is removed when the command ends.

use kql_blob::{BlobStats, DownloadOptions, download, list_blobs, open_store};
use kql_engine::{EngineOptions, time_folder_may_hold};
use std::path::{Path, PathBuf};

/// The fetched blob roots: the temporary folder (kept alive) and what each root took.
#[derive(Debug, Default)]
pub(crate) struct Staged {
    _dir: Option<tempfile::TempDir>,
    /// Per blob root: its location (without credentials) and the listing and fetching done.
    pub(crate) roots: Vec<(String, BlobStats)>,
}

/// Replaces every blob root of `options.data` with a local copy of the blobs of time folders
/// that may hold rows of `[lo, hi)` (the query's listing scope; open bounds list everything).
pub(crate) fn stage_blob_roots(
    options: &mut EngineOptions,
    (lo, hi): (Option<i64>, Option<i64>),
    temp_dir: Option<&Path>,
) -> Result<Staged, String> {
    let mut locations = Vec::new();
    for (i, root) in options.data.iter().enumerate() {
        if let Some(parsed) = root.to_str().and_then(kql_blob::parse_location) {
            locations.push((i, parsed.map_err(|e| format!("error: {e}"))?));
        }
    }
    if locations.is_empty() {
        return Ok(Staged::default());
    }
    let dir = match temp_dir {
        Some(d) => tempfile::Builder::new()
            .prefix("kqlake-blob-")
            .tempdir_in(d),
        None => tempfile::Builder::new().prefix("kqlake-blob-").tempdir(),
    }
    .map_err(|e| format!("error: cannot create a folder for blobs: {e}"))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("error: cannot start the runtime: {e}"))?;
    let mut staged = Staged::default();
    for (n, (i, location)) in locations.into_iter().enumerate() {
        let store = open_store(&location).map_err(|e| format!("error: {e}"))?;
        let target = dir.path().join(n.to_string());
        let (root, stats) = runtime
            .block_on(async {
                let keep = |segments: &[&str]| time_folder_may_hold(segments, lo, hi);
                let (blobs, pruned) = list_blobs(&store, keep).await?;
                if blobs.is_empty() {
                    return Err(kql_blob::BlobError::Empty {
                        location: location.to_string(),
                    });
                }
                let (root, mut stats) =
                    download(&store, &blobs, &DownloadOptions::new(target)).await?;
                stats.folders_pruned = pruned;
                Ok((root, stats))
            })
            .map_err(|e| format!("error: {e}"))?;
        options.data[i] = root;
        staged.roots.push((location.to_string(), stats));
    }
    staged._dir = Some(dir);
    Ok(staged)
}

/// Refuses a blob root given to `kql COMMAND` other than `kql query`, by name (their
/// `--data` is local folders only).
pub(crate) fn reject_blob_roots(command: &str, data: &[PathBuf]) -> Result<(), String> {
    for root in data {
        let Some(parsed) = root.to_str().and_then(kql_blob::parse_location) else {
            continue;
        };
        let location = parsed.map_err(|e| format!("error: {e}"))?;
        return Err(format!(
            "error: kql {command} does not read blob roots such as {location} yet: only kql \
             query does; copy the blobs to a folder first (az storage blob download-batch)"
        ));
    }
    Ok(())
}

/// The `--stats` lines of the blob roots.
pub(crate) fn render_blob_stats(staged: &Staged) -> String {
    staged
        .roots
        .iter()
        .map(|(location, s)| {
            format!(
                "stats: blobs {location}: time folders skipped unlisted {}, blobs fetched {} ({:.1} MB) in {} range reads\n",
                s.folders_pruned,
                s.blobs,
                s.bytes as f64 / 1e6,
                s.requests
            )
        })
        .collect()
}
