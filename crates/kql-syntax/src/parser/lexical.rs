//! Lexical productions: whitespace and comments, punctuation, keywords, names, and the parser's
//! error type with the helpers that turn a failed production into an actionable diagnostic.
//!
//! Every token parser here skips the whitespace before its token (never after), so callers can
//! take `rest.location_offset()` as the end of the last token they consumed.

use super::{Input, MAX_DEPTH, PResult};
use crate::ast::Ident;
use crate::{Diagnostic, Span};
use nom::Input as _;
use nom::error::{ErrorKind, ParseError};
use std::fmt;

/// Words that are never a bare name: write `['by']` for a column called `by`.
const RESERVED_NAMES: &[&str] = &["and", "or", "by", "true", "false"];

/// Words `Display` prints bracketed (`['where']`) when they are names, so that canonical KQL is
/// also valid for Kusto, which reserves them. A superset of [`RESERVED_NAMES`]; the tabular
/// operator names of `crate::operator::OPERATORS` are keywords too.
pub(crate) const KEYWORDS: &[&str] = &[
    // reserved everywhere
    "and",
    "or",
    "by",
    "true",
    "false",
    // expression operators
    "in",
    "between",
    "has",
    "has_cs",
    "hasprefix",
    "hasprefix_cs",
    "hassuffix",
    "hassuffix_cs",
    "contains",
    "contains_cs",
    "startswith",
    "startswith_cs",
    "endswith",
    "endswith_cs",
    "matches",
    "regex",
    // literal type names
    "bool",
    "boolean",
    "int",
    "long",
    "real",
    "double",
    "decimal",
    "datetime",
    "date",
    "time",
    "timespan",
    "guid",
    "uuid",
    "uniqueid",
    "dynamic",
    // statements
    "let",
    "set",
    "declare",
    "alias",
    "pattern",
    "restrict",
    // a source that is not an operator
    "materialize",
];

/// True for a word `Display` must bracket when it is a name: a [`KEYWORDS`] entry or an
/// operator name.
pub(crate) fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word) || crate::operator::operator_spec(word).is_some()
}

/// True for `[A-Za-z_][A-Za-z0-9_]*`: a name that can be written without brackets unless it is
/// a keyword.
pub(crate) fn is_plain_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(is_word_char)
}

/// A character that continues a word: `[A-Za-z0-9_]`.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// The parser's error: where it happened and, once a production has committed, the diagnostic
/// to report. Errors without a diagnostic become "unexpected '…'" at their offset.
#[derive(Debug)]
pub(crate) struct SyntaxError {
    offset: usize,
    diagnostic: Option<Box<Diagnostic>>,
}

impl SyntaxError {
    /// An error carrying a finished diagnostic, positioned at the diagnostic's span.
    pub(crate) fn new(diagnostic: Diagnostic) -> SyntaxError {
        SyntaxError {
            offset: diagnostic.span.map_or(0, |s| s.start),
            diagnostic: Some(Box::new(diagnostic)),
        }
    }

    /// The byte offset the error is at.
    pub(crate) fn offset(&self) -> usize {
        self.offset
    }

    /// The diagnostic to show for this error in `text`.
    pub(crate) fn into_diagnostic(self, text: &str) -> Diagnostic {
        match self.diagnostic {
            Some(diagnostic) => *diagnostic,
            None => {
                let (what, span) = token_at(text, self.offset);
                let message = if span.start == text.len() {
                    "unexpected end of query".to_owned()
                } else {
                    format!("unexpected {what}")
                };
                let diagnostic = Diagnostic::syntax(message, span)
                    .with_label("expected '|' or the end of the query");
                if what == "'='" {
                    diagnostic.with_help("compare with '==', not '='")
                } else if after_empty_line(text, span.start) {
                    diagnostic.with_help(
                        "an empty line ends a query in Kusto's editors, so this may be a second \
                         query: kqlake reads one query per text (or file)",
                    )
                } else {
                    diagnostic
                }
            }
        }
    }
}

