//! Listing by prefix with time pruning: the prefix is walked folder by folder, and a folder the
//! caller's rule rejects (for `kql query`: a `y=YYYY`, `m=MM`, `d=DD` or `h=HH` folder whose
//! period cannot hold a row of the query's time range, `kql_exports::time_folder_may_hold`, the
//! rule local discovery applies too) is skipped with everything below it, before it is listed.

use crate::BlobStore;
use crate::error::BlobError;
use futures::{StreamExt, TryStreamExt};
use object_store::path::Path;
use object_store::{ObjectMeta, ObjectStore};

/// Folders listed at once.
const LIST_CONCURRENCY: usize = 16;

/// Lists every blob under the store's prefix, skipping each folder for which `keep` (given the
/// folder's path segments, outermost first) is false; the blobs and the number of folders
/// skipped.
pub async fn list_blobs(
    store: &BlobStore,
    keep: impl Fn(&[&str]) -> bool,
) -> Result<(Vec<ObjectMeta>, usize), BlobError> {
    let client = store.object_store();
    let prefix = store.location.prefix.trim_end_matches('/');
    let mut frontier: Vec<Option<Path>> = vec![(!prefix.is_empty()).then(|| Path::from(prefix))];
    let mut blobs = Vec::new();
    let mut pruned = 0;
    while !frontier.is_empty() {
        let listings: Vec<_> = futures::stream::iter(frontier.drain(..))
            .map(|folder| {
                let client = std::sync::Arc::clone(&client);
                async move { client.list_with_delimiter(folder.as_ref()).await }
            })
            .buffer_unordered(LIST_CONCURRENCY)
            .map_err(|e| store.error(&e))
            .try_collect()
            .await?;
        for listing in listings {
            blobs.extend(listing.objects);
            for folder in listing.common_prefixes {
                let parts: Vec<String> = folder.parts().map(|p| p.as_ref().to_owned()).collect();
                let segments: Vec<&str> = parts.iter().map(String::as_str).collect();
                if keep(&segments) {
                    frontier.push(Some(folder));
                } else {
                    pruned += 1;
                }
            }
        }
    }
    blobs.sort_by(|a, b| a.location.cmp(&b.location));
    Ok((blobs, pruned))
}
