//! Running `kql` and locating the repository's test data.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `kql` with `args`, run from the repository root.
pub(crate) fn kql(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kql"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("kql runs")
}

/// Standard output as text.
pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The pinned `now` of the sample export.
pub(crate) const SAMPLE_NOW: &str = "2026-11-20T00:00:00Z";

/// The sample export.
pub(crate) const SAMPLE: &str = "testdata/exports";

/// The sample's oracle: expected answers from the generator's own simulation.
pub(crate) const ORACLE: &str = "testdata/oracle/exports";

/// A query's text from the corpus.
pub(crate) fn corpus(name: &str) -> String {
    std::fs::read_to_string(root().join("testdata/queries").join(name)).expect("corpus query")
}

/// The text of every query of the corpus (`testdata/queries/*.kql`), at least five.
pub(crate) fn corpus_queries() -> Vec<String> {
    let dir = root().join("testdata/queries");
    let queries: Vec<String> = std::fs::read_dir(&dir)
        .expect("the corpus")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "kql"))
        .map(|p| std::fs::read_to_string(p).expect("a query"))
        .collect();
    assert!(queries.len() >= 5);
    queries
}

/// CSV text as header + sorted rows (row order of unsorted queries is unspecified).
pub(crate) fn sorted_csv(text: &str) -> (String, Vec<String>) {
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default().to_owned();
    let mut rows: Vec<String> = lines.map(str::to_owned).collect();
    rows.sort();
    (header, rows)
}

/// Copies the files of the folder tree `from` whose path `keep` accepts to the same places under
/// `to`; pushes (source, target) of the others onto `held`.
pub(crate) fn copy_tree(
    from: &Path,
    to: &Path,
    keep: &dyn Fn(&str) -> bool,
    held: &mut Vec<(PathBuf, PathBuf)>,
) {
    std::fs::create_dir_all(to).expect("a folder");
    for entry in std::fs::read_dir(from).expect("a folder") {
        let entry = entry.expect("an entry");
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type().expect("a type").is_dir() {
            copy_tree(&source, &target, keep, held);
        } else if keep(&source.to_string_lossy()) {
            std::fs::copy(&source, &target).expect("a copy");
        } else {
            held.push((source, target));
        }
    }
}