/// True when an empty line separates `offset` from the text before it (comment lines aside).
fn after_empty_line(text: &str, offset: usize) -> bool {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    if !before[line_start..].trim().is_empty() {
        return false;
    }
    for line in before[..line_start].lines().rev() {
        let line = line.trim();
        if line.is_empty() {
            return true;
        }
        if !line.starts_with("//") {
            return false;
        }
    }
    false
}

impl ParseError<Input<'_>> for SyntaxError {
    fn from_error_kind(input: Input<'_>, _kind: ErrorKind) -> Self {
        SyntaxError {
            offset: input.location_offset(),
            diagnostic: None,
        }
    }

    fn append(_input: Input<'_>, _kind: ErrorKind, other: Self) -> Self {
        other
    }

    /// Keeps the error that got furthest; on a tie, the one with a message.
    fn or(self, other: Self) -> Self {
        if other.offset > self.offset || (other.offset == self.offset && self.diagnostic.is_none())
        {
            other
        } else {
            self
        }
    }
}

/// A recoverable error at `input`: "not this production".
pub(crate) fn backtrack<T>(input: Input<'_>) -> PResult<'_, T> {
    Err(nom::Err::Error(SyntaxError::from_error_kind(
        input,
        ErrorKind::Verify,
    )))
}

/// A committed syntax error.
pub(crate) fn syntax_failure(message: impl Into<String>, span: Span) -> nom::Err<SyntaxError> {
    nom::Err::Failure(SyntaxError::new(Diagnostic::syntax(message, span)))
}

/// A committed "… is not supported yet" error naming the feature.
pub(crate) fn unsupported_failure(what: impl fmt::Display, span: Span) -> nom::Err<SyntaxError> {
    nom::Err::Failure(SyntaxError::new(Diagnostic::unsupported(what, span)))
}

/// A committed "… are not supported yet" error naming a plural feature (`dynamic literals`).
pub(crate) fn unsupported_plural_failure(
    what: impl fmt::Display,
    span: Span,
) -> nom::Err<SyntaxError> {
    nom::Err::Failure(SyntaxError::new(
        Diagnostic::new(
            crate::DiagnosticKind::Unsupported,
            format!("{what} are not supported yet"),
        )
        .with_span(span),
    ))
}

/// A committed error "`{expected}`, found …" pointing at the token at `at`.
pub(crate) fn expected_failure(expected: &str, at: Input<'_>) -> nom::Err<SyntaxError> {
    let (what, span) = found(at);
    syntax_failure(format!("{expected}, found {what}"), span)
}

/// Commits `result`: a recoverable error becomes a failure "`{expected}`, found …" at `at`,
/// unless the production got further than `at` and already explained itself.
pub(crate) fn require<'a, O>(
    result: PResult<'a, O>,
    at: Input<'a>,
    expected: impl FnOnce() -> String,
) -> PResult<'a, O> {
    match result {
        Err(nom::Err::Error(e)) => {
            let start = at.location_offset() + ws_len(at.fragment());
            if e.diagnostic.is_some() && e.offset > start {
                Err(nom::Err::Failure(e))
            } else {
                Err(expected_failure(&expected(), at))
            }
        }
        other => other,
    }
}

/// Runs `f` one nesting level deeper; `open` (the `(` or `[`) is blamed past [`MAX_DEPTH`].
pub(crate) fn nested<'a, O>(
    input: Input<'a>,
    open: Span,
    f: impl FnOnce(Input<'a>) -> PResult<'a, O>,
) -> PResult<'a, O> {
    let depth = input.extra;
    if depth >= MAX_DEPTH {
        return Err(nom::Err::Failure(SyntaxError::new(
            Diagnostic::syntax("expression nested too deeply", open).with_help(format!(
                "at most {MAX_DEPTH} levels of parentheses, calls and brackets are allowed; \
                 split the expression with 'extend'"
            )),
        )));
    }
    let mut inner = input;
    inner.extra = depth + 1;
    let (mut rest, out) = f(inner)?;
    rest.extra = depth;
    Ok((rest, out))
}

