//! The grammar and the parser cannot drift apart: every production in `grammar/*.ebnf` is
//! repeated, identically, in the ```` ```ebnf ```` doc block of the parser fn that implements it,
//! and the operator productions agree with [`OPERATORS`].
//!
//! Productions are compared with `(* … *)` comments removed and whitespace collapsed, so the
//! grammar files may annotate a production more than its doc block does. `tabular_operator` is
//! the one production without a doc block: its alternatives are checked against the table.

use crate::operator::{OPERATORS, OperatorSpec};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A production: its normalised right-hand side and the file it was found in.
struct Production {
    rhs: String,
    file: String,
}

/// `text` without `(* … *)` comments (they do not nest).
fn strip_comments(text: &str, file: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("(*") {
        out.push_str(&rest[..open]);
        let close = rest[open..]
            .find("*)")
            .unwrap_or_else(|| panic!("{file}: unclosed '(*'"));
        // Keep line breaks so that a comment never joins two lines.
        out.extend(rest[open..open + close].chars().filter(|c| *c == '\n'));
        rest = &rest[open + close + 2..];
    }
    out.push_str(rest);
    out
}

/// The productions of EBNF `text`: `name ::= …` up to the next `name ::=`. Any other text
/// outside a production is an error (it would be silently ignored otherwise).
fn productions(text: &str, file: &str, into: &mut BTreeMap<String, Production>) {
    let text = strip_comments(text, file);
    let mut current: Option<(String, String)> = None;
    let mut finish = |current: Option<(String, String)>| {
        if let Some((name, rhs)) = current {
            let rhs = rhs.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(!rhs.is_empty(), "{file}: '{name}' has no right-hand side");
            let previous = into.insert(
                name.clone(),
                Production {
                    rhs,
                    file: file.to_owned(),
                },
            );
            if let Some(previous) = previous {
                panic!(
                    "production '{name}' is defined twice: in {} and {file}",
                    previous.file
                );
            }
        }
    };
    for line in text.lines() {
        let start = line.split_once("::=").and_then(|(name, rhs)| {
            let name = name.trim();
            let is_name = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit());
            is_name.then(|| (name.to_owned(), rhs.to_owned()))
        });
        match (start, &mut current) {
            (Some(start), _) => {
                finish(current.take());
                current = Some(start);
            }
            (None, Some((_, rhs))) => {
                rhs.push(' ');
                rhs.push_str(line);
            }
            (None, None) => assert!(
                line.trim().is_empty(),
                "{file}: text outside a production: {line:?}"
            ),
        }
    }
    finish(current);
}

/// The ```` ```ebnf ```` blocks of the doc comments in a Rust source file.
fn doc_blocks(source: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut block: Option<String> = None;
    for line in source.lines() {
        let Some(doc) = line.trim_start().strip_prefix("///") else {
            assert!(block.is_none(), "an ebnf doc block is not closed: {line:?}");
            continue;
        };
        let doc = doc.strip_prefix(' ').unwrap_or(doc);
        match &mut block {
            None if doc.trim() == "```ebnf" => block = Some(String::new()),
            None => {}
            Some(_) if doc.trim() == "```" => blocks.extend(block.take()),
            Some(text) => {
                text.push_str(doc);
                text.push('\n');
            }
        }
    }
    blocks
}

fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

/// Every production of `grammar/*.ebnf`.
fn grammar() -> BTreeMap<String, Production> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../grammar");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "ebnf"))
        .collect();
    files.sort();
    assert!(files.len() >= 4, "grammar/*.ebnf: found {files:?}");
    let mut grammar = BTreeMap::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("a UTF-8 grammar file");
        let file = format!("grammar/{}", path.file_name().expect("a name").display());
        productions(&text, &file, &mut grammar);
    }
    grammar
}

/// Every production in the parser's doc blocks.
fn documented() -> BTreeMap<String, Production> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut documented = BTreeMap::new();
    for path in files {
        let source = std::fs::read_to_string(&path).expect("a UTF-8 source file");
        let file = path
            .strip_prefix(&src)
            .expect("under src")
            .display()
            .to_string();
        for block in doc_blocks(&source) {
            productions(&block, &file, &mut documented);
        }
    }
    documented
}

