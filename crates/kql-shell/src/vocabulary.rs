//! The words the shell completes and highlights, gathered once from their owners: operator
//! names and keywords from `kql_syntax::vocabulary`, function names from the function registry.

use std::collections::BTreeSet;

/// KQL's fixed words: operators, keywords and functions.
#[derive(Debug, Clone)]
pub(crate) struct Vocabulary {
    /// Operator names and aliases kqlake implements (offered after `|`).
    pub(crate) operators: Vec<&'static str>,
    /// Every Kusto operator name, implemented or not (highlighted).
    all_operators: BTreeSet<&'static str>,
    /// Keywords (`by`, `has`, `let`, `datetime`, …).
    pub(crate) keywords: Vec<&'static str>,
    /// Words that start a query besides table names (`print`, `range`, `union`, …).
    pub(crate) sources: Vec<&'static str>,
    /// Function names.
    pub(crate) functions: BTreeSet<&'static str>,
}

impl Vocabulary {
    /// The vocabulary of this build of kqlake.
    pub(crate) fn builtin() -> Vocabulary {
        let operators = kql_syntax::vocabulary::operators().collect::<Vec<_>>();
        Vocabulary {
            all_operators: operators.iter().map(|o| o.name).collect(),
            operators: operators
                .iter()
                .filter(|o| o.implemented)
                .map(|o| o.name)
                .collect(),
            keywords: kql_syntax::vocabulary::keywords().to_vec(),
            sources: kql_syntax::vocabulary::source_keywords().to_vec(),
            functions: kql_engine::functions().names().collect(),
        }
    }

    /// True for an operator name or alias (`mv-expand`, `order`).
    pub(crate) fn is_operator(&self, word: &str) -> bool {
        self.all_operators.contains(word)
    }

    /// True for an operator name or a keyword.
    pub(crate) fn is_keyword(&self, word: &str) -> bool {
        kql_syntax::vocabulary::is_keyword(word)
    }

    /// True for a function kqlake implements.
    pub(crate) fn is_function(&self, word: &str) -> bool {
        self.functions.contains(word)
    }
}
