//! Running `kql` and locating the repository's test data.

use std::path::PathBuf;
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

/// CSV text as header + sorted rows (row order of unsorted queries is unspecified).
pub(crate) fn sorted_csv(text: &str) -> (String, Vec<String>) {
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default().to_owned();
    let mut rows: Vec<String> = lines.map(str::to_owned).collect();
    rows.sort();
    (header, rows)
}
