//! Bad input (§8.2): malformed lines, truncated tails, torn lines, strict mode.

use std::sync::Arc;

use kql_exports::{ExportCatalog, ExportError, ScanOptions};

use crate::common::*;

const GOOD1: &str = r#"{"time":"2024-05-01T10:00:00Z","properties":{"JobName":"a"}}"#;
const GOOD2: &str = r#"{"time":"2024-05-01T10:00:01Z","properties":{"JobName":"b"}}"#;
/// §8.8: unescaped quotes inside a string (the APIM sample).
const MALFORMED: &str =
    r#"{"time":"2024-05-01T10:00:02Z","properties":{"JobErrorMessage":"bad "quote" here"}}"#;

fn blob(fx: &Fixture, content: &str) -> std::path::PathBuf {
    let p = fx.write(
        &diag_blob("insights-logs-amlcomputejobevent", 10, "PT1H.json"),
        content,
    );
    std::fs::canonicalize(p).unwrap()
}

#[tokio::test]
async fn a_malformed_line_is_skipped_and_counted_with_file_and_line() {
    let fx = Fixture::new();
    let path = blob(&fx, &format!("{GOOD1}\n{MALFORMED}\n{GOOD2}\n[1,2]\n"));
    let cat = fx.catalog();
    let batches = scan_all(cat.table("AmlComputeJobEvent").unwrap()).await;
    assert_eq!(rows(&batches, &["JobName"]), col1(&["a", "b"]));
    let r = cat.report();
    assert_eq!((r.skipped_lines, r.truncated_tails), (2, 0));
    let first = r.first_skipped.unwrap();
    assert_eq!((first.path, first.line), (path, 2));
    assert!(!first.reason.is_empty());
}

#[tokio::test]
async fn a_line_that_is_not_utf8_is_skipped_and_other_scripts_are_read() {
    let fx = Fixture::new();
    let accented = r#"{"time":"2024-05-01T10:00:03Z","properties":{"JobName":"café 日本 😀"}}"#;
    // "caf\xE9": Latin-1, not UTF-8 (a lone continuation-less lead byte), in a long line so
    // that vectorised validation sees it past its first block.
    let mut latin1 = format!(
        r#"{{"time":"2024-05-01T10:00:04Z","properties":{{"ErrorDetails":"{}","JobName":"caf"#,
        "x".repeat(100)
    )
    .into_bytes();
    latin1.push(0xE9);
    latin1.extend_from_slice(br#""}}"#);
    let mut content = format!("{GOOD1}\n").into_bytes();
    content.extend_from_slice(&latin1);
    content.extend_from_slice(format!("\n{accented}\n").as_bytes());
    let path = fx.write(
        &diag_blob("insights-logs-amlcomputejobevent", 10, "PT1H.json"),
        content,
    );
    let path = std::fs::canonicalize(path).unwrap();
    let cat = fx.catalog();
    let batches = scan_all(cat.table("AmlComputeJobEvent").unwrap()).await;
    assert_eq!(rows(&batches, &["JobName"]), col1(&["a", "café 日本 😀"]));
    let r = cat.report();
    assert_eq!((r.skipped_lines, r.truncated_tails), (1, 0));
    let first = r.first_skipped.unwrap();
    assert_eq!((first.path, first.line), (path, 2));
    assert!(first.reason.contains("invalid UTF-8"), "{}", first.reason);
}

#[tokio::test]
async fn an_unterminated_last_line_is_a_truncated_tail() {
    let fx = Fixture::new();
    let cut = &GOOD2[..30];
    let path = blob(&fx, &format!("{GOOD1}\n\n{cut}"));
    let cat = fx.catalog();
    let batches = scan_all(cat.table("AmlComputeJobEvent").unwrap()).await;
    assert_eq!(rows(&batches, &["JobName"]), col1(&["a"]));
    let r = cat.report();
    assert_eq!((r.skipped_lines, r.truncated_tails), (0, 1));
    let first = r.first_truncated.unwrap();
    assert_eq!((first.path, first.line), (path, 3));
    // A complete last record without a newline is a normal row.
    let fx = Fixture::new();
    blob(&fx, &format!("{GOOD1}\n{GOOD2}"));
    let cat = fx.catalog();
    let batches = scan_all(cat.table("AmlComputeJobEvent").unwrap()).await;
    assert_eq!(count(&batches), 2);
    assert!(cat.report().is_clean());
}

#[tokio::test]
async fn a_torn_line_is_skipped_and_the_record_after_it_recovered() {
    let fx = Fixture::new();
    let torn = format!("{}{GOOD2}", &GOOD1[..40]);
    blob(&fx, &format!("{torn}\n"));
    let cat = fx.catalog();
    let batches = scan_all(cat.table("AmlComputeJobEvent").unwrap()).await;
    assert_eq!(rows(&batches, &["JobName"]), col1(&["b"]));
    assert_eq!(cat.report().skipped_lines, 1);
}

#[tokio::test]
async fn strict_mode_turns_bad_lines_into_errors_naming_file_and_line() {
    let fx = Fixture::new();
    let path = blob(&fx, &format!("{GOOD1}\n{MALFORMED}\n"));
    let cat = ExportCatalog::discover(
        &[fx.path().to_path_buf()],
        ScanOptions {
            strict: true,
            ..ScanOptions::default()
        },
    )
    .unwrap();
    let t = cat.table("AmlComputeJobEvent").unwrap();
    let err = session(1, 8192)
        .read_table(Arc::clone(&t.provider))
        .unwrap()
        .collect()
        .await
        .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains(&format!("malformed JSON at {}:2: ", path.display())),
        "{msg}"
    );
    let fx = Fixture::new();
    let path = blob(&fx, &format!("{GOOD1}\n{}", &GOOD2[..10]));
    let cat = ExportCatalog::discover(
        &[fx.path().to_path_buf()],
        ScanOptions {
            strict: true,
            ..ScanOptions::default()
        },
    )
    .unwrap();
    let t = cat.table("AmlComputeJobEvent").unwrap();
    let err = kql_exports::decode_json_file(t, &path, None, 1024, &Default::default()).unwrap_err();
    assert!(
        matches!(err, ExportError::TruncatedTail { line: 2, .. }),
        "{err}"
    );
    assert!(
        err.to_string()
            .starts_with(&format!("truncated last line at {}:2", path.display()))
    );
}

