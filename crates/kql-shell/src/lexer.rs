//! A forgiving scanner of KQL text into words, strings, comments, numbers and punctuation, for
//! highlighting, completion and deciding where a query ends while it is being typed.
//!
//! Unlike the parser it never fails: an unterminated string runs to the end of the text and
//! any other character is punctuation. String forms follow Kusto's string-literal reference:
//! `"…"` and `'…'` with backslash escapes, verbatim `@"…"` / `@'…'` (a doubled quote stands
//! for one), obfuscated `h"…"` / `H'…'` (either form, `h` or `H` in front), and multi-line
//! ```` ```…``` ````. A comment runs from `//` to the end of its line.

use std::ops::Range;

/// What a [`Token`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// A name or keyword: `[A-Za-z_][A-Za-z0-9_]*`, with `-` joining operator names such as
    /// `mv-expand` (the caller decides whether the joined form is one word).
    Word,
    /// A string literal, quotes and prefix included.
    String,
    /// `// …` to the end of the line.
    Comment,
    /// A number (`42`, `1.5`, `1e3`), a timespan literal (`5d`) included.
    Number,
    /// Spaces, tabs and newlines.
    Space,
    /// Anything else, one character: `|`, `(`, `;`, `=`, …
    Punct,
}

/// One token: its kind and its byte range in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// What it is.
    pub(crate) kind: TokenKind,
    /// Where it is.
    pub(crate) range: Range<usize>,
}

/// Splits `text` into tokens that cover it exactly, in order.
pub(crate) fn tokens(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let c = bytes[i];
        let kind = if c.is_ascii_whitespace() {
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            TokenKind::Space
        } else if text[i..].starts_with("//") {
            i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
            TokenKind::Comment
        } else if text[i..].starts_with("```") {
            i = text[i + 3..]
                .find("```")
                .map_or(bytes.len(), |n| i + 3 + n + 3);
            TokenKind::String
        } else if let Some(end) = string_end(bytes, i) {
            i = end;
            TokenKind::String
        } else if c.is_ascii_digit() {
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.') {
                i += 1;
            }
            TokenKind::Number
        } else if c.is_ascii_alphabetic() || c == b'_' {
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            TokenKind::Word
        } else {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
            TokenKind::Punct
        };
        out.push(Token {
            kind,
            range: start..i,
        });
    }
    out
}

/// The end of the string literal starting at `i` (after its prefix), if one starts there.
fn string_end(bytes: &[u8], i: usize) -> Option<usize> {
    let mut j = i;
    let mut verbatim = false;
    // An obfuscation prefix, then a verbatim marker: h@"…" is both.
    if matches!(bytes.get(j), Some(b'h' | b'H'))
        && matches!(bytes.get(j + 1), Some(b'"' | b'\'' | b'@'))
    {
        j += 1;
    }
    if bytes.get(j) == Some(&b'@') {
        verbatim = true;
        j += 1;
    }
    let quote = *bytes.get(j)?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    // A lone `h` or `@` before something else is not a string.
    j += 1;
    while j < bytes.len() {
        let c = bytes[j];
        if c == quote {
            if verbatim && bytes.get(j + 1) == Some(&quote) {
                j += 2;
                continue;
            }
            return Some(j + 1);
        }
        if c == b'\\' && !verbatim {
            j += 2;
            continue;
        }
        if c == b'\n' && !verbatim {
            // Kusto strings end at the line; an unterminated one stops here.
            return Some(j);
        }
        j += 1;
    }
    Some(bytes.len())
}

/// The tokens of `text` that are neither space nor comment, in order.
pub(crate) fn significant(text: &str) -> Vec<Token> {
    tokens(text)
        .into_iter()
        .filter(|t| !matches!(t.kind, TokenKind::Space | TokenKind::Comment))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        tokens(text)
            .into_iter()
            .filter(|t| t.kind != TokenKind::Space)
            .map(|t| (t.kind, &text[t.range]))
            .collect()
    }

    #[test]
    fn strings_of_every_form() {
        use TokenKind::*;
        assert_eq!(
            kinds(r#"x == "a\"b" or y == 'c' // note"#),
            vec![
                (Word, "x"),
                (Punct, "="),
                (Punct, "="),
                (String, r#""a\"b""#),
                (Word, "or"),
                (Word, "y"),
                (Punct, "="),
                (Punct, "="),
                (String, "'c'"),
                (Comment, "// note"),
            ]
        );
        assert_eq!(kinds(r#"@"C:\dir""x""#), vec![(String, r#"@"C:\dir""x""#)]);
        assert_eq!(
            kinds(r#"h"secret" h"#),
            vec![(String, r#"h"secret""#), (Word, "h")]
        );
        assert_eq!(kinds("```a\n// b```"), vec![(String, "```a\n// b```")]);
    }

    #[test]
    fn unterminated_strings_and_comment_markers_inside_strings() {
        use TokenKind::*;
        assert_eq!(
            kinds(r#"print "a // b"#),
            vec![(Word, "print"), (String, r#""a // b"#)]
        );
        assert_eq!(
            kinds("'http://x' | y"),
            vec![(String, "'http://x'"), (Punct, "|"), (Word, "y")]
        );
    }

    #[test]
    fn tokens_cover_the_text() {
        let text = "T | where a > 1.5e3 and b == ago(5d) // über\n| take 3";
        let joined: String = tokens(text)
            .iter()
            .map(|t| &text[t.range.clone()])
            .collect();
        assert_eq!(joined, text);
    }
}
