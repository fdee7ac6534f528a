//! Tab completion: what may stand where the cursor is, from what the shell knows.
//!
//! The word before the cursor is completed from, by its place in the query:
//! - at the start of a statement, and after `join`, `lookup` or `union`: table names (under the
//!   data roots, then the documented Log Analytics tables), `let` names, and the words that
//!   start a query (`print`, `range`, `union`, …);
//! - right after `|`: the operators kqlake implements;
//! - anywhere else (an operator's arguments): the columns of the pipeline before the cursor's
//!   `|` (planned by the engine, so `extend`ed and `summarize`d columns are offered too),
//!   `let` names, functions and keywords;
//! - on a line starting with `.`: the dot commands.

use crate::lexer::{Token, TokenKind, significant};
use crate::vocabulary::Vocabulary;
use std::collections::BTreeSet;

/// Where the cursor stands, as far as completion cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Place {
    /// A dot command's name.
    Command,
    /// Where a table name may start a pipeline.
    Source,
    /// Right after `|`.
    Operator,
    /// Inside an operator; `pipeline` is the query text whose output columns are in scope
    /// (the statements before, then the pipeline up to the cursor's `|`), `None` when the cursor
    /// is not after a `|`.
    Expression {
        /// Query text to plan for the columns in scope.
        pipeline: Option<String>,
    },
}

/// What the completer needs from the engine: names that depend on the data.
pub(crate) trait Catalog {
    /// Table names: exported first, then documented.
    fn tables(&self) -> Vec<String>;
    /// The output columns of `query`, if it plans.
    fn columns(&self, query: &str) -> Option<Vec<String>>;
}

/// The word being typed: its start (a byte offset) and text. A hyphenated operator name
/// (`mv-ex`) counts as one word after `|`.
fn word_before(line: &str, pos: usize) -> (usize, &str) {
    let head = &line[..pos];
    let start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || *c == '_' || *c == '-' || *c == '.')
        .last()
        .map_or(pos, |(i, _)| i);
    // Only an operator name or a dot command keeps its '-' or '.'; elsewhere `a-b` is a minus.
    let word = &line[start..pos];
    let keep_joined = (word.starts_with('.') && head[..start].trim().is_empty())
        || last_significant(&head[..start]).as_deref() == Some("|");
    if keep_joined {
        return (start, word);
    }
    let simple = word.rfind(['-', '.']).map_or(start, |i| start + i + 1);
    (simple, &line[simple..pos])
}

/// The last token of `text` that is not space or comment.
fn last_significant(text: &str) -> Option<String> {
    significant(text)
        .last()
        .map(|t| text[t.range.clone()].to_owned())
}

/// Decides the [`Place`] of a word starting at byte `start` of `line`.
pub(crate) fn place(line: &str, start: usize) -> Place {
    let head = &line[..start];
    if line.trim_start().starts_with('.') {
        return Place::Command;
    }
    let toks = significant(head);
    let text = |t: &Token| &head[t.range.clone()];
    // Bracket levels from the statement's start to the cursor: where each level's text starts
    // and where its last `|` is.
    let mut statement_start = 0;
    let mut levels: Vec<(usize, Option<usize>)> = vec![(0, None)];
    for t in &toks {
        match text(t) {
            ";" if levels.len() == 1 => {
                statement_start = t.range.end;
                levels[0] = (statement_start, None);
            }
            "(" | "[" | "{" => levels.push((t.range.end, None)),
            ")" | "]" | "}" if levels.len() > 1 => {
                levels.pop();
            }
            "|" => {
                if let Some(level) = levels.last_mut() {
                    level.1 = Some(t.range.start);
                }
            }
            _ => {}
        }
    }
    let Some(prev) = toks.last() else {
        return Place::Source;
    };
    match text(prev) {
        ";" if levels.len() == 1 => return Place::Source,
        "|" => return Place::Operator,
        "join" | "lookup" | "union" => return Place::Source,
        "(" if toks.len() >= 2
            && matches!(text(&toks[toks.len() - 2]), "join" | "lookup" | "union") =>
        {
            return Place::Source;
        }
        _ => {}
    }
    // The pipeline before the cursor's `|`: in the innermost bracket level that has a `|`
    // (a subquery), from that level's start to the `|`, after the statements before it; a
    // function call's parentheses hold none, so its arguments see the outer pipeline.
    let pipeline = levels.iter().rev().find_map(|&(start, pipe)| {
        let pipe = pipe?;
        let mut query = head[..statement_start].to_owned();
        query.push_str(&head[start.max(statement_start)..pipe]);
        Some(query)
    });
    Place::Expression { pipeline }
}

/// The candidates for the word `prefix` at `place`, sorted, without duplicates. Case-exact
/// prefix matches come first, then case-insensitive ones (KQL names are case-sensitive, but a
/// user typing `timegen` means `TimeGenerated`).
pub(crate) fn candidates(
    place: &Place,
    prefix: &str,
    head: &str,
    vocabulary: &Vocabulary,
    catalog: &dyn Catalog,
) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let lets = let_names(head);
    match place {
        Place::Command => words.extend(crate::command::NAMES.iter().map(|s| (*s).to_owned())),
        Place::Operator => words.extend(vocabulary.operators.iter().map(|s| (*s).to_owned())),
        Place::Source => {
            words.extend(catalog.tables());
            words.extend(lets);
            words.extend(vocabulary.sources.iter().map(|s| (*s).to_owned()));
            words.push("let".to_owned());
        }
        Place::Expression { pipeline } => {
            if let Some(columns) = pipeline.as_deref().and_then(|q| catalog.columns(q)) {
                words.extend(columns.into_iter().map(|c| bracket(&c)));
            }
            words.extend(lets);
            words.extend(vocabulary.functions.iter().map(|s| (*s).to_owned()));
            words.extend(vocabulary.keywords.iter().map(|s| (*s).to_owned()));
        }
    }
    // A bracketed column (`['OS Type']`) matches by its name.
    let name = |w: &String| w.strip_prefix("['").unwrap_or(w).to_owned();
    let mut seen = BTreeSet::new();
    let exact: Vec<String> = words
        .iter()
        .filter(|w| name(w).starts_with(prefix) && seen.insert(w.as_str()))
        .cloned()
        .collect();
    let lower = prefix.to_lowercase();
    let folded: Vec<String> = words
        .iter()
        .filter(|w| name(w).to_lowercase().starts_with(&lower) && seen.insert(w.as_str()))
        .cloned()
        .collect();
    exact.into_iter().chain(folded).collect()
}