/// The production implementing `spec`: `project-away` → `project_away_operator`.
fn production_name(spec: &OperatorSpec) -> String {
    format!("{}_operator", spec.name.replace('-', "_"))
}

/// How an operator's production must start: `"count"` or `("where" | "filter")`.
fn leading_names(spec: &OperatorSpec) -> String {
    let quoted: Vec<String> = spec.names().map(|n| format!("\"{n}\"")).collect();
    if quoted.len() == 1 {
        quoted[0].clone()
    } else {
        format!("({})", quoted.join(" | "))
    }
}

#[test]
fn doc_blocks_repeat_the_grammar_exactly() {
    let grammar = grammar();
    let documented = documented();
    assert!(
        documented.len() > 40,
        "only {} documented",
        documented.len()
    );
    let mut problems = Vec::new();
    for (name, doc) in &documented {
        match grammar.get(name) {
            None => problems.push(format!(
                "'{name}' (doc block in {}) is missing from grammar/",
                doc.file
            )),
            Some(g) if g.rhs != doc.rhs => problems.push(format!(
                "'{name}' differs:\n  {}: {}\n  {}: {}",
                g.file, g.rhs, doc.file, doc.rhs
            )),
            Some(_) => {}
        }
    }
    for (name, g) in &grammar {
        if name != "tabular_operator" && !documented.contains_key(name) {
            problems.push(format!(
                "'{name}' ({}) has no ```ebnf doc block on its parser fn",
                g.file
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn operator_productions_follow_the_table() {
    let grammar = grammar();
    let documented = documented();
    let implemented: Vec<&OperatorSpec> = OPERATORS.iter().filter(|s| s.parser.is_some()).collect();
    let mut expected: Vec<String> = implemented.iter().map(|s| production_name(s)).collect();
    expected.sort();
    let tabular = &grammar
        .get("tabular_operator")
        .expect("grammar/operators.ebnf defines tabular_operator")
        .rhs;
    let mut alternatives: Vec<String> = tabular.split('|').map(|a| a.trim().to_owned()).collect();
    alternatives.sort();
    assert_eq!(
        alternatives, expected,
        "tabular_operator in grammar/operators.ebnf must list exactly the implemented operators of \
         OPERATORS (operator/mod.rs)"
    );
    for spec in implemented {
        let name = production_name(spec);
        let doc = documented
            .get(&name)
            .unwrap_or_else(|| panic!("the parser fn of '{}' documents no '{name}'", spec.name));
        let lead = leading_names(spec);
        let rest = doc.rhs.strip_prefix(&lead);
        assert!(
            rest.is_some_and(|r| r.is_empty() || r.starts_with(' ')),
            "'{name}' must start with {lead} (the names of '{}' in OPERATORS), found: {}",
            spec.name,
            doc.rhs
        );
    }
}

#[test]
fn the_table_has_no_name_twice() {
    let mut names: Vec<&str> = OPERATORS.iter().flat_map(OperatorSpec::names).collect();
    let count = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(
        names.len(),
        count,
        "a name or alias appears twice in OPERATORS"
    );
}

#[test]
fn the_checker_sees_drift() {
    let mut grammar = BTreeMap::new();
    productions(
        "(* header *)\na ::= b (* note *)\n    | c\nd ::= \"x\"",
        "test",
        &mut grammar,
    );
    assert_eq!(grammar["a"].rhs, "b | c");
    assert_eq!(grammar["d"].rhs, "\"x\"");
    let blocks =
        doc_blocks("/// text\n/// ```ebnf\n/// a ::= b\n///     | c\n/// ```\nfn a() {}\n");
    assert_eq!(blocks, ["a ::= b\n    | c\n"]);
    let mut documented = BTreeMap::new();
    productions(&blocks[0], "test", &mut documented);
    assert_eq!(documented["a"].rhs, grammar["a"].rhs);
    let twice = std::panic::catch_unwind(|| {
        productions("a ::= b\na ::= c", "test", &mut BTreeMap::new());
    });
    assert!(twice.is_err());
}
