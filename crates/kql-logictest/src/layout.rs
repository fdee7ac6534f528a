//! The function tests mirror the function sources: `kql-functions/src/string/split.rs` is
//! tested by `testdata/kqltest/functions/string/split.kqltest`, and every such test has its
//! source file. [`function_test_layout`] lists the files that break the rule.

use std::path::{Path, PathBuf};

/// The `.rs` files of one folder level below `dir` (`<category>/<name>.rs`), relative to it.
fn category_files(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(categories) = std::fs::read_dir(dir) else {
        return out;
    };
    for category in categories.flatten().map(|e| e.path()) {
        let Ok(files) = std::fs::read_dir(&category) else {
            continue;
        };
        for file in files.flatten().map(|e| e.path()) {
            let is_match = file.extension().is_some_and(|e| e == extension)
                && file.file_stem().is_some_and(|s| s != "mod");
            if is_match && let Ok(relative) = file.strip_prefix(dir) {
                out.push(relative.with_extension(""));
            }
        }
    }
    out.sort();
    out
}

/// Problems with the mirror under the repository `root`: a function source without its
/// `.kqltest`, or a function `.kqltest` without its source. Empty when the layout is right.
pub fn function_test_layout(root: &Path) -> Vec<String> {
    let sources_dir = root.join("crates/kql-functions/src");
    let tests_dir = root.join("testdata/kqltest/functions");
    let sources = category_files(&sources_dir, "rs");
    let tests = category_files(&tests_dir, "kqltest");
    let mut problems = Vec::new();
    for s in sources.iter().filter(|s| !tests.contains(s)) {
        problems.push(format!(
            "crates/kql-functions/src/{}.rs has no testdata/kqltest/functions/{}.kqltest",
            s.display(),
            s.display()
        ));
    }
    for t in tests.iter().filter(|t| !sources.contains(t)) {
        problems.push(format!(
            "testdata/kqltest/functions/{}.kqltest has no crates/kql-functions/src/{}.rs",
            t.display(),
            t.display()
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_function_file_has_its_kqltest() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let problems = function_test_layout(&root);
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        assert!(
            !category_files(&root.join("crates/kql-functions/src"), "rs").is_empty(),
            "the function sources were found"
        );
    }
}
