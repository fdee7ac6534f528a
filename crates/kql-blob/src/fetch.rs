//! Parallel ranged reads: the listed blobs are fetched many at a time into a local folder that
//! mirrors their names (`<dir>/<container>/<blob name>`), large blobs in ranges fetched in
//! parallel (`object_store`'s `get_ranges`). Discovery then reads that folder like any export.

use crate::BlobStore;
use crate::error::BlobError;
use futures::{StreamExt, TryStreamExt};
use object_store::{ObjectMeta, ObjectStore};
use std::path::{Path, PathBuf};

/// How [`download`] fetches.
#[derive(Debug, Clone)]
pub struct DownloadOptions {
    /// The local folder to fetch into.
    pub dir: PathBuf,
    /// Blobs fetched at once.
    pub concurrency: usize,
    /// Blobs larger than this are read in ranges of this size, in parallel.
    pub range_bytes: u64,
}

impl DownloadOptions {
    /// Defaults for `dir`: 16 blobs at once, 8 MiB ranges.
    pub fn new(dir: PathBuf) -> DownloadOptions {
        DownloadOptions {
            dir,
            concurrency: 16,
            range_bytes: 8 << 20,
        }
    }
}

/// What listing and fetching did (`kql query --stats`); holds no credential.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BlobStats {
    /// Time folders skipped without listing them.
    pub folders_pruned: usize,
    /// Blobs fetched.
    pub blobs: usize,
    /// Their bytes.
    pub bytes: u64,
    /// Range requests made.
    pub requests: usize,
}

/// Fetches `blobs` of `store` under `options.dir`; the local folder standing for the store's
/// prefix, and what was done.
pub async fn download(
    store: &BlobStore,
    blobs: &[ObjectMeta],
    options: &DownloadOptions,
) -> Result<(PathBuf, BlobStats), BlobError> {
    let container_dir = options.dir.join(&store.location.container);
    let client = store.object_store();
    let range = options.range_bytes.max(1);
    let requests: Vec<usize> = futures::stream::iter(blobs.iter())
        .map(|blob| {
            let client = std::sync::Arc::clone(&client);
            let target = container_dir.join(blob.location.as_ref());
            async move {
                let size = blob.size;
                let ranges: Vec<std::ops::Range<u64>> = (0..size.div_ceil(range))
                    .map(|i| i * range..((i + 1) * range).min(size))
                    .collect();
                let parts = if ranges.is_empty() {
                    Vec::new()
                } else {
                    client
                        .get_ranges(&blob.location, &ranges)
                        .await
                        .map_err(|e| store.error(&e))?
                };
                write_file(&target, &parts)?;
                Ok::<usize, BlobError>(ranges.len())
            }
        })
        .buffer_unordered(options.concurrency.max(1))
        .try_collect()
        .await?;
    let stats = BlobStats {
        folders_pruned: 0,
        blobs: blobs.len(),
        bytes: blobs.iter().map(|b| b.size).sum(),
        requests: requests.iter().sum(),
    };
    let root = container_dir.join(store.location.prefix.trim_end_matches('/'));
    Ok((root, stats))
}

fn write_file(target: &Path, parts: &[bytes::Bytes]) -> Result<(), BlobError> {
    let cache = |path: &Path| {
        let path = path.to_path_buf();
        move |source| BlobError::Cache { path, source }
    };
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(cache(parent))?;
    }
    let mut data = Vec::with_capacity(parts.iter().map(bytes::Bytes::len).sum());
    for p in parts {
        data.extend_from_slice(p);
    }
    std::fs::write(target, data).map_err(cache(target))
}
