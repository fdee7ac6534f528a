//! `--data az://<account>/<container>/<prefix>` (and `https://<account>.blob.core.windows.net/…`):
//! each blob root is listed with the query's time range (see `kql_blob`), fetched into a
//! temporary folder, and replaced by that folder before discovery. The folder is removed when
//! the command ends.

use kql_blob::{BlobStats, DownloadOptions, TimeBounds, download, list_blobs, open_store};
use kql_engine::time_bounds::query_time_bounds;
use kql_engine::{Engine, EngineOptions};
use std::path::{Path, PathBuf};

/// The fetched blob roots: the temporary folder (kept alive) and what each root took.
#[derive(Debug, Default)]
pub(crate) struct Staged {
    _dir: Option<tempfile::TempDir>,
    /// Per blob root: its location (without credentials) and the listing and fetching done.
    pub(crate) roots: Vec<(String, BlobStats)>,
}

/// Replaces every blob root of `options.data` with a local copy of the blobs `query` can read.
pub(crate) fn stage_blob_roots(
    options: &mut EngineOptions,
    query: Option<&str>,
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
    let bounds = query.map_or_else(TimeBounds::default, |q| bounds_of(options, q));
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
                let (blobs, pruned) = list_blobs(&store, bounds).await?;
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

/// The query's `TimeGenerated` range, planned against the documented tables only (no data is
/// listed yet). Queries that evaluate sub-queries while planning (`toscalar`, `materialize`)
/// would evaluate them over no rows: their range is left open.
fn bounds_of(options: &EngineOptions, query: &str) -> TimeBounds {
    let lower = query.to_ascii_lowercase();
    if lower.contains("toscalar") || lower.contains("materialize") {
        return TimeBounds::default();
    }
    let Ok(engine) = Engine::open(EngineOptions {
        data: Vec::new(),
        now_nanos: options.now_nanos,
        ..EngineOptions::default()
    }) else {
        return TimeBounds::default();
    };
    let Ok(planned) = engine.plan(query) else {
        return TimeBounds::default();
    };
    let (lo, hi) = query_time_bounds(&engine, &planned);
    TimeBounds { lo, hi }
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