/// The token at `input` (after whitespace), described for a message, and its span.
pub(crate) fn found(input: Input<'_>) -> (String, Span) {
    let offset = input.location_offset();
    let (what, span) = token_at(input.fragment(), 0);
    (what, Span::new(span.start + offset, span.end + offset))
}

/// The span of the token at `input` (after whitespace).
pub(crate) fn token_span_at(input: Input<'_>) -> Span {
    found(input).1
}

/// Describes the token starting at `offset` in `text` (after whitespace): `'where'`, `')'`,
/// `a string literal`, `end of query`.
fn token_at(text: &str, offset: usize) -> (String, Span) {
    let offset = offset.min(text.len());
    let start = offset + ws_len(&text[offset..]);
    let rest = &text[start..];
    let Some(first) = rest.chars().next() else {
        return ("end of query".to_owned(), Span::new(text.len(), text.len()));
    };
    let len = if first.is_ascii_digit() {
        rest.find(|c: char| !is_word_char(c) && c != '.')
            .unwrap_or(rest.len())
    } else if is_word_char(first) {
        rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len())
    } else if first == '"' || first == '\'' {
        let line = rest.find('\n').unwrap_or(rest.len());
        let mut escaped = false;
        let end = rest[1..line].char_indices().find(|&(_, c)| {
            let close = !escaped && c == first;
            escaped = !escaped && c == '\\';
            close
        });
        match end {
            Some((i, _)) => {
                return (
                    "a string literal".to_owned(),
                    Span::new(start, start + i + 2),
                );
            }
            None => line,
        }
    } else {
        const PAIRS: &[&str] = &["==", "!=", "<>", "<=", ">=", "=~", "!~", "..", "=>"];
        PAIRS
            .iter()
            .find(|p| rest.starts_with(**p))
            .map_or(first.len_utf8(), |p| p.len())
    };
    let token = &rest[..len];
    (format!("'{token}'"), Span::new(start, start + len))
}

// ---------------------------------------------------------------------------------------------
// Whitespace and tokens
// ---------------------------------------------------------------------------------------------

/// Length of the whitespace and `//` comments at the start of `text`.
pub(crate) fn ws_len(text: &str) -> usize {
    let mut i = 0;
    loop {
        let rest = &text[i..];
        let trimmed = rest.trim_start();
        i += rest.len() - trimmed.len();
        if trimmed.starts_with("//") {
            i += trimmed.find('\n').unwrap_or(trimmed.len());
        } else {
            return i;
        }
    }
}

