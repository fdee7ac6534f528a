//! String literal productions: quoted strings with escapes, verbatim `@"…"`, multi-line
//! ```` ```…``` ````, the `h` (obfuscated) prefix, and adjacent literals concatenated.
//!
//! Also used for bracketed names (`['Event Type']`), whose inside is a quoted string.

use super::lexical::{advance, backtrack, syntax_failure, ws};
use super::{Input, PResult};
use crate::Span;
use nom::Input as _;

/// True when `text` starts a string literal part.
pub(crate) fn starts_string_part(text: &str) -> bool {
    let unprefixed = text.strip_prefix(['h', 'H']).unwrap_or(text);
    unprefixed.starts_with(['"', '\''])
        || unprefixed.starts_with("@\"")
        || unprefixed.starts_with("@'")
        || unprefixed.starts_with("```")
}

/// The byte offset just past the string literal starting at byte `i` of `text` (`"…"`, `'…'`,
/// `@"…"`, ```` ```…``` ````), or past the one character at `i` if no string starts there. An
/// unterminated string runs to the end of the line (the end of the text for ```` ``` ````). A
/// look-ahead helper: decoding and errors are [`string_part`]'s.
pub(crate) fn skip_string(text: &str, i: usize) -> usize {
    let rest = &text[i..];
    let line_end = |from: usize| i + from + rest[from..].find('\n').unwrap_or(rest.len() - from);
    if let Some(body) = rest.strip_prefix("```") {
        return body.find("```").map_or(text.len(), |end| i + 3 + end + 3);
    }
    let (verbatim, quote_at) = if rest.starts_with("@\"") || rest.starts_with("@'") {
        (true, 1)
    } else if rest.starts_with(['"', '\'']) {
        (false, 0)
    } else {
        return i + rest.chars().next().map_or(1, char::len_utf8);
    };
    let quote = rest.as_bytes()[quote_at];
    let bytes = rest.as_bytes();
    let mut j = quote_at + 1;
    while let Some(&b) = bytes.get(j) {
        match b {
            b'\n' => return i + j,
            b'\\' if !verbatim => j += 2,
            _ if b == quote => {
                if verbatim && bytes.get(j + 1) == Some(&quote) {
                    j += 2;
                } else {
                    return i + j + 1;
                }
            }
            _ => j += 1,
        }
    }
    line_end(quote_at).min(text.len())
}

