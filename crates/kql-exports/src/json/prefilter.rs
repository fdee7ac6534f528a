//! The line prefilter: a record whose raw bytes cannot hold a value that passes a pushed filter
//! is skipped before it is parsed.
//!
//! A pushed filter ([`super::filter`]) that needs a string column to equal, contain, start with
//! or end with a literal (or one of an `in` list) can only pass a record whose bytes contain that
//! literal. [`LinePrefilter`] searches the raw line for the literals of each such conjunct
//! (`memchr::memmem` for one case-sensitive literal, `aho-corasick` for several or for the
//! ASCII-case-insensitive `=~`, `in~`, `contains`, `startswith`, `endswith`); a line without any
//! literal of one conjunct is dropped unparsed, and [`super::decode::Decoder`] counts it as
//! filtered. On Q2 (`JobName == "…"`, 5 rows of 1.2 M) nearly every line ends after one `memmem`
//! pass instead of a validating scan (`scan_pt1h_jobs` in `benches/benches/scan.rs`).
//!
//! # Why a skipped line can never have passed
//!
//! The decoder gives a string column its value in one of these ways, and each leaves the literal
//! in the line's bytes under the rules below:
//!
//! - a JSON string: its body as written, except escapes. `\"`, `\\`, `\b`, `\f`, `\n`, `\r`,
//!   `\t` produce `"`, `\` and control characters, so **a literal containing `"`, `\` or a
//!   control character gets no prefilter**; `\/` produces `/`, so **a line holding `\/` is
//!   kept when a literal contains `/`**; `\uXXXX` can spell any character, so **a line holding
//!   a backslash followed by `u` is always kept**;
//! - a number, `true` or `false` in a string column: its JSON text, verbatim;
//! - an object or array in a string column: its JSON text without the whitespace outside
//!   strings. A match inside one string body is verbatim; a match outside strings could join
//!   tokens the line separates with whitespace, so **a literal containing `{ } [ ] : ,` gets no
//!   prefilter** (with none of them and no `"`, a match outside strings lies within one number or
//!   literal token, which is verbatim);
//! - missing or `null`: `""`, so **an empty literal (or an `in` list holding `""`) gets no
//!   prefilter**;
//! - a constant, a value derived from the resource ID, or a lower-cased one (diagnostic
//!   `_ResourceId`, `Type`, `SourceSystem`…): not in the line as such, so **such columns get no
//!   prefilter** (the same columns [`super::decode::Decoder`]'s own filter test leaves alone).
//!
//! Case-insensitive tests compare DataFusion's Unicode `lower(s)` with the literal, so **the
//! literal must be ASCII**, and two non-ASCII characters lower-case to ASCII letters: KELVIN SIGN
//! (U+212A → `k`) and LATIN CAPITAL LETTER I WITH DOT ABOVE (U+0130 → `i` + U+0307). A line
//! holding either is kept when a literal contains that letter (a unit test checks that no other
//! character does so, against the standard library's tables).
//!
//! **Which filters**: only conjuncts (a filter is one of the `and`-ed parts DataFusion pushes), so
//! an `or` of different columns never gets here; `!=`, `!in`, `!contains` and filters on
//! non-string columns get no prefilter. It applies to JSON-lines records and to the records of
//! `{"records":[…]}` wrappers alike: both are handed to the decoder as one record's JSON text,
//! which is all the rules above rely on.
//!
//! **Bad input**: a skipped line is not parsed, so a malformed line without the literal is not
//! counted as malformed. `--strict` (which validates every line) and `--no-pruning` turn the
//! prefilter off.

use aho_corasick::AhoCorasick;
use memchr::memmem;

use super::decode::ShapePlan;
use super::filter::Test;

/// The UTF-8 bytes of U+212A KELVIN SIGN, which lower-cases to `k`.
const KELVIN: &str = "\u{212A}";
/// The UTF-8 bytes of U+0130 LATIN CAPITAL LETTER I WITH DOT ABOVE, which lower-cases to `i̇`.
const DOTTED_CAPITAL_I: &str = "\u{130}";

