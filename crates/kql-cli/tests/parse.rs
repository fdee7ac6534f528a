//! `kql parse`: canonical KQL for every parser fixture, and the fixture's error for the bad ones.

use crate::support::{kql, root, stderr, stdout};

fn fixtures(dir: &str) -> Vec<std::path::PathBuf> {
    let mut paths: Vec<_> = std::fs::read_dir(root().join(dir))
        .expect("fixtures")
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    paths.retain(|p| p.extension().is_some_and(|e| e == "kql"));
    assert!(paths.len() >= 10, "{dir} has fixtures");
    paths
}

#[test]
fn every_ok_fixture_round_trips_through_kql_parse() {
    for path in fixtures("testdata/syntax/ok") {
        let first = kql(&["parse", "-f", path.to_str().expect("utf-8")]);
        assert!(
            first.status.success(),
            "{}: {}",
            path.display(),
            stderr(&first)
        );
        let canonical = stdout(&first);
        let second = kql(&["parse", canonical.trim_end()]);
        assert!(
            second.status.success(),
            "{}: canonical form fails: {}",
            path.display(),
            stderr(&second)
        );
        assert_eq!(
            stdout(&second),
            canonical,
            "{}: printing is idempotent",
            path.display()
        );
    }
}

#[test]
fn every_err_fixture_fails_with_its_message() {
    for path in fixtures("testdata/syntax/err") {
        let text = std::fs::read_to_string(&path).expect("fixture");
        let expected = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("// error: "))
            .expect("// error: line");
        let query: String = text
            .lines()
            .skip(1)
            .collect::<Vec<_>>()
            .join("\n")
            .replace(['«', '»'], "");
        let out = kql(&["parse", &query]);
        assert_eq!(out.status.code(), Some(1), "{}", path.display());
        assert!(
            stderr(&out).contains(expected),
            "{}: {}",
            path.display(),
            stderr(&out)
        );
        assert!(
            stderr(&out).contains(" --> query:"),
            "{}: a position",
            path.display()
        );
    }
}