/// One or more adjacent string parts, concatenated (`"ab" 'cd'` is `"abcd"`); whitespace and
/// comments may separate them.
///
/// ```ebnf
/// string_literal ::= string_part (ws string_part)*
/// ```
pub(crate) fn string_literal(input: Input<'_>) -> PResult<'_, (String, Span)> {
    let (at, ()) = ws(input)?;
    let (mut rest, (mut value, first)) = string_part(at)?;
    let mut span = first;
    loop {
        let (next, ()) = ws(rest)?;
        if !starts_string_part(next.fragment()) {
            return Ok((rest, (value, span)));
        }
        let (after, (more, more_span)) = string_part(next)?;
        value.push_str(&more);
        span = span.to(more_span);
        rest = after;
    }
}

/// One string literal; an `h`/`H` prefix only hides the value from logs.
///
/// ```ebnf
/// string_part ::= ["h" | "H"] (quoted_string | verbatim_string | multiline_string)
/// ```
pub(crate) fn string_part(input: Input<'_>) -> PResult<'_, (String, Span)> {
    let start = input.location_offset();
    let at = if input.starts_with(['h', 'H']) {
        input.take_from(1)
    } else {
        input
    };
    let (rest, (value, _)) = if at.starts_with('@') {
        verbatim_string(at)?
    } else if at.starts_with("```") {
        multiline_string(at)?
    } else {
        quoted_string(at)?
    };
    Ok((rest, (value, Span::new(start, rest.location_offset()))))
}

/// A string in `"…"` or `'…'` with backslash escapes; a raw line break is not allowed.
///
/// ```ebnf
/// quoted_string ::= '"' (escape | [^"\\\n\r])* '"'
///                 | "'" (escape | [^'\\\n\r])* "'"
/// escape        ::= "\" ( '"' | "'" | "\" | "a" | "b" | "f" | "n" | "r" | "t" | "v"
///                        | [0-3][0-7][0-7] | [0-7][0-7] | [0-7]
///                        | "x" hex hex
///                        | "u" hex hex hex hex       (* a surrogate pair \uD8xx\uDCxx joins *)
///                        | "U" hex hex hex hex hex hex hex hex )
/// ```
pub(crate) fn quoted_string(input: Input<'_>) -> PResult<'_, (String, Span)> {
    let text: &str = input.fragment();
    let start = input.location_offset();
    let Some(quote) = text.chars().next().filter(|c| *c == '"' || *c == '\'') else {
        return backtrack(input);
    };
    let mut value = String::new();
    let mut chars = text.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            c if c == quote => {
                let (rest, span) = advance(input, i + 1);
                return Ok((rest, (value, span)));
            }
            '\n' | '\r' => break,
            '\\' => {
                let (decoded, len) = escape(&text[i..]).map_err(|message| {
                    let end = i + 1 + text[i + 1..].chars().next().map_or(0, char::len_utf8);
                    syntax_failure(message, Span::new(start + i, start + end))
                })?;
                value.push(decoded);
                while chars.peek().is_some_and(|&(j, _)| j < i + len) {
                    chars.next();
                }
            }
            c => value.push(c),
        }
    }
    let line_end = text.find(['\n', '\r']).unwrap_or(text.len());
    Err(syntax_failure(
        "unterminated string literal",
        Span::new(start, start + line_end),
    ))
}

/// Decodes the escape at the start of `text` (which begins with `\`): the character and the
/// escape's length in bytes.
fn escape(text: &str) -> Result<(char, usize), String> {
    let bytes = text.as_bytes();
    let Some(&kind) = bytes.get(1) else {
        return Err("unterminated string literal".to_owned());
    };
    let simple = match kind {
        b'"' => Some('"'),
        b'\'' => Some('\''),
        b'\\' => Some('\\'),
        b'a' => Some('\u{7}'),
        b'b' => Some('\u{8}'),
        b'f' => Some('\u{c}'),
        b'n' => Some('\n'),
        b'r' => Some('\r'),
        b't' => Some('\t'),
        b'v' => Some('\u{b}'),
        _ => None,
    };
    if let Some(c) = simple {
        return Ok((c, 2));
    }
    let hex = |len: usize| -> Result<(u32, usize), String> {
        let digits = text
            .get(2..2 + len)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()));
        let digits = digits.ok_or_else(|| {
            format!(
                "invalid escape sequence: '\\{}' needs {len} hex digits",
                kind as char
            )
        })?;
        Ok((u32::from_str_radix(digits, 16).unwrap_or(0), 2 + len))
    };
    let (code, len) = match kind {
        b'x' => hex(2)?,
        b'u' => {
            let (high, len) = hex(4)?;
            if (0xD800..0xDC00).contains(&high) && text[len..].starts_with("\\u") {
                let (low, _) = hex_at(&text[len + 2..], 4)
                    .ok_or_else(|| "invalid escape sequence: unpaired surrogate".to_owned())?;
                if (0xDC00..0xE000).contains(&low) {
                    (0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00), len + 6)
                } else {
                    (high, len)
                }
            } else {
                (high, len)
            }
        }
        b'U' => hex(8)?,
        b'0'..=b'7' => {
            let max = if kind <= b'3' { 3 } else { 2 };
            let len = bytes[1..]
                .iter()
                .take(max)
                .take_while(|b| (b'0'..=b'7').contains(b))
                .count();
            let code = u32::from_str_radix(&text[1..1 + len], 8).unwrap_or(0);
            (code, 1 + len)
        }
        _ => {
            let c = text[1..].chars().next().unwrap_or('\\');
            return Err(format!(
                "unknown escape sequence '\\{c}'; write '\\\\' for a backslash, or use a verbatim string @\"…\""
            ));
        }
    };
    let c = char::from_u32(code)
        .ok_or_else(|| format!("invalid escape sequence: U+{code:X} is not a character"))?;
    Ok((c, len))
}

fn hex_at(text: &str, len: usize) -> Option<(u32, usize)> {
    let digits = text.get(..len)?;
    digits
        .bytes()
        .all(|b| b.is_ascii_hexdigit())
        .then(|| u32::from_str_radix(digits, 16).ok())
        .flatten()
        .map(|code| (code, len))
}

