//! Discovery: errors, ignored files, several roots, symlinks.

use kql_exports::{ExportCatalog, ExportError, ScanOptions};

use crate::common::*;

#[test]
fn a_root_without_exports_is_an_error_listing_the_layouts() {
    let fx = Fixture::new();
    fx.write("readme.txt", "hello");
    fx.write("data/notes.csv", "a,b");
    let err =
        ExportCatalog::discover(&[fx.path().to_path_buf()], ScanOptions::default()).unwrap_err();
    assert!(matches!(err, ExportError::NoExports { .. }));
    let msg = err.to_string();
    assert!(
        msg.starts_with(&format!("no exports found under '{}'", fx.path().display())),
        "{msg}"
    );
    assert!(
        msg.contains("insights-logs-<category>") && msg.contains("am-<table>"),
        "{msg}"
    );
    // An empty folder too.
    let empty = Fixture::new();
    assert!(matches!(
        ExportCatalog::discover(&[empty.path().to_path_buf()], ScanOptions::default()),
        Err(ExportError::NoExports { .. })
    ));
}

#[test]
fn a_missing_root_is_named() {
    let fx = Fixture::new();
    let missing = fx.path().join("nope");
    let err = ExportCatalog::discover(std::slice::from_ref(&missing), ScanOptions::default())
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        format!("no such file or folder: '{}'", missing.display())
    );
}

#[test]
fn loose_files_beside_containers_are_ignored_with_warnings() {
    let fx = Fixture::new();
    fx.write(
        &diag_blob("insights-logs-amlcomputejobevent", 10, "PT1H.json"),
        r#"{"time":"2024-05-01T10:00:00Z"}"#,
    );
    fx.write("manifest.json", "{\n  \"rows\": 1\n}\n");
    fx.write("insights-logs-amlcomputejobevent/README.md", "x");
    fx.write(".hidden/x.json", "{}");
    let cat = fx.catalog();
    assert_eq!(cat.table_names(), vec!["AmlComputeJobEvent"]);
    let w = cat.warnings();
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(
        w.iter()
            .any(|w| w.contains("outside any export container") && w.contains("manifest.json"))
    );
    assert!(
        w.iter()
            .any(|w| w.contains("not exports") && w.contains("README.md"))
    );
}

#[test]
fn several_roots_and_root_inside_a_container() {
    let a = Fixture::new();
    let b = Fixture::new();
    let blob = a.write(
        &diag_blob("insights-logs-amlcomputeclusterevent", 10, "PT1H.json"),
        r#"{"time":"2024-05-01T10:00:00Z"}"#,
    );
    b.write("MyTable.jsonl", "{\"x\":1}\n");
    // The second root points inside the container: the container above it still names the table.
    let inner = blob.parent().unwrap().parent().unwrap().to_path_buf();
    let cat = ExportCatalog::discover(
        &[inner, b.path().to_path_buf(), blob.clone()],
        ScanOptions::default(),
    )
    .unwrap();
    assert_eq!(cat.table_names(), vec!["AmlComputeClusterEvent", "MyTable"]);
    // The blob reached twice is read once.
    assert_eq!(cat.table("AmlComputeClusterEvent").unwrap().files, 1);
    assert_eq!(cat.table("MyTable").unwrap().bytes, 8);
}

#[cfg(unix)]
#[test]
fn symlinks_never_leave_the_root() {
    let outside = Fixture::new();
    let target = outside.write("Secret.jsonl", "{\"x\":1}\n");
    let fx = Fixture::new();
    fx.write("Inside.jsonl", "{\"y\":1}\n");
    std::os::unix::fs::symlink(&target, fx.path().join("Link.jsonl")).unwrap();
    std::os::unix::fs::symlink(fx.path(), fx.path().join("loop")).unwrap();
    let cat = fx.catalog();
    assert_eq!(cat.table_names(), vec!["Inside"]);
    let w = cat.warnings();
    assert!(w.iter().any(|w| w.contains("points outside")), "{w:?}");
    assert!(
        w.iter()
            .any(|w| w.contains("not following symlinked folder")),
        "{w:?}"
    );
}