/// The literals one conjunct needs, as a line searcher: a line passes when it holds one of them
/// (or a byte sequence that could spell one after unescaping or lower-casing).
#[derive(Debug, Clone)]
#[allow(
    clippy::large_enum_variant,
    reason = "a few per decoder; the finder is used once per line, so it stays inline"
)]
enum Needles {
    /// One case-sensitive literal; escapes are checked separately.
    One {
        finder: memmem::Finder<'static>,
        /// The literal contains `/` (so `\/` could spell it).
        slash: bool,
    },
    /// Several literals, or case-insensitive ones, plus the escape and lower-casing patterns.
    Many(AhoCorasick),
}

impl Needles {
    /// The searcher of `literals`; `None` when one of them cannot be searched for safely.
    fn new(literals: &[String], case_insensitive: bool) -> Option<Needles> {
        if literals.is_empty() || !literals.iter().all(|l| searchable(l, case_insensitive)) {
            return None;
        }
        let slash = literals.iter().any(|l| l.contains('/'));
        if let [one] = literals
            && !case_insensitive
        {
            return Some(Needles::One {
                finder: memmem::Finder::new(one.as_bytes()).into_owned(),
                slash,
            });
        }
        let mut patterns: Vec<&str> = literals.iter().map(String::as_str).collect();
        patterns.push("\\u");
        if slash {
            patterns.push("\\/");
        }
        if case_insensitive {
            let has = |c: char| {
                literals
                    .iter()
                    .any(|l| l.contains([c, c.to_ascii_uppercase()]))
            };
            if has('k') {
                patterns.push(KELVIN);
            }
            if has('i') {
                patterns.push(DOTTED_CAPITAL_I);
            }
        }
        AhoCorasick::builder()
            .ascii_case_insensitive(case_insensitive)
            .build(patterns)
            .ok()
            .map(Needles::Many)
    }

    /// True when `line` may hold a value matching one of the literals.
    fn may_match(&self, line: &[u8]) -> bool {
        match self {
            Needles::One { finder, slash } => {
                finder.find(line).is_some() || has_escape(line, *slash)
            }
            Needles::Many(ac) => ac.is_match(line),
        }
    }
}

/// True when `line` holds a backslash followed by `u` (or by `/`, when `slash`): an escape that
/// could spell a literal's character.
fn has_escape(line: &[u8], slash: bool) -> bool {
    memchr::memchr_iter(b'\\', line).any(|i| match line.get(i + 1) {
        Some(b'u') => true,
        Some(b'/') => slash,
        _ => false,
    })
}

/// A literal the rules of the module doc allow searching for.
fn searchable(literal: &str, case_insensitive: bool) -> bool {
    !literal.is_empty()
        && (!case_insensitive || literal.is_ascii())
        && !literal.bytes().any(|b| {
            b < 0x20 || matches!(b, b'"' | b'\\' | b'{' | b'}' | b'[' | b']' | b':' | b',')
        })
}

/// The literals of a test and whether they are compared case-insensitively, when the test can
/// only pass a value holding one of them.
fn literals_of(test: &Test) -> Option<(&[String], bool)> {
    match test {
        Test::StrIn {
            values,
            negated: false,
        } => Some((values, false)),
        Test::LowerIn(values) => Some((values, true)),
        Test::LowerContains(v) | Test::LowerPrefix(v) | Test::LowerSuffix(v) => {
            Some((std::slice::from_ref(v), true))
        }
        _ => None,
    }
}

/// The searchers of one row shape: a line must match every one.
#[derive(Debug, Clone, Default)]
struct ShapeNeedles(Vec<Needles>);

/// Skips records that cannot pass the pushed filters, by searching their raw bytes.
#[derive(Debug, Clone)]
pub(crate) struct LinePrefilter {
    /// Per shape, in the order of [`super::decode::Decoder`]'s plans.
    shapes: [ShapeNeedles; 3],
}

impl LinePrefilter {
    /// The prefilter of `filters` (projected column index and test) for the shapes planned by
    /// `plans`; `None` when no filter can be searched for in any shape.
    pub(crate) fn new(filters: &[(usize, Test)], plans: &[ShapePlan; 3]) -> Option<LinePrefilter> {
        let shapes: [ShapeNeedles; 3] = std::array::from_fn(|i| {
            let plan = &plans[i];
            ShapeNeedles(
                filters
                    .iter()
                    .filter(|(slot, _)| plan.slots.get(*slot).is_some_and(|s| s.read_verbatim()))
                    .filter_map(|(_, test)| literals_of(test))
                    .filter_map(|(literals, ci)| Needles::new(literals, ci))
                    .collect(),
            )
        });
        shapes
            .iter()
            .any(|s| !s.0.is_empty())
            .then_some(LinePrefilter { shapes })
    }

