//! Syntax highlighting of the text at the prompt: operator names and keywords, function names
//! before `(`, strings, numbers, comments and dot commands, each in its own style.
//!
//! The words come from [`Vocabulary`], which reads them from `kql-syntax` and the function
//! registry, so a new operator or function is highlighted without touching the shell.

use crate::lexer::{Token, TokenKind, tokens};
use crate::vocabulary::Vocabulary;
use nu_ansi_term::{Color, Style};
use reedline::{Highlighter, StyledText};
use std::sync::Arc;

/// The role of a piece of text, which decides its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// An operator name or a keyword (`where`, `summarize`, `by`, `has`).
    Keyword,
    /// A function name followed by `(`.
    Function,
    /// A string literal.
    String,
    /// A number or timespan literal.
    Number,
    /// A comment.
    Comment,
    /// A dot command (`.show tables`).
    Command,
    /// Anything else: names, punctuation, spaces.
    Plain,
}

impl Role {
    fn style(self) -> Style {
        match self {
            Role::Keyword => Style::new().fg(Color::Blue).bold(),
            Role::Function => Style::new().fg(Color::Cyan),
            Role::String => Style::new().fg(Color::Green),
            Role::Number => Style::new().fg(Color::Yellow),
            Role::Comment => Style::new().fg(Color::DarkGray).italic(),
            Role::Command => Style::new().fg(Color::Magenta).bold(),
            Role::Plain => Style::new(),
        }
    }
}

/// Splits `text` into pieces with their roles; the pieces cover the text exactly.
pub(crate) fn classify(text: &str, vocabulary: &Vocabulary) -> Vec<(Role, String)> {
    if text.trim_start().starts_with('.') {
        return vec![(Role::Command, text.to_owned())];
    }
    let toks = tokens(text);
    let mut out: Vec<(Role, String)> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let token = &toks[i];
        let (role, end) = match token.kind {
            TokenKind::Word => word_role(text, &toks, i, vocabulary),
            TokenKind::String => (Role::String, i),
            TokenKind::Number => (Role::Number, i),
            TokenKind::Comment => (Role::Comment, i),
            TokenKind::Space | TokenKind::Punct => (Role::Plain, i),
        };
        let piece = &text[token.range.start..toks[end].range.end];
        match out.last_mut() {
            Some((last, s)) if *last == role => s.push_str(piece),
            _ => out.push((role, piece.to_owned())),
        }
        i = end + 1;
    }
    out
}

/// The role of the word at `toks[i]` and the index of its last token (a hyphenated operator
/// name such as `mv-expand` spans three tokens).
fn word_role(text: &str, toks: &[Token], i: usize, vocabulary: &Vocabulary) -> (Role, usize) {
    let word = &text[toks[i].range.clone()];
    // Longest hyphenated operator name first: `project-away` before `project`.
    let mut end = i;
    let mut j = i;
    while j + 2 < toks.len()
        && &text[toks[j + 1].range.clone()] == "-"
        && toks[j + 2].kind == TokenKind::Word
    {
        j += 2;
        if vocabulary.is_operator(&text[toks[i].range.start..toks[j].range.end]) {
            end = j;
        }
    }
    if end > i {
        return (Role::Keyword, end);
    }
    let before_paren = toks[i + 1..]
        .iter()
        .find(|t| t.kind != TokenKind::Space)
        .is_some_and(|t| &text[t.range.clone()] == "(");
    if before_paren && vocabulary.is_function(word) {
        (Role::Function, i)
    } else if vocabulary.is_keyword(word) {
        (Role::Keyword, i)
    } else {
        (Role::Plain, i)
    }
}

/// reedline's hook: styles the whole buffer on every keystroke.
pub(crate) struct KqlHighlighter {
    /// The words to recognise.
    pub(crate) vocabulary: Arc<Vocabulary>,
}

impl Highlighter for KqlHighlighter {
    fn highlight(&self, line: &str, _cursor: usize) -> StyledText {
        let mut styled = StyledText::new();
        for (role, text) in classify(line, &self.vocabulary) {
            styled.push((role.style(), text));
        }
        styled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(text: &str) -> Vec<(Role, String)> {
        classify(text, &Vocabulary::builtin())
            .into_iter()
            .filter(|(_, s)| !s.trim().is_empty())
            .map(|(r, s)| (r, s.trim().to_owned()))
            .collect()
    }

    #[test]
    fn keywords_strings_comments_and_functions() {
        use Role::*;
        let text = r#"T | where Name has "a|b" and ago(1d) < 5 // recent"#;
        let pieces = classify(text, &Vocabulary::builtin());
        let joined: std::string::String = pieces.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(joined, text, "the pieces cover the text");
        assert_eq!(
            roles(text),
            vec![
                (Plain, "T |".to_owned()),
                (Keyword, "where".to_owned()),
                (Plain, "Name".to_owned()),
                (Keyword, "has".to_owned()),
                (String, r#""a|b""#.to_owned()),
                (Keyword, "and".to_owned()),
                (Function, "ago".to_owned()),
                (Plain, "(".to_owned()),
                (Number, "1d".to_owned()),
                (Plain, ") <".to_owned()),
                (Number, "5".to_owned()),
                (Comment, "// recent".to_owned()),
            ]
        );
    }

    #[test]
    fn hyphenated_operators_are_one_keyword_and_minus_is_not() {
        use Role::*;
        assert_eq!(
            roles("T | project-away a | mv-expand b | extend c = a-b"),
            vec![
                (Plain, "T |".to_owned()),
                (Keyword, "project-away".to_owned()),
                (Plain, "a |".to_owned()),
                (Keyword, "mv-expand".to_owned()),
                (Plain, "b |".to_owned()),
                (Keyword, "extend".to_owned()),
                (Plain, "c = a-b".to_owned()),
            ]
        );
    }

    #[test]
    fn a_function_name_without_parenthesis_is_a_name() {
        assert_eq!(
            roles("T | project count"),
            vec![
                (Role::Plain, "T |".to_owned()),
                (Role::Keyword, "project".to_owned()),
                (Role::Keyword, "count".to_owned()),
            ],
            "count is also an operator name, a keyword"
        );
        assert_eq!(
            roles("T | project strlen")[2],
            (Role::Plain, "strlen".to_owned())
        );
    }

    #[test]
    fn dot_commands_are_one_piece() {
        assert_eq!(
            roles(".show tables"),
            vec![(Role::Command, ".show tables".to_owned())]
        );
    }
}