/// Whitespace and comments; never fails.
///
/// ```ebnf
/// ws      ::= (whitespace | comment)*
/// comment ::= "//" [^\n]*
/// ```
pub(crate) fn ws(input: Input<'_>) -> PResult<'_, ()> {
    let n = ws_len(input.fragment());
    Ok((input.take_from(n), ()))
}

/// The span from `start` to the end of the last token consumed before `rest`.
pub(crate) fn span_from(start: usize, rest: Input<'_>) -> Span {
    Span::new(start, rest.location_offset())
}

/// Consumes `n` bytes of `input` (after no whitespace), returning the rest and their span.
pub(crate) fn advance(input: Input<'_>, n: usize) -> (Input<'_>, Span) {
    let start = input.location_offset();
    (input.take_from(n), Span::new(start, start + n))
}

/// A punctuation token such as `|`, `(` or `..`, after whitespace.
pub(crate) fn punct<'a>(p: &'static str) -> impl Fn(Input<'a>) -> PResult<'a, Span> {
    move |input| {
        let (at, ()) = ws(input)?;
        if at.fragment().starts_with(p) {
            Ok(advance(at, p.len()))
        } else {
            backtrack(at)
        }
    }
}

/// A keyword matched as a whole word (`project` does not match `projection`), after whitespace.
/// Keywords are case-sensitive: `Where` is not `where`.
pub(crate) fn keyword<'a>(kw: &'static str) -> impl Fn(Input<'a>) -> PResult<'a, Span> {
    move |input| {
        let (at, ()) = ws(input)?;
        let text = at.fragment();
        if text.starts_with(kw) && !text[kw.len()..].starts_with(is_word_char) {
            Ok(advance(at, kw.len()))
        } else {
            backtrack(at)
        }
    }
}

/// Any word `[A-Za-z_][A-Za-z0-9_]*`, keyword or not, after whitespace; also a digit-led run
/// of word characters that is no number (`90th_Percentile`), as Kusto's lexer reads it.
///
/// ```ebnf
/// word ::= [A-Za-z_] [A-Za-z0-9_]* | ([0-9]+ [A-Za-z_] [A-Za-z0-9_]* - number_literal)
/// ```
pub(crate) fn word(input: Input<'_>) -> PResult<'_, (&str, Span)> {
    let (at, ()) = ws(input)?;
    let text: &str = at.fragment();
    let len = text.find(|c: char| !is_word_char(c)).unwrap_or(text.len());
    let starts_a_word = text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
    if !starts_a_word && !is_digit_led_identifier(&text[..len], &text[len..]) {
        return backtrack(at);
    }
    let (rest, span) = advance(at, len);
    Ok((rest, (&text[..len], span)))
}

/// True for a run of word characters that starts with a digit and is not a number, a timespan
/// or the integer part of a real (`90th_Percentile`, `4xxrate`): Kusto's lexer reads it as an
/// identifier (Kusto.Language's `TokenParser` tries a real, a timespan and a long before an
/// identifier).
fn is_digit_led_identifier(token: &str, after: &str) -> bool {
    let digits = token
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(token.len());
    if digits == 0 || digits == token.len() || after.starts_with('.') {
        return false;
    }
    let suffix = &token[digits..];
    let exponent = suffix.starts_with(['e', 'E'])
        && suffix.len() > 1
        && suffix[1..].bytes().all(|b| b.is_ascii_digit());
    let hex = token.starts_with("0x") || token.starts_with("0X");
    !exponent && !hex && crate::time::timespan_unit(suffix).is_none()
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

/// A table, column or function name, plain or bracketed; kept byte for byte.
///
/// ```ebnf
/// name ::= plain_name | bracketed_name
/// ```
pub(crate) fn name(input: Input<'_>) -> PResult<'_, Ident> {
    match plain_name(input) {
        Err(nom::Err::Error(_)) => bracketed_name(input),
        other => other,
    }
}

/// A name without brackets: a word that is not reserved (`and`, `or`, `by`, `true`, `false`).
///
/// ```ebnf
/// plain_name ::= word - ("and" | "or" | "by" | "true" | "false") | "$table"
/// ```
///
/// `$table` is the column `search` adds (the table of each row); `Display` brackets it.
pub(crate) fn plain_name(input: Input<'_>) -> PResult<'_, Ident> {
    let (at, ()) = ws(input)?;
    if let Some(after) = at.fragment().strip_prefix("$table")
        && !after.starts_with(is_word_char)
    {
        let (rest, span) = advance(at, "$table".len());
        return Ok((
            rest,
            Ident {
                name: "$table".to_owned(),
                span,
            },
        ));
    }
    let (rest, (text, span)) = word(input)?;
    if RESERVED_NAMES.contains(&text) {
        return backtrack(input);
    }
    Ok((
        rest,
        Ident {
            name: text.to_owned(),
            span,
        },
    ))
}

/// A name in brackets, holding any characters: `['Event Type']`, `["where"]`. The string inside
/// follows the rules of a quoted string literal (escapes included).
///
/// ```ebnf
/// bracketed_name ::= "[" quoted_string "]"
/// ```
pub(crate) fn bracketed_name(input: Input<'_>) -> PResult<'_, Ident> {
    let (at, ()) = ws(input)?;
    let (after_open, open) = punct("[")(at)?;
    let (after_ws, ()) = ws(after_open)?;
    if !after_ws.starts_with(['\'', '"']) {
        return backtrack(at);
    }
    let (rest, (name, _)) = super::string::quoted_string(after_ws)?;
    let (rest, close) = match punct("]")(rest) {
        Ok(ok) => ok,
        Err(_) => {
            return Err(expected_failure(
                "expected ']' to close the bracketed name",
                rest,
            ));
        }
    };
    if name.is_empty() {
        return Err(syntax_failure("a name cannot be empty", open.to(close)));
    }
    Ok((
        rest,
        Ident {
            name,
            span: open.to(close),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(text: &str) -> Input<'_> {
        Input::new_extra(text, 0)
    }

    #[test]
    fn whitespace_includes_comments() {
        assert_eq!(ws_len("  // c\n\t// d\n  x"), 15);
        assert_eq!(ws_len("// only a comment"), 17);
        assert_eq!(ws_len("x"), 0);
    }

    #[test]
    fn keywords_match_whole_words_only() {
        assert!(keyword("project")(input("project a")).is_ok());
        assert!(keyword("project")(input("projection")).is_err());
        assert!(keyword("project")(input("project_x")).is_err());
        assert!(
            keyword("where")(input("Where")).is_err(),
            "keywords are case-sensitive"
        );
        let (rest, span) = keyword("where")(input("  where(x)")).unwrap();
        assert_eq!(span, Span::new(2, 7));
        assert_eq!(*rest.fragment(), "(x)");
    }

    #[test]
    fn names_are_kept_byte_for_byte() {
        let (_, id) = name(input("TimeGenerated")).unwrap();
        assert_eq!(id.name, "TimeGenerated");
        let (_, id) = name(input("['Event Type']")).unwrap();
        assert_eq!(
            (id.name.as_str(), id.span),
            ("Event Type", Span::new(0, 14))
        );
        let (_, id) = name(input(r#"[ "a\"b" ]"#)).unwrap();
        assert_eq!(id.name, "a\"b");
        assert!(name(input("by")).is_err(), "by is reserved");
        assert_eq!(name(input("['by']")).unwrap().1.name, "by");
    }

    #[test]
    fn plain_identifiers() {
        assert!(is_plain_identifier("_a1"));
        assert!(!is_plain_identifier("1a"));
        assert!(!is_plain_identifier("a b"));
        assert!(!is_plain_identifier("a-b"));
        assert!(!is_plain_identifier(""));
    }

    #[test]
    fn an_empty_line_before_an_unexpected_token_is_noticed() {
        assert!(after_empty_line("T | count\n\nU", 11));
        assert!(after_empty_line("T | count\n\n// another query\nU", 28));
        assert!(!after_empty_line("T | count\n// note\nU", 18));
        assert!(!after_empty_line("T | count U", 10));
    }

    #[test]
    fn tokens_are_described_for_messages() {
        assert_eq!(token_at("x )", 1), ("')'".to_owned(), Span::new(2, 3)));
        assert_eq!(
            token_at("x ", 1),
            ("end of query".to_owned(), Span::new(2, 2))
        );
        assert_eq!(token_at("a == b", 1), ("'=='".to_owned(), Span::new(2, 4)));
        assert_eq!(
            token_at("where x", 0),
            ("'where'".to_owned(), Span::new(0, 5))
        );
        assert_eq!(
            token_at("1.5h x", 0),
            ("'1.5h'".to_owned(), Span::new(0, 4))
        );
        assert_eq!(
            token_at(r#" "a\"b" x"#, 0),
            ("a string literal".to_owned(), Span::new(1, 7))
        );
    }
}
