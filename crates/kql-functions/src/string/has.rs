//! `has`, `hasprefix`, `hassuffix` (with `_cs` and `!` forms): term matching, Kusto's way.
//!
//! Kusto splits a string into *terms*, maximal runs of alphanumeric characters
//! (datatypes-string-operators.md), and `has` asks whether the right side is a whole term:
//!
//! ```text
//! "KustoExplorerQueryRun" has "Explorer"       false   (contains: true)
//! "North America" has "america"                true
//! "Standard_D1_v2" has "d1"                    true    (`_` separates terms)
//! ```
//!
//! A right side of several terms (with punctuation or spaces) matches as a phrase: an
//! occurrence whose alphanumeric ends fall on term boundaries, as Kusto is observed to do
//! (`"…/resourcegroups/test.rg000001?api…" has "/resourcegroups/test.rg000001?"` is true).
//! `hasprefix` needs only the start on a boundary, `hassuffix` only the end. Case folding is
//! ASCII only, as Kusto's ("case-insensitive operators are currently supported only for
//! ASCII-text"). An empty right side matches (kqlake's choice; Kusto does not say).
//! Strings are never null, so the result is never null.

use crate::udf::{Batch, udf};
use crate::{Example, FunctionDoc};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, Expr};

/// Which end of an occurrence must fall on a term boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Term {
    /// `has`: both ends.
    Whole,
    /// `hasprefix`: the start.
    Prefix,
    /// `hassuffix`: the end.
    Suffix,
}

/// The reference entry of the `has` operators.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "has",
    aliases: &["!has", "has_cs", "!has_cs", "hasprefix", "hassuffix"],
    category: "string operator",
    syntax: "text has term",
    description: "True when term is a whole term of text: terms are maximal runs of \
        alphanumeric characters, so \"KustoExplorerQueryRun\" has \"Explorer\" is false \
        (contains is true). hasprefix: some term of text starts with term; hassuffix: some \
        term ends with it. A term with punctuation or spaces matches as a phrase whose \
        alphanumeric ends fall on term boundaries. Case-insensitive for ASCII letters; the \
        _cs forms are case-sensitive, the ! forms negate. A dynamic text is searched in its \
        JSON text.",
    returns: "bool, never null",
    examples: &[
        Example {
            query: r#"print a = "North America" has "america", b = "NorthAmerica" has "america", c = "KustoExplorerQueryRun" has "Explorer", d = "North America" has_cs "america""#,
            output: "a,b,c,d\ntrue,false,false,false",
        },
        Example {
            query: r#"print a = "North America" hasprefix "ame", b = "North America" !hasprefix "mer", c = "North America" hassuffix "ica", d = "North America" !hassuffix_cs "icA""#,
            output: "a,b,c,d\ntrue,true,true,true",
        },
    ],
};

/// The next occurrence of `needle` in `haystack` at or after byte `from`.
fn find_from(haystack: &str, needle: &str, from: usize, case_sensitive: bool) -> Option<usize> {
    if case_sensitive {
        return haystack.get(from..)?.find(needle).map(|i| from + i);
    }
    let (hay, pattern) = (haystack.as_bytes(), needle.as_bytes());
    let last = hay.len().checked_sub(pattern.len())?;
    let first = pattern.first()?.to_ascii_lowercase();
    (from..=last).find(|&i| {
        hay[i].to_ascii_lowercase() == first
            && hay[i..i + pattern.len()].eq_ignore_ascii_case(pattern)
    })
}

