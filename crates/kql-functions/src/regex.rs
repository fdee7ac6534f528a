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
    let regex = RegexBuilder::new(pattern)
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
}