/// A column name as a query must write it: bare when it is a plain identifier, else
/// `['…']`.
pub(crate) fn bracket(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        name.to_owned()
    } else {
        format!("['{}']", name.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

/// The names `let` binds in `text`, in order.
fn let_names(text: &str) -> Vec<String> {
    let toks = significant(text);
    toks.windows(2)
        .filter(|w| &text[w[0].range.clone()] == "let" && w[1].kind == TokenKind::Word)
        .map(|w| text[w[1].range.clone()].to_owned())
        .collect()
}

/// The replacement range and candidates for the cursor at byte `pos` of `line`.
pub(crate) fn complete(
    line: &str,
    pos: usize,
    vocabulary: &Vocabulary,
    catalog: &dyn Catalog,
) -> (usize, Vec<String>) {
    let pos = pos.min(line.len());
    let (start, prefix) = word_before(line, pos);
    let place = place(line, start);
    (
        start,
        candidates(&place, prefix, &line[..start], vocabulary, catalog),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two tables whose columns are known; a query's columns are those of the table it starts
    /// with, plus `x` when it extends `x`.
    struct TwoTables;

    impl Catalog for TwoTables {
        fn tables(&self) -> Vec<String> {
            vec![
                "Heartbeat".to_owned(),
                "HeartbeatLog".to_owned(),
                "Usage".to_owned(),
            ]
        }
        fn columns(&self, query: &str) -> Option<Vec<String>> {
            let table = query.rsplit(';').next()?.split_whitespace().next()?;
            let mut cols: Vec<String> = match table {
                "Heartbeat" => vec!["Computer".into(), "TimeGenerated".into(), "OS Type".into()],
                "Usage" => vec!["Quantity".into(), "TimeGenerated".into()],
                _ => return None,
            };
            if query.contains("extend x") {
                cols.push("x".into());
            }
            Some(cols)
        }
    }

    fn complete_at_end(line: &str) -> Vec<String> {
        complete(line, line.len(), &Vocabulary::builtin(), &TwoTables).1
    }

    #[test]
    fn tables_at_the_start_and_after_join() {
        assert_eq!(complete_at_end("Heart"), vec!["Heartbeat", "HeartbeatLog"]);
        assert_eq!(complete_at_end("Heartbeat | join (Us"), vec!["Usage"]);
        assert_eq!(complete_at_end("let n = 1; Us"), vec!["Usage"]);
    }

    #[test]
    fn operators_after_a_pipe_with_their_hyphens() {
        assert_eq!(complete_at_end("Heartbeat | summ"), vec!["summarize"]);
        let projects = complete_at_end("Heartbeat | project-");
        assert!(
            projects.contains(&"project-away".to_owned()),
            "{projects:?}"
        );
        assert!(!projects.contains(&"project".to_owned()));
        assert_eq!(
            complete("Heartbeat | mv-ex", 17, &Vocabulary::builtin(), &TwoTables).0,
            12,
            "the whole hyphenated word is replaced"
        );
    }

    #[test]
    fn columns_of_the_pipeline_before_the_cursor() {
        assert_eq!(complete_at_end("Heartbeat | where Comp"), vec!["Computer"]);
        assert_eq!(
            complete_at_end("Heartbeat | where isnotempty(Comp"),
            vec!["Computer"],
            "a function's arguments see the pipeline's columns"
        );
        let got = complete_at_end("Heartbeat | extend x = 1 | where x");
        assert_eq!(got.first().map(String::as_str), Some("x"), "{got:?}");
        assert!(
            got.iter().all(|w| w.to_lowercase().starts_with('x')),
            "{got:?}"
        );
        assert_eq!(
            complete_at_end("Heartbeat | project OS"),
            vec!["['OS Type']"]
        );
        assert_eq!(
            complete_at_end("Usage | join (Heartbeat | where Comp"),
            vec!["Computer"],
            "inside parentheses, the inner pipeline's columns"
        );
        // case-insensitive matches after exact ones
        assert_eq!(
            complete_at_end("Heartbeat | where timegen"),
            vec!["TimeGenerated"]
        );
    }

    #[test]
    fn functions_keywords_and_let_names_in_expressions() {
        let got = complete_at_end("let threshold = 5; Usage | where Quantity > thr");
        assert_eq!(got, vec!["threshold"]);
        let got = complete_at_end("Usage | where strl");
        assert_eq!(got.first().map(String::as_str), Some("strlen"), "{got:?}");
        let got = complete_at_end("Usage | summarize count() b");
        assert!(got.contains(&"by".to_owned()), "{got:?}");
    }

    #[test]
    fn dot_commands() {
        assert_eq!(complete_at_end(".ti"), vec![".timing"]);
        assert_eq!(complete_at_end(".s"), vec![".show", ".set", ".save"]);
    }
}