/// A verbatim string: backslashes are literal; the quote is written twice.
///
/// ```ebnf
/// verbatim_string ::= "@" ( '"' ([^"\n\r] | '""')* '"' | "'" ([^'\n\r] | "''")* "'" )
/// ```
pub(crate) fn verbatim_string(input: Input<'_>) -> PResult<'_, (String, Span)> {
    let text: &str = input.fragment();
    let start = input.location_offset();
    let Some(quote) = text.strip_prefix('@').and_then(|t| t.chars().next()) else {
        return backtrack(input);
    };
    if quote != '"' && quote != '\'' {
        return backtrack(input);
    }
    let mut value = String::new();
    let mut chars = text.char_indices().skip(2).peekable();
    while let Some((i, c)) = chars.next() {
        if c == quote {
            if chars.peek().is_some_and(|&(_, next)| next == quote) {
                chars.next();
                value.push(quote);
                continue;
            }
            let (rest, span) = advance(input, i + 1);
            return Ok((rest, (value, span)));
        }
        if c == '\n' || c == '\r' {
            break;
        }
        value.push(c);
    }
    let line_end = text.find(['\n', '\r']).unwrap_or(text.len());
    Err(syntax_failure(
        "unterminated verbatim string literal",
        Span::new(start, start + line_end),
    ))
}

/// A multi-line string between triple backticks: no escapes, line breaks allowed.
///
/// ```ebnf
/// multiline_string ::= "```" .* "```"
/// ```
pub(crate) fn multiline_string(input: Input<'_>) -> PResult<'_, (String, Span)> {
    let text: &str = input.fragment();
    let Some(body) = text.strip_prefix("```") else {
        return backtrack(input);
    };
    match body.find("```") {
        Some(end) => {
            let (rest, span) = advance(input, end + 6);
            Ok((rest, (body[..end].to_owned(), span)))
        }
        None => Err(syntax_failure(
            "unterminated multi-line string literal: expected a closing ```",
            Span::new(input.location_offset(), input.location_offset() + 3),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::Literal;
    use crate::parser::literal::literal;

    fn lit(text: &str) -> Literal {
        let (rest, (value, span)) = literal(Input::new_extra(text, 0)).unwrap();
        assert_eq!(*rest.fragment(), "", "{text} fully consumed");
        assert_eq!(span, Span::new(0, text.len()), "{text} span");
        value
    }

    fn lit_err(text: &str) -> String {
        match literal(Input::new_extra(text, 0)) {
            Err(nom::Err::Failure(e)) => e.into_diagnostic(text).message,
            other => panic!("{text}: expected a failure, got {other:?}"),
        }
    }

    #[test]
    fn strings_decode_escapes() {
        assert_eq!(lit(r#""a\"b""#), Literal::String("a\"b".into()));
        assert_eq!(lit(r"'it\'s'"), Literal::String("it's".into()));
        assert_eq!(
            lit(r#""\\ \t \n \r""#),
            Literal::String("\\ \t \n \r".into())
        );
        assert_eq!(
            lit(r#""\u00e9\x41\101\0""#),
            Literal::String("éAA\0".into())
        );
        assert_eq!(lit(r#""\ud83d\ude00""#), Literal::String("😀".into()));
        assert_eq!(lit(r#""\U0001F600""#), Literal::String("😀".into()));
        assert_eq!(lit(r#""é ✓""#), Literal::String("é ✓".into()));
    }

    #[test]
    fn verbatim_obfuscated_multiline_and_adjacent_strings() {
        assert_eq!(lit(r#"@"C:\dir""#), Literal::String(r"C:\dir".into()));
        assert_eq!(lit(r#"@"a""b""#), Literal::String("a\"b".into()));
        assert_eq!(lit("@'a''b'"), Literal::String("a'b".into()));
        assert_eq!(lit(r#"h"secret""#), Literal::String("secret".into()));
        assert_eq!(lit(r#"H@'x\y'"#), Literal::String(r"x\y".into()));
        assert_eq!(lit("```a\n\\nb```"), Literal::String("a\n\\nb".into()));
        assert_eq!(lit(r#""ab" 'cd'"#), Literal::String("abcd".into()));
        assert_eq!(lit("\"a\" // c\n 'b'"), Literal::String("ab".into()));
    }

    #[test]
    fn bad_strings() {
        assert_eq!(lit_err("\"abc\nd\""), "unterminated string literal");
        assert_eq!(lit_err("'abc"), "unterminated string literal");
        assert!(lit_err(r#""\q""#).starts_with("unknown escape sequence '\\q'"));
        assert!(lit_err(r#""\u12""#).contains("needs 4 hex digits"));
    }
}
