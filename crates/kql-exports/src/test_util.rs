//! Test helpers: self-deleting temporary folders with files written from literals.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A fresh folder under the system temp dir, removed on drop.
#[derive(Debug)]
pub(crate) struct TempDir(PathBuf);

impl TempDir {
    /// Creates a unique folder.
    pub(crate) fn new() -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "kqlake-exports-unit-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("temp dir is writable");
        TempDir(dir)
    }

    /// The folder.
    #[cfg(test)]
    #[allow(dead_code, reason = "kept for tests that need the folder")]
    pub(crate) fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `content` to `rel` (creating folders) and returns the full path.
    pub(crate) fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.0.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("temp dir is writable");
        }
        std::fs::write(&p, content).expect("temp dir is writable");
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
