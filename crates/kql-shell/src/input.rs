//! Where a query typed at the prompt ends, and the text that is run.
//!
//! A query may span lines: it ends at a blank line, or at a line ending in `;` — unless that
//! `;` ends a `let`, `set`, `declare` or other statement that a query must follow (Kusto
//! separates `let x = 1;` from the query that uses it with the same `;`). A line starting with
//! `.` is a dot command and ends at once.

use crate::lexer::{TokenKind, significant, tokens};
use reedline::{ValidationResult, Validator};

/// Words that start a statement a query must follow.
const LEADING_STATEMENTS: &[&str] = &["let", "set", "declare", "alias", "pattern", "restrict"];

/// True when `buffer` holds a complete entry: a dot command, a query ended by a blank line or
/// by a `;` that does not end a leading statement, or nothing at all.
pub(crate) fn is_complete(buffer: &str) -> bool {
    let trimmed = buffer.trim();
    if trimmed.is_empty() || trimmed.starts_with('.') {
        return true;
    }
    // A blank last line: the buffer ends with a newline and nothing but spaces after it.
    if let Some(last_newline) = buffer.rfind('\n')
        && buffer[last_newline..].trim().is_empty()
    {
        return true;
    }
    let toks = significant(buffer);
    let Some(last) = toks.last() else {
        return true;
    };
    if &buffer[last.range.clone()] != ";" {
        return false;
    }
    // The statement the final `;` ends starts after the `;` before it.
    let before = &toks[..toks.len() - 1];
    let start = before
        .iter()
        .rposition(|t| &buffer[t.range.clone()] == ";")
        .map_or(0, |i| i + 1);
    match before.get(start) {
        Some(first) if first.kind == TokenKind::Word => {
            !LEADING_STATEMENTS.contains(&&buffer[first.range.clone()])
        }
        _ => true,
    }
}

/// The query to run from a complete entry: trimmed, without the `;` that ended it.
pub(crate) fn query_text(buffer: &str) -> &str {
    let mut text = buffer.trim();
    while let Some(rest) = text.strip_suffix(';') {
        // A `;` inside a comment on the last line is not a terminator.
        let in_comment = tokens(text)
            .last()
            .is_some_and(|t| t.kind == TokenKind::Comment);
        if in_comment {
            break;
        }
        text = rest.trim_end();
    }
    text
}

/// reedline's hook: Enter inserts a newline until the entry is complete.
pub(crate) struct QueryValidator;

impl Validator for QueryValidator {
    fn validate(&self, line: &str) -> ValidationResult {
        if is_complete(line) {
            ValidationResult::Complete
        } else {
            ValidationResult::Incomplete
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_ends_at_a_blank_line_or_a_final_semicolon() {
        assert!(!is_complete("T | take 5"));
        assert!(!is_complete("T\n| take 5"));
        assert!(is_complete("T\n| take 5\n"));
        assert!(is_complete("T\n| take 5\n   "));
        assert!(is_complete("T | take 5;"));
        assert!(is_complete("T | take 5;  "));
    }

    #[test]
    fn a_semicolon_after_a_leading_statement_does_not_end_the_query() {
        assert!(!is_complete("let n = 5;"));
        assert!(!is_complete("let n = 5;\nset truncationmaxrecords = 10;"));
        assert!(is_complete("let n = 5;\nT | take n;"));
        assert!(
            is_complete("let n = 5;\n\n"),
            "a blank line always ends the entry"
        );
    }

    #[test]
    fn semicolons_in_strings_and_comments_are_text() {
        assert!(!is_complete("print x = \"a;\""));
        assert!(!is_complete("T // stop;"));
    }

    #[test]
    fn dot_commands_and_empty_entries_are_complete() {
        assert!(is_complete(".show tables"));
        assert!(is_complete("  .quit"));
        assert!(is_complete(""));
    }

    #[test]
    fn the_terminator_is_not_part_of_the_query() {
        assert_eq!(query_text("T | take 5;\n"), "T | take 5");
        assert_eq!(
            query_text("let n = 5;\nT | take n ; ;"),
            "let n = 5;\nT | take n"
        );
        assert_eq!(query_text("T // a;"), "T // a;");
    }
}
