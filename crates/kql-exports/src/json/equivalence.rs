//! Property tests: the fast scanner ([`super::lazy`]) and the serde_json reference
//! ([`super::reference`]) capture the same values from the same records, accept and reject the
//! same lines, and so decode to the same batches with the same problem counts.
//!
//! Inputs are random records shaped like exports (case-drifted keys, `properties` bags that are
//! objects or not, escapes, numbers, nested values, nulls, duplicates), the same records mutated
//! byte by byte (deletions, insertions of JSON-significant bytes, truncation), and random bytes.

use std::path::Path;
use std::sync::Arc;

use arrow::datatypes::{Field, Schema};
use kql_functions::types::kql_to_arrow;
use kql_syntax::KqlType;
use proptest::prelude::*;

use super::decode::{Capture, Decoder, Shape, ShapePlan};
use super::lazy::{self, ScanScratch};
use super::reference;
use crate::report::ReportState;

const KEYS: &[&str] = &[
    "time",
    "TimeGenerated",
    "resourceId",
    "RESOURCEID",
    "properties",
    "Properties",
    "operationName",
    "OperationName",
    "EventType",
    "eventtype",
    "TargetNodeCount",
    "category",
    "Other",
    "e\\u0076entType",
    "\\ud800",
];

fn string_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(r#""""#.to_owned()),
        Just(r#""2024-05-01T13:07:44.1234567Z""#.to_owned()),
        Just(r#""/SUBSCRIPTIONS/AB-CD/RESOURCEGROUPS/RG""#.to_owned()),
        Just(r#""a\"b\\c\n\u00e9\ud83d\ude00""#.to_owned()),
        Just(r#""JobFailed""#.to_owned()),
        Just(r#""12""#.to_owned()),
        "[a-zA-Z0-9 _./:-]{0,12}".prop_map(|s| format!("\"{s}\"")),
    ]
}

/// Number, literal and string edge cases, valid and not (leading zeros, bare signs and dots,
/// cut exponents and literals, raw control characters, bad escapes).
const EDGE_TOKENS: &[&str] = &[
    "0",
    "-0",
    "01",
    "-01",
    "00",
    "1.",
    ".5",
    "1e",
    "1e+",
    "1E-3",
    "-",
    "+1",
    "0.0",
    "1.5e300",
    // Beyond the range of real: valid JSON, read by both decoders (`reference::read_bag`).
    "1e400",
    "-100e0000000000000307",
    "123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890",
    "tru",
    "nul",
    "falsey",
    "\"\t\"",
    "\"a\u{1}\"",
    "\"\\x\"",
    "\"\\u12\"",
    "\"\\u00e9\"",
    "\"\\ud800\"",
    "[",
    "]",
    "{",
    "}",
    "[1,]",
    "{\"a\"}",
    "\"unterminated",
];

fn scalar_value() -> impl Strategy<Value = String> {
    prop_oneof![
        string_value(),
        prop::sample::select(EDGE_TOKENS).prop_map(str::to_owned),
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("false".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        Just("-0.5e3".to_owned()),
        Just("1.25".to_owned()),
    ]
}

fn value() -> impl Strategy<Value = String> {
    scalar_value().prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..4).prop_map(|m| {
                let members: Vec<String> = m.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
                format!("{{{}}}", members.join(","))
            }),
        ]
    })
}

fn record() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(KEYS),
            value(),
            prop::sample::select(&["", " ", "\t", "\r\n"][..]),
        ),
        0..8,
    )
    .prop_map(|members| {
        let text: Vec<String> = members
            .iter()
            .map(|(k, v, ws)| format!("{ws}\"{k}\"{ws}:{ws}{v}{ws}"))
            .collect();
        format!("{{{}}}", text.join(","))
    })
}

/// One byte-level edit of a record.
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize),
    Insert(usize, u8),
    Replace(usize, u8),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let byte = prop::sample::select(&b"{}[]\",:\\ 0-.eEtfnu\x01\xff"[..]);
    prop_oneof![
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), byte.clone()).prop_map(|(i, b)| Edit::Insert(i, b)),
        (any::<usize>(), byte).prop_map(|(i, b)| Edit::Replace(i, b)),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

fn mutate(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let n = bytes.len();
        match *e {
            Edit::Delete(i) if n > 0 => {
                bytes.remove(i % n);
            }
            Edit::Insert(i, b) => bytes.insert(i % (n + 1), b),
            Edit::Replace(i, b) if n > 0 => bytes[i % n] = b,
            Edit::Truncate(i) => bytes.truncate(i % (n + 1)),
            _ => {}
        }
    }
    bytes
}

