//! The fixture corpus `testdata/syntax/{ok,err}/*.kql`: every ok query parses and round-trips
//! through `Display`; every err query fails with the message in its first line and the span
//! marked `«…»`.

use crate::DiagnosticKind;
use crate::testing::{assert_error, assert_round_trip};
use std::fmt::Write as _;
use std::path::PathBuf;

/// The `.kql` files of `testdata/syntax/<dir>`, sorted by name.
fn fixtures(dir: &str) -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/syntax")
        .join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "kql"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path
                .file_stem()
                .expect("a file name")
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&path).expect("a UTF-8 fixture");
            (name, text)
        })
        .collect()
}

#[test]
fn ok_fixtures_parse_and_round_trip() {
    let fixtures = fixtures("ok");
    assert!(
        fixtures.len() >= 25,
        "the ok corpus shrank to {}",
        fixtures.len()
    );
    let mut canonical = String::new();
    for (name, text) in &fixtures {
        let printed = assert_round_trip(text);
        writeln!(canonical, "{name}: {printed}").expect("writing to a String");
    }
    // Detects changes to the canonical form; correctness is checked by the round trip above
    // and by the hand-computed values in the unit tests.
    insta::assert_snapshot!(canonical);
}

#[test]
fn err_fixtures_fail_with_message_and_span() {
    let fixtures = fixtures("err");
    assert!(
        fixtures.len() >= 12,
        "the err corpus shrank to {}",
        fixtures.len()
    );
    for (name, text) in &fixtures {
        let first_line = text.lines().next().unwrap_or_default();
        let message = first_line
            .strip_prefix("// error: ")
            .unwrap_or_else(|| panic!("{name}: first line must be `// error: <message>`"));
        let kind = if message.contains("not supported yet") {
            DiagnosticKind::Unsupported
        } else {
            DiagnosticKind::Syntax
        };
        assert_error(text, kind, message);
    }
}