/// True when `term` occurs in `text` with its alphanumeric ends on term boundaries, as
/// [`Term`] asks.
pub(crate) fn has_term(text: &str, term: &str, kind: Term, case_sensitive: bool) -> bool {
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let (Some(first), Some(last)) = (term.chars().next(), term.chars().next_back()) else {
        return true;
    };
    let check_start = first.is_alphanumeric() && kind != Term::Suffix;
    let check_end = last.is_alphanumeric() && kind != Term::Prefix;
    let mut from = 0;
    while let Some(at) = find_from(text, term, from, case_sensitive) {
        let end = at + term.len();
        let start_ok = !check_start || !alnum(text[..at].chars().next_back());
        let end_ok = !check_end || !alnum(text[end..].chars().next());
        if start_ok && end_ok {
            return true;
        }
        from = at + text[at..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

fn batch_for<const KIND: u8, const CS: bool>(batch: &Batch) -> Result<ColumnarValue> {
    let kind = match KIND {
        0 => Term::Whole,
        1 => Term::Prefix,
        _ => Term::Suffix,
    };
    let text = batch.strings(0)?;
    let term = batch.strings(1)?;
    batch.bool_result(|row| {
        Some(has_term(
            text.get(row).unwrap_or(""),
            term.get(row).unwrap_or(""),
            kind,
            CS,
        ))
    })
}

/// `text has term` (or `hasprefix`/`hassuffix`), both `Utf8`, before any negation.
pub(crate) fn has_expr(kind: Term, case_sensitive: bool, text: Expr, term: Expr) -> Expr {
    let (name, body): (&'static str, crate::udf::UdfBody) = match (kind, case_sensitive) {
        (Term::Whole, false) => ("kql_has", batch_for::<0, false>),
        (Term::Whole, true) => ("kql_has_cs", batch_for::<0, true>),
        (Term::Prefix, false) => ("kql_hasprefix", batch_for::<1, false>),
        (Term::Prefix, true) => ("kql_hasprefix_cs", batch_for::<1, true>),
        (Term::Suffix, false) => ("kql_hassuffix", batch_for::<2, false>),
        (Term::Suffix, true) => ("kql_hassuffix_cs", batch_for::<2, true>),
    };
    udf(
        name,
        vec![DataType::Utf8, DataType::Utf8],
        DataType::Boolean,
        body,
    )
    .call(vec![text, term])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(text: &str, term: &str) -> bool {
        has_term(text, term, Term::Whole, false)
    }

    #[test]
    fn terms_are_alphanumeric_runs() {
        // datatypes-string-operators.md's examples.
        let s = "Kusto: ad67d136-c1db-4f9f-88ef-d94f3b6b0b5a;KustoExplorerQueryRun";
        for term in ["Kusto", "ad67d136", "c1db", "4f9f", "88ef", "d94f3b6b0b5a"] {
            assert!(has(s, term), "{term}");
        }
        assert!(!has("KustoExplorerQueryRun", "Explorer"));
        assert!(has("North America", "america"));
        assert!(!has("North America", "amer"));
        assert!(has("Standard_D1_v2", "d1"));
        assert!(!has("BA", "b"), "the term is BA (docs#250)");
        assert!(has("aaa b", "b"), "a later occurrence can match");
    }

    #[test]
    fn phrases_and_prefixes() {
        let url = "https://x/subscriptions/1/resourcegroups/test.rg000001?api-version=1";
        assert!(has(url, "/resourcegroups/test.rg000001?"));
        assert!(!has(url, "resourcegroups/test.rg00000"));
        assert!(has_term("North America", "ame", Term::Prefix, false));
        assert!(!has_term("North America", "mer", Term::Prefix, false));
        assert!(has_term("North America", "ica", Term::Suffix, false));
        assert!(!has_term("North America", "americ", Term::Suffix, false));
        assert!(has_term("North America", "Ame", Term::Prefix, true));
        assert!(!has_term("North America", "icA", Term::Suffix, true));
    }

    #[test]
    fn case_folding_is_ascii_only() {
        assert!(has("NORTH", "north"));
        assert!(has("Día libre", "día"));
        assert!(!has("DÍA libre", "día"), "Í is not folded");
        assert!(has("", ""));
        assert!(!has("", "a"));
    }
}
