//! The order in which files are listed, grouped and scanned: `Path::cmp`'s (component by
//! component), computed on the paths' bytes without splitting them. Tables have tens of thousands
//! of files; splitting every path into components to sort them (a `Vec` of components per file)
//! was most of a listing's memory.

use std::path::Path;

/// `Path::cmp`'s order (component by component) without splitting the paths: canonical paths
/// have no `.`, `..`, repeated or trailing separators, so comparing their bytes with every
/// separator taken as lower than any other byte gives the same order.
pub(crate) fn path_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    // Paths of one table share most of their bytes: skip the common prefix sixteen bytes at a
    // time (slice equality is a memcmp), then order on the first byte that differs.
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 16 <= n && a[i..i + 16] == b[i..i + 16] {
        i += 16;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    if i == n {
        return a.len().cmp(&b.len());
    }
    let key = |c: u8| {
        if c == b'/' || c == std::path::MAIN_SEPARATOR as u8 {
            0u16
        } else {
            u16::from(c) + 1
        }
    };
    key(a[i]).cmp(&key(b[i]))
}

#[cfg(test)]
mod tests {
    use super::path_order;
    use proptest::prelude::*;
    use std::path::PathBuf;

    proptest! {
        /// Canonical paths (absolute, no `.`/`..`, no empty components) sort as `Path::cmp`
        /// sorts them, including names that share prefixes with separators and punctuation.
        #[test]
        fn path_order_is_path_cmp_on_canonical_paths(
            parts in proptest::collection::vec(
                proptest::collection::vec("[a-c=\\- ][a-c=.\\- ]{0,2}", 1..5), 2..12)
        ) {
            // Half under a long shared root, as a table's files are (the sixteen-byte steps).
            let paths: Vec<PathBuf> = parts
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let root = if i % 2 == 0 { "/export/insights-logs-x/resourceId=" } else { "" };
                    PathBuf::from(format!("{root}/{}", p.join("/")))
                })
                .collect();
            // No name starts with a dot: `.` and `..` are not in canonical paths.
            for a in &paths {
                for b in &paths {
                    prop_assert_eq!(path_order(a, b), a.cmp(b), "{:?} vs {:?}", a, b);
                }
            }
        }
    }
}