    /// False only when the record `line` of the shape whose plan is `plans[shape]` certainly
    /// fails a filter.
    pub(crate) fn may_pass(&self, shape: usize, line: &[u8]) -> bool {
        self.shapes[shape].0.iter().all(|n| n.may_match(line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::decode::{Decoder, Shape};
    use crate::report::ReportState;
    use arrow::array::{Array, AsArray};
    use arrow::datatypes::{Field, Schema};
    use kql_functions::types::kql_to_arrow;
    use kql_syntax::KqlType;
    use proptest::prelude::*;
    use std::path::Path;
    use std::sync::Arc;

    const TABLE: &str = "AmlComputeJobEvent";

    /// Filtered columns: plain strings, the lower-cased diagnostic `_ResourceId` and the constant
    /// diagnostic `Type` (no prefilter in the diagnostic shape), and a long.
    fn columns() -> Vec<(String, KqlType)> {
        [
            ("EventType", KqlType::String),
            ("JobName", KqlType::String),
            ("Path", KqlType::String),
            ("_ResourceId", KqlType::String),
            ("Type", KqlType::String),
            ("Count", KqlType::Long),
        ]
        .iter()
        .map(|(n, t)| ((*n).to_owned(), *t))
        .collect()
    }

    fn decoder(filters: &[(usize, Test)], prefilter: bool) -> Decoder {
        let columns = columns();
        let schema = Arc::new(Schema::new(
            columns
                .iter()
                .map(|(n, t)| Field::new(n, kql_to_arrow(*t), true))
                .collect::<Vec<_>>(),
        ));
        let mut d = Decoder::new(
            TABLE,
            &columns,
            schema,
            16,
            Arc::new(ReportState::default()),
        );
        let row_filters: Vec<crate::json::filter::RowFilter> = filters
            .iter()
            .map(|(slot, test)| crate::json::filter::RowFilter {
                column: columns[*slot].0.clone(),
                test: test.clone(),
            })
            .collect();
        d.set_filters(&row_filters, &columns, prefilter);
        d
    }

    /// The oracle: the test on a column's decoded value, as DataFusion evaluates the filter it
    /// came from (`lower` is the standard library's Unicode lower-casing, DataFusion's).
    fn holds(test: &Test, value: &str) -> bool {
        let lower = value.to_lowercase();
        match test {
            Test::StrIn { values, negated } => values.iter().any(|v| v == value) != *negated,
            Test::LowerIn(values) => values.contains(&lower),
            Test::LowerContains(v) => lower.contains(v.as_str()),
            Test::LowerPrefix(v) => lower.starts_with(v.as_str()),
            Test::LowerSuffix(v) => lower.ends_with(v.as_str()),
            _ => unreachable!("only string tests are generated"),
        }
    }

    /// The value of string column `slot` the decoder gives `line` without any filter, or `None`
    /// when the line is malformed.
    fn decoded_value(line: &[u8], shape: Shape, slot: usize) -> Option<String> {
        let mut d = decoder(&[], false);
        d.decode(line, shape, Path::new("f"), 1).ok()?;
        let batch = d.finish_batch().expect("a batch");
        let col = batch.column(slot).as_string::<i32>();
        Some(if col.is_valid(0) {
            col.value(0).to_owned()
        } else {
            String::new()
        })
    }

    /// Records the prefilter skips hold no value that passes; with it on and off, the rows that
    /// pass every filter are the same.
    fn check(
        lines: &[Vec<u8>],
        shape: Shape,
        filters: &[(usize, Test)],
    ) -> Result<(), TestCaseError> {
        let mut on = decoder(filters, true);
        let mut off = decoder(filters, false);
        for (i, line) in lines.iter().enumerate() {
            let before = on.rows();
            let on_ok = on.decode(line, shape, Path::new("f"), i as u64 + 1).is_ok();
            let kept = on.rows() > before;
            let _ = off.decode(line, shape, Path::new("f"), i as u64 + 1);
            let passes = decoded_value(line, shape, 0).is_some()
                && filters.iter().all(|(slot, test)| {
                    decoded_value(line, shape, *slot).is_some_and(|v| holds(test, &v))
                });
            prop_assert!(
                !passes || (on_ok && kept),
                "a passing record was dropped: {:?} with {:?}",
                String::from_utf8_lossy(line),
                filters
            );
        }
        let (on, off) = (
            on.finish_batch().expect("batch"),
            off.finish_batch().expect("batch"),
        );
        let passing = |b: &arrow::record_batch::RecordBatch| -> Vec<Vec<String>> {
            (0..b.num_rows())
                .map(|r| {
                    (0..5)
                        .map(|c| b.column(c).as_string::<i32>().value(r).to_owned())
                        .collect::<Vec<String>>()
                })
                .filter(|row| filters.iter().all(|(slot, test)| holds(test, &row[*slot])))
                .collect()
        };
        prop_assert_eq!(passing(&on), passing(&off));
        Ok(())
    }

    const LITERALS: &[&str] = &[
        "JobFailed",
        "jobfailed",
        "Failed",
        "kelvin",
        "istanbul",
        "a/b",
        "x y",
        "é",
        "12",
        "true",
        "1,2",
        "[1,2]",
        AML_TYPE,
        "/subscriptions/ab-cd",
    ];
    const AML_TYPE: &str = "AmlComputeJobEvent";

    /// A literal as a record may spell it: mostly the case's `focus` literal.
    fn spelling(focus: &'static str) -> impl Strategy<Value = String> {
        let base = prop_oneof![
            6 => Just(focus.to_owned()),
            1 => prop::sample::select(LITERALS).prop_map(str::to_owned),
            1 => Just("JobRunning".to_owned()),
            1 => "[a-zA-Z/ ]{0,6}",
        ];
        (
            base,
            0..9u8,
            any::<prop::sample::Index>(),
            "[a-z ]{0,2}",
            "[a-z ]{0,2}",
        )
            .prop_map(|(text, how, at, pre, post)| {
                let chars: Vec<char> = text.chars().collect();
                match how {
                    0 => text.to_uppercase(),
                    1 => text.to_lowercase(),
                    // One character as a `\uXXXX` escape.
                    2 if !chars.is_empty() => {
                        let i = at.index(chars.len());
                        chars
                            .iter()
                            .enumerate()
                            .map(|(j, c)| {
                                if i == j {
                                    let mut units = [0u16; 2];
                                    c.encode_utf16(&mut units)
                                        .iter()
                                        .map(|u| format!("\\u{u:04X}"))
                                        .collect()
                                } else {
                                    c.to_string()
                                }
                            })
                            .collect()
                    }
                    3 => text.replace('/', "\\/"),
                    4 => text.replace(['k', 'K'], "\u{212A}"),
                    5 => text.replace(['i', 'I'], "\u{130}"),
                    6 => format!("{pre}{text}{post}"),
                    _ => text,
                }
            })
    }

    /// A JSON value holding a spelling: a string, an object or array around it (with
    /// whitespace), a bare number or literal, or null.
    fn json_value(focus: &'static str) -> impl Strategy<Value = String> {
        (spelling(focus), 0..8u8).prop_map(|(s, how)| match how {
            0 => format!("{{ \"a\" : [ \"{s}\" , 1 ] }}"),
            1 => format!("[ \"{s}\" ]"),
            2 if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => s,
            2 => "12".to_owned(),
            // Minified to `[1,2]` in a string column.
            4 => "[ 1 , 2 ]".to_owned(),
            3 => ["true", "null", "false"][s.len() % 3].to_owned(),
            _ => format!("\"{s}\""),
        })
    }

    /// Keys of the filtered columns (case-drifted too) most of the time, others sometimes.
    fn key() -> impl Strategy<Value = &'static str> {
        prop_oneof![
            4 => prop::sample::select(&["EventType", "eventtype", "JobName", "Path"][..]),
            1 => prop::sample::select(&["Other", "Type", "Count"][..]),
        ]
    }

    fn line(shape: Shape, focus: &'static str) -> impl Strategy<Value = String> {
        prop::collection::vec((key(), json_value(focus)), 0..5).prop_map(move |members| {
            let members: Vec<String> = members
                .iter()
                .map(|(k, v)| format!("\"{k}\":{v}"))
                .collect();
            let resource = "\"/SUBSCRIPTIONS/AB-CD/RESOURCEGROUPS/RG\"";
            match shape {
                Shape::Diagnostic => format!(
                    "{{\"time\":\"2024-05-01T00:00:00Z\",\"resourceId\":{resource},\
                         \"properties\":{{{}}}}}",
                    members.join(",")
                ),
                _ => format!("{{\"_ResourceId\":{resource},{}}}", members.join(",")),
            }
        })
    }

    fn test_strategy(focus: &'static str) -> impl Strategy<Value = (usize, Test)> {
        let lit = move || {
            prop_oneof![
                3 => Just(focus.to_owned()),
                1 => prop::sample::select(LITERALS).prop_map(str::to_owned),
            ]
        };
        let lower = || lit().prop_map(|l| l.to_lowercase());
        let test = prop_oneof![
            lit().prop_map(|v| Test::StrIn {
                values: vec![v],
                negated: false
            }),
            (lit(), lit()).prop_map(|(a, b)| Test::StrIn {
                values: vec![a, b],
                negated: false
            }),
            lit().prop_map(|v| Test::StrIn {
                values: vec![v],
                negated: true
            }),
            prop::collection::vec(lower(), 1..3).prop_map(Test::LowerIn),
            lit().prop_map(|v| Test::LowerIn(vec![v])),
            lower().prop_map(Test::LowerContains),
            lower().prop_map(Test::LowerPrefix),
            lower().prop_map(Test::LowerSuffix),
            "[a-z]{1,3}".prop_map(Test::LowerContains),
        ];
        let slot = prop_oneof![4 => 0..3usize, 1 => 3..5usize];
        (slot, test)
    }

    /// A shape, lines of that shape (some mutated) and filters, around one focus literal.
    fn case() -> impl Strategy<Value = (Shape, Vec<Vec<u8>>, Vec<(usize, Test)>)> {
        (prop::sample::select(LITERALS), any::<bool>()).prop_flat_map(|(focus, diagnostic)| {
            let shape = if diagnostic {
                Shape::Diagnostic
            } else {
                Shape::Flat
            };
            let edit = (
                any::<usize>(),
                prop::sample::select(&b"\"\\u/:,{}kK "[..]),
                prop_oneof![3 => Just(9u8), 1 => 0..3u8],
            );
            (
                Just(shape),
                prop::collection::vec(
                    (line(shape, focus), edit).prop_map(|(text, (at, byte, how))| {
                        mutate(text.into_bytes(), at, byte, how)
                    }),
                    1..8,
                ),
                prop::collection::vec(test_strategy(focus), 1..3),
            )
        })
    }

    /// One byte-level edit: the prefilter may skip malformed lines, never passing ones.
    fn mutate(mut bytes: Vec<u8>, at: usize, byte: u8, how: u8) -> Vec<u8> {
        let n = bytes.len();
        match how {
            0 if n > 0 => bytes[at % n] = byte,
            1 => bytes.insert(at % (n + 1), byte),
            2 => bytes.truncate(at % (n + 1)),
            _ => {}
        }
        bytes
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        #[test]
        fn prefilter_never_drops_a_passing_record((shape, lines, filters) in case()) {
            check(&lines, shape, &filters)?;
        }
    }

    #[test]
    fn skips_lines_without_the_literal_and_counts_them() {
        let filters = [(
            1,
            Test::StrIn {
                values: vec!["automl_setup".into()],
                negated: false,
            },
        )];
        let mut d = decoder(&filters, true);
        let lines: [&[u8]; 4] = [
            br#"{"JobName":"automl_setup","EventType":"a"}"#,
            br#"{"JobName":"other","EventType":"b"}"#,
            // Malformed and without the literal: skipped unparsed, so not an error.
            br#"{"JobName":"other","#,
            // Malformed with the literal: parsed, so an error.
            br#"{"JobName":"automl_setup","#,
        ];
        let results: Vec<bool> = lines
            .iter()
            .map(|l| d.decode(l, Shape::Flat, Path::new("f"), 1).is_ok())
            .collect();
        assert_eq!(results, vec![true, true, true, false]);
        assert_eq!(d.rows(), 1);
        // Read 4; dropped by filters: line 2 (unparsed) and 3 (unparsed); line 4 failed.
        assert_eq!(d.take_counts(), (3, 2, 2));
        // Off: the malformed line is parsed and fails; the filter still drops line 2.
        let mut d = decoder(&filters, false);
        let results: Vec<bool> = lines
            .iter()
            .map(|l| d.decode(l, Shape::Flat, Path::new("f"), 1).is_ok())
            .collect();
        assert_eq!(results, vec![true, true, false, false]);
        assert_eq!(d.take_counts(), (2, 1, 0));
    }

    #[test]
    fn no_prefilter_on_derived_columns_of_diagnostic_records() {
        // `Type` is the table name and `_ResourceId` the lower-cased `resourceId`: neither is in
        // a diagnostic record as written.
        for (slot, value) in [(4, AML_TYPE), (3, "/subscriptions/ab-cd/resourcegroups/rg")] {
            let filters = [(
                slot,
                Test::StrIn {
                    values: vec![value.to_owned()],
                    negated: false,
                },
            )];
            let mut d = decoder(&filters, true);
            let rec = br#"{"time":"2024-05-01T00:00:00Z","resourceId":"/SUBSCRIPTIONS/AB-CD/RESOURCEGROUPS/RG","properties":{}}"#;
            d.decode(rec, Shape::Diagnostic, Path::new("f"), 1).unwrap();
            assert_eq!(d.rows(), 1, "{value}");
        }
    }

    fn needles(literals: &[&str], ci: bool) -> Option<Needles> {
        let owned: Vec<String> = literals.iter().map(|s| (*s).to_owned()).collect();
        Needles::new(&owned, ci)
    }

    #[test]
    fn only_ascii_case_folds_to_ascii_except_two() {
        // The standard library's lower-casing (DataFusion's `lower`): the non-ASCII characters
        // whose lower case holds an ASCII character.
        let folding: Vec<char> = (0x80..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|c| c.to_lowercase().any(|l| l.is_ascii()))
            .collect();
        assert_eq!(folding, vec!['\u{130}', '\u{212A}']);
        assert_eq!('\u{130}'.to_lowercase().next(), Some('i'));
        assert_eq!('\u{212A}'.to_lowercase().next(), Some('k'));
    }

    #[test]
    fn unsafe_literals_get_no_needles() {
        for bad in ["", "a\"b", "a\\b", "a\tb", "{x", "a:b", "a,b", "[1]"] {
            assert!(needles(&[bad], false).is_none(), "{bad:?}");
        }
        assert!(needles(&["ok", ""], false).is_none());
        assert!(
            needles(&["é"], true).is_none(),
            "non-ASCII, case-insensitive"
        );
        assert!(needles(&["é"], false).is_some());
        assert!(needles(&["a b/c-d.e_f"], false).is_some());
    }

    #[test]
    fn case_sensitive_single_literal() {
        let n = needles(&["JobFailed"], false).unwrap();
        assert!(n.may_match(br#"{"EventType":"JobFailed"}"#));
        assert!(!n.may_match(br#"{"EventType":"jobfailed"}"#));
        assert!(!n.may_match(br#"{"EventType":"JobRunning","x":"a\"b\\c"}"#));
        // `\u` anywhere keeps the line: it could spell any character.
        assert!(n.may_match(br#"{"EventType":"Job\u0046ailed"}"#));
        assert!(n.may_match(br#"{"Other":"\u00e9","EventType":"JobRunning"}"#));
        // `\/` only matters to literals with a slash.
        assert!(!n.may_match(br#"{"p":"a\/b"}"#));
        let slash = needles(&["a/b"], false).unwrap();
        assert!(slash.may_match(br#"{"p":"a\/b"}"#));
        assert!(!slash.may_match(br#"{"p":"a_b"}"#));
    }

    #[test]
    fn several_and_case_insensitive_literals() {
        let n = needles(&["JobFailed", "JobRunning"], false).unwrap();
        assert!(n.may_match(br#"{"e":"JobRunning"}"#));
        assert!(!n.may_match(br#"{"e":"JOBRUNNING"}"#));
        assert!(n.may_match(br#"{"e":"x\u0041"}"#));
        let ci = needles(&["jobfailed"], true).unwrap();
        assert!(ci.may_match(br#"{"e":"JOBFAILED"}"#));
        assert!(!ci.may_match(br#"{"e":"JobRunning"}"#));
        let kelvin = needles(&["kelvin"], true).unwrap();
        assert!(kelvin.may_match("{\"e\":\"\u{212A}ELVIN\"}".as_bytes()));
        let dotted = needles(&["istanbul"], true).unwrap();
        assert!(dotted.may_match("{\"e\":\"\u{130}stanbul\"}".as_bytes()));
        // No `k`: the Kelvin sign is not a pattern.
        assert!(!ci.may_match("{\"e\":\"\u{212A}\"}".as_bytes()));
    }
}
