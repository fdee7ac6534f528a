//! The words of KQL as this parser knows them, for tools that help people type queries: the
//! shell's completion and highlighting read them here, so they cannot drift from the grammar.
//!
//! [`operators`] lists every tabular operator name of the parser's `OPERATORS` table (with
//! whether kqlake implements it), [`keywords`] the words the parser reserves or treats as
//! keywords, and [`source_keywords`] the words that start a tabular expression other than a
//! table name (`print`, `range`, `union`, …).

use crate::operator::OPERATORS;

/// A tabular operator name (`where`, `mv-expand`) or one of its aliases (`filter`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperatorWord {
    /// The name as a query writes it.
    pub name: &'static str,
    /// The canonical name when `name` is an alias (`where` for `filter`), else `name`.
    pub canonical: &'static str,
    /// False for valid KQL that kqlake rejects by name (`operator 'fork' is not supported yet`).
    pub implemented: bool,
}

/// Every tabular operator name and alias, in the parser's table order.
///
/// ```
/// let ops: Vec<_> = kql_syntax::vocabulary::operators().collect();
/// assert!(ops.iter().any(|o| o.name == "filter" && o.canonical == "where" && o.implemented));
/// ```
pub fn operators() -> impl Iterator<Item = OperatorWord> {
    OPERATORS.iter().flat_map(|spec| {
        spec.names().map(move |name| OperatorWord {
            name,
            canonical: spec.name,
            implemented: spec.parser.is_some(),
        })
    })
}

/// Words the parser treats as keywords besides the operator names: `and`, `by`, the string
/// operators (`has`, `contains_cs`, …), literal type names (`datetime`, `dynamic`, …) and
/// statement words (`let`, `set`, `declare`, …).
pub fn keywords() -> &'static [&'static str] {
    crate::parser::lexical::KEYWORDS
}

/// Words that start a tabular expression without being a table name (`print`, `range`,
/// `union`, `datatable`, …).
pub fn source_keywords() -> &'static [&'static str] {
    crate::parser::SOURCE_KEYWORDS
}

/// True when `word` is an operator name, an alias or a keyword (case-sensitively, as KQL
/// reads them).
pub fn is_keyword(word: &str) -> bool {
    crate::parser::lexical::is_keyword(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Facts from Kusto's operator reference: `order` is an alias of `sort`, `limit` of `take`;
    /// `mv-expand` is one hyphenated word.
    #[test]
    fn operators_carry_aliases_and_hyphenated_names() {
        let ops: Vec<OperatorWord> = operators().collect();
        let find = |n: &str| ops.iter().find(|o| o.name == n).copied();
        assert_eq!(find("order").map(|o| o.canonical), Some("sort"));
        assert_eq!(find("limit").map(|o| o.canonical), Some("take"));
        assert_eq!(find("mv-expand").map(|o| o.implemented), Some(true));
        assert!(find("mv").is_none());
    }

    #[test]
    fn keywords_include_statements_and_string_operators() {
        for word in ["let", "has", "contains_cs", "by", "dynamic"] {
            assert!(keywords().contains(&word), "{word}");
            assert!(is_keyword(word), "{word}");
        }
        assert!(is_keyword("summarize"));
        assert!(!is_keyword("TimeGenerated"));
        assert!(source_keywords().contains(&"range"));
    }
}