#[tokio::test]
async fn a_truncated_wrapper_keeps_its_complete_records() {
    let fx = Fixture::new();
    blob(&fx, &format!("{{\"records\":[{GOOD1},{GOOD2},{{\"time\":"));
    let cat = fx.catalog();
    let batches = scan_all(cat.table("AmlComputeJobEvent").unwrap()).await;
    assert_eq!(rows(&batches, &["JobName"]), col1(&["a", "b"]));
    assert_eq!(cat.report().truncated_tails, 1);
}

#[tokio::test]
async fn garbage_never_panics() {
    let fx = Fixture::new();
    let mut junk: Vec<u8> = Vec::new();
    for i in 0..2000u32 {
        junk.push((i.wrapping_mul(2_654_435_761) >> 13) as u8);
        if i % 97 == 0 {
            junk.push(b'\n');
        }
    }
    junk.extend_from_slice(
        b"\n{\"time\":\"2024-05-01T10:00:00Z\",\"properties\":{\"JobName\":\"ok\"}}\n",
    );
    junk.extend_from_slice(b"{\"records\":\n");
    junk.extend_from_slice(&[b'['; 5000]);
    fx.write(
        &diag_blob("insights-logs-amlcomputejobevent", 10, "PT1H.json"),
        &junk,
    );
    let cat = fx.catalog();
    let batches = scan_all(cat.table("AmlComputeJobEvent").unwrap()).await;
    assert_eq!(rows(&batches, &["JobName"]), col1(&["ok"]));
    assert!(cat.report().skipped_lines > 0);
}

#[tokio::test]
async fn a_cut_gzip_re_archive_is_a_truncated_tail() {
    let fx = Fixture::new();
    let content: String = (0..200)
        .map(|i| {
            format!(
                "{{\"time\":\"2024-05-01T10:00:00Z\",\"properties\":{{\"JobName\":\"j{i}\"}}}}\n"
            )
        })
        .collect();
    let p = fx.write_gz(
        &diag_blob("insights-logs-amlcomputejobevent", 10, "PT1H.json.gz"),
        &[&content],
    );
    let bytes = std::fs::read(&p).unwrap();
    std::fs::write(&p, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let cat = fx.catalog();
    let batches = scan_all(cat.table("AmlComputeJobEvent").unwrap()).await;
    let n = count(&batches);
    assert!(n < 200, "{n}");
    let r = cat.report();
    assert_eq!(r.truncated_tails, 1, "{r:?}");
    assert!(
        r.first_truncated
            .unwrap()
            .reason
            .contains("compressed stream ends early")
    );
}
