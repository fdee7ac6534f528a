//! Runs every `testdata/kqltest/**/*.kqltest` file (a `harness = false` test).
//!
//! Arguments after `--` are filters: `file` or `file:line` substrings. `--complete` prints the
//! observed rows of failing query records as a draft to review against the docs (never to
//! commit unreviewed: kqlake's output is not an oracle).

#![allow(clippy::print_stdout, reason = "a test runner reports on stdout")]
#![allow(missing_docs, reason = "test binary")]

use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "kqltest") {
            out.push(path);
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    // Relative paths in queries (`externaldata`'s files) are relative to the repository root,
    // as `data` directives are.
    if let Err(e) = std::env::set_current_dir(&root) {
        println!(
            "FAIL cannot enter the repository root {}: {e}",
            root.display()
        );
        std::process::exit(1);
    }
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--") || a == "--complete")
        .collect();
    let complete = args.iter().any(|a| a == "--complete");
    let filters: Vec<&String> = args.iter().filter(|a| *a != "--complete").collect();
    let mut files = Vec::new();
    collect(&root.join("testdata/kqltest"), &mut files);
    let (mut passed, mut failed) = (0, 0);
    for problem in kql_logictest::function_test_layout(&root) {
        println!("FAIL {problem}");
        failed += 1;
    }
    for path in files {
        let shown = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .display()
            .to_string();
        let file = match kql_logictest::parse_file(&path) {
            Ok(f) => f,
            Err(e) => {
                println!("FAIL {shown}: {e}");
                failed += 1;
                continue;
            }
        };
        let outcomes = match kql_logictest::run_file(&file, &root) {
            Ok(o) => o,
            Err(e) => {
                println!("FAIL {shown}: {e}");
                failed += 1;
                continue;
            }
        };
        for outcome in outcomes {
            let place = format!(
                "{}:{}",
                outcome
                    .record
                    .path
                    .strip_prefix(&root)
                    .unwrap_or(&outcome.record.path)
                    .display(),
                outcome.record.line
            );
            if !filters.is_empty() && !filters.iter().any(|f| place.contains(f.as_str())) {
                continue;
            }
            match outcome.failure {
                None => passed += 1,
                Some(why) => {
                    failed += 1;
                    println!("FAIL {place}\n{}\n{why}\n", outcome.record.query);
                    if complete {
                        println!(
                            "draft rows for {place} (review before committing):\n{}\n",
                            outcome.observed.join("\n")
                        );
                    }
                }
            }
        }
    }
    println!("kqltest: {passed} passed, {failed} failed");
    if failed > 0 {
        std::process::exit(1);
    }
}
