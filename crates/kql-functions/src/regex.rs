//! Compiling KQL regular expressions: the `regex` crate's syntax (Kusto's regex.md documents
//! the same RE2-style syntax: no backreferences, no look-around), with size limits so that a
//! pattern cannot exhaust memory, and Kusto's limit of 16 capture groups.
//!
//! Patterns are compiled at plan time, where a bad one is a positioned error
//! ([`check`]), and again per batch inside the UDFs ([`compile`]), where it cannot fail any
//! more: a UDF receives the pattern as a plain literal argument, so the plan stays plain data.

use regex::{Regex, RegexBuilder};

/// The most a compiled pattern may take (the `regex` crate's default is 10 MiB).
const SIZE_LIMIT: usize = 2 << 20;
/// The most Kusto allows: "The maximum number of regex groups is 16".
const MAX_GROUPS: usize = 16;

/// Compiles `pattern`, or says why it cannot be used.
pub(crate) fn compile(pattern: &str) -> Result<Regex, String> {
    compile_with_groups(pattern, MAX_GROUPS)
}

/// Compiles `pattern` allowing `max_groups` capture groups (`parse` adds one per column to
/// the user's own), or says why it cannot be used.
pub(crate) fn compile_with_groups(pattern: &str, max_groups: usize) -> Result<Regex, String> {
    let pattern = literal_braces(pattern);
    let regex = RegexBuilder::new(&pattern)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(SIZE_LIMIT)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(_) => {
                format!(
                    "the regex is too large (over {} KiB compiled)",
                    SIZE_LIMIT >> 10
                )
            }
            other => {
                let text = other.to_string();
                // The crate's message spans several lines with a caret; keep its last line.
                let last = text.lines().rev().find(|l| !l.trim().is_empty());
                format!("invalid regex: {}", last.unwrap_or("syntax error").trim())
            }
        })?;
    if regex.captures_len() > max_groups + 1 {
        return Err(format!(
            "the regex has {} capture groups; at most {max_groups} are allowed",
            regex.captures_len() - 1
        ));
    }
    Ok(regex)
}

/// `pattern` with each `{` that starts no counted repetition escaped: RE2 (Kusto's engine) reads
/// such a brace as a literal (`{[0-9a-f-]{36}}` matches a GUID in braces), where the `regex`
/// crate rejects it. A repetition is `{n}`, `{n,}` or `{n,m}` after something to repeat.
fn literal_braces(pattern: &str) -> std::borrow::Cow<'_, str> {
    if !pattern.contains('{') {
        return std::borrow::Cow::Borrowed(pattern);
    }
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 4);
    let (mut i, mut in_class) = (0, false);
    // Whether the last thing written can be repeated (not a start, `(`, `|` or repetition).
    let mut repeatable = false;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                out.push(c);
                if let Some(&next) = chars.get(i + 1) {
                    out.push(next);
                    i += 1;
                }
                repeatable = true;
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A `]` right after `[` or `[^` is a literal member.
                if chars.get(i + 1) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                if chars.get(i + 1) == Some(&']') {
                    out.push(']');
                    i += 1;
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
                repeatable = true;
            }
            '{' if !in_class => {
                let rest: String = chars[i + 1..].iter().take_while(|&&c| c != '}').collect();
                let closed = chars.len() > i + 1 + rest.len();
                let counted = closed && {
                    let (low, high) = rest.split_once(',').unwrap_or((&rest, "0"));
                    !low.is_empty()
                        && low.bytes().all(|b| b.is_ascii_digit())
                        && high.bytes().all(|b| b.is_ascii_digit())
                };
                if counted && repeatable {
                    out.push('{');
                    out.push_str(&rest);
                    out.push('}');
                    i += rest.len() + 1;
                    repeatable = false;
                } else {
                    out.push_str("\\{");
                    repeatable = true;
                }
            }
            _ => {
                out.push(c);
                repeatable = in_class || !matches!(c, '(' | '|' | '*' | '+' | '?');
            }
        }
        i += 1;
    }
    std::borrow::Cow::Owned(out)
}

/// Checks a function's constant regex argument at plan time: the pattern, or an error at it.
pub(crate) fn check(arg: crate::args::Arg) -> Result<String, crate::FunctionError> {
    let error_at = arg.error("");
    let pattern = arg.string_literal()?;
    compile(&pattern).map_err(|message| crate::FunctionError {
        message: format!("{}{message}", error_at.message),
        ..error_at
    })?;
    Ok(pattern)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_patterns_are_explained() {
        assert!(compile(r"\d+").is_ok());
        let e = compile("a(").unwrap_err();
        assert!(e.starts_with("invalid regex: "), "{e}");
        assert!(!e.contains('\n'), "{e}");
        let e = compile(&"(a)".repeat(17)).unwrap_err();
        assert_eq!(e, "the regex has 17 capture groups; at most 16 are allowed");
        let e = compile(r"\w{1000}\w{1000}").unwrap_err();
        assert!(e.contains("too large"), "{e}");
        assert!(compile("(?:a)(?P<x>b)").is_ok());
    }

    #[test]
    fn braces_that_start_no_repetition_are_literals() {
        assert_eq!(literal_braces(r"{([0-9A-F-]{36})}"), r"\{([0-9A-F-]{36})}");
        assert_eq!(literal_braces(r"a{2,}b{,3}"), r"a{2,}b\{,3}");
        assert_eq!(literal_braces(r"x\{1}[{]"), r"x\{1}[{]");
        assert_eq!(literal_braces(r"(|{1})"), r"(|\{1})");
        let guid = super::compile(r"{([0-9A-Fa-f-]{36})}").expect("compiles");
        let text = "CLSID {c2f03a33-21f5-47fa-b4bb-156362a2f239} failed";
        let captured = guid
            .captures(text)
            .and_then(|c| c.get(1))
            .map(|m| m.as_str());
        assert_eq!(captured, Some("c2f03a33-21f5-47fa-b4bb-156362a2f239"));
    }
}