/// Projections exercised: with the `properties` column (bag read after the top level) and
/// without it (bag read inline).
fn projections() -> [Vec<(String, KqlType)>; 2] {
    let base = [
        ("TimeGenerated", KqlType::DateTime),
        ("_ResourceId", KqlType::String),
        ("_SubscriptionId", KqlType::String),
        ("OperationName", KqlType::String),
        ("EventType", KqlType::String),
        ("TargetNodeCount", KqlType::Long),
        ("Type", KqlType::String),
    ];
    let without: Vec<(String, KqlType)> = base.iter().map(|(n, t)| ((*n).to_owned(), *t)).collect();
    let mut with = without.clone();
    with.push(("properties".to_owned(), KqlType::Dynamic));
    [with, without]
}

fn compare_captures(bytes: &[u8]) -> Result<(), TestCaseError> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Ok(());
    };
    for columns in projections() {
        for shape in [Shape::Diagnostic, Shape::Flat] {
            let plan = ShapePlan::new("T", &columns, shape);
            let mut fast = Capture::default();
            let mut slow = Capture::default();
            let a = lazy::capture_record(text, &plan, &mut fast, &mut ScanScratch::default());
            let b = reference::capture_record(text, &plan, &mut slow);
            prop_assert_eq!(
                a.is_ok(),
                b.is_ok(),
                "accepts differ on {:?}: {:?}",
                text,
                b
            );
            if a.is_ok() {
                prop_assert_eq!(&fast, &slow, "captures differ on {:?}", text);
            }
        }
    }
    Ok(())
}

fn decode_all(lines: &[Vec<u8>], reference_only: bool) -> (Vec<String>, crate::ScanReport) {
    let columns = &projections()[0];
    let schema = Arc::new(Schema::new(
        columns
            .iter()
            .map(|(n, t)| Field::new(n, kql_to_arrow(*t), true))
            .collect::<Vec<_>>(),
    ));
    let report = Arc::new(ReportState::default());
    let mut d = Decoder::new("T", columns, schema, 64, Arc::clone(&report));
    if reference_only {
        d.set_reference_capture();
    }
    let mut errors = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if let Err(e) = d.decode(l, Shape::Diagnostic, Path::new("f"), i as u64 + 1) {
            errors.push(e);
        }
    }
    let batch = d.finish_batch().expect("batches build");
    let mut out = errors;
    out.push(format!("{batch:?}"));
    (out, report.snapshot())
}

#[test]
fn out_of_range_numbers_are_read_alike() {
    // A bag, a bag member and a top-level value beyond f64's range; with and without the
    // `properties` column projected (bag read inline or after the top level).
    let huge = format!("1{}", "0".repeat(400));
    for number in ["1e400", "-100e0000000000000307", huge.as_str()] {
        for line in [
            format!(r#"{{"properties":{number}}}"#),
            format!(r#"{{"properties":{{"TargetNodeCount":{number}}}}}"#),
            format!(r#"{{"TargetNodeCount":{number},"properties":[{number}]}}"#),
        ] {
            compare_captures(line.as_bytes()).expect("decoders agree");
            for columns in projections() {
                let plan = ShapePlan::new("T", &columns, Shape::Diagnostic);
                let mut c = Capture::default();
                assert!(
                    reference::capture_record(&line, &plan, &mut c).is_ok(),
                    "{line}"
                );
            }
        }
    }
    // Decoded: the long column cannot hold it (null, counted as drift), by both decoders.
    let lines =
        vec![br#"{"time":"2024-05-01T00:00:00Z","properties":{"TargetNodeCount":1e400}}"#.to_vec()];
    let (fast, report) = decode_all(&lines, false);
    assert_eq!((fast.clone(), report.clone()), decode_all(&lines, true));
    assert_eq!(fast.len(), 1, "no line rejected: {fast:?}");
    assert_eq!(report.failed_conversions, 1, "{report:?}");
    assert_eq!(report.skipped_lines, 0, "{report:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn valid_records_capture_alike(rec in record()) {
        compare_captures(rec.as_bytes())?;
    }

    #[test]
    fn mutated_records_capture_alike(rec in record(), edits in prop::collection::vec(edit(), 1..4)) {
        compare_captures(&mutate(rec.into_bytes(), &edits))?;
    }

    #[test]
    fn random_bytes_capture_alike(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        compare_captures(&bytes)?;
    }

    #[test]
    fn decoders_agree_on_values_types_and_counts(
        recs in prop::collection::vec((record(), prop::collection::vec(edit(), 0..2)), 1..12)
    ) {
        let lines: Vec<Vec<u8>> =
            recs.into_iter().map(|(r, e)| mutate(r.into_bytes(), &e)).collect();
        prop_assert_eq!(decode_all(&lines, false), decode_all(&lines, true));
    }
}
