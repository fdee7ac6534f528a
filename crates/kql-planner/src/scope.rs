//! The columns in scope after each operator, name lookup, and "did you mean" suggestions.

use datafusion::common::Column as DfColumn;
use datafusion::logical_expr::Expr;
use kql_syntax::{Diagnostic, KqlType, Span};

/// A column of an intermediate or final result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Its KQL name, byte for byte.
    pub name: String,
    /// Its KQL type.
    pub kql_type: KqlType,
}

impl Column {
    /// A column.
    pub fn new(name: impl Into<String>, kql_type: KqlType) -> Column {
        Column {
            name: name.into(),
            kql_type,
        }
    }

    /// A reference to this column. Never `col()`: it would parse the name as SQL (lower-case
    /// it, split it on dots).
    pub(crate) fn reference(&self) -> Expr {
        column_ref(&self.name)
    }
}

/// An unqualified reference to the column called `name`, exactly as written.
pub(crate) fn column_ref(name: &str) -> Expr {
    Expr::Column(DfColumn::new_unqualified(name))
}

/// Finds `name` among `columns`, or explains what is there.
pub(crate) fn lookup<'c>(
    columns: &'c [Column],
    name: &str,
    span: Span,
) -> Result<&'c Column, Diagnostic> {
    columns.iter().find(|c| c.name == name).ok_or_else(|| {
        let mut d = Diagnostic::semantic(format!("unknown column '{name}'"), span)
            .with_label("not a column of the input");
        if let Some(s) = suggest(name, columns.iter().map(|c| c.name.as_str())) {
            d = d.with_help(format!("did you mean '{s}'?"));
        }
        d
    })
}

/// The closest candidate to `name`: a case-only match first, then the nearest by edit
/// distance if it is close enough to be a typo.
pub(crate) fn suggest<'a>(
    name: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let candidates: Vec<&str> = candidates.collect();
    if let Some(c) = candidates.iter().find(|c| c.eq_ignore_ascii_case(name)) {
        return Some(c);
    }
    let lower = name.to_ascii_lowercase();
    candidates
        .iter()
        .map(|c| {
            (
                strsim::damerau_levenshtein(&lower, &c.to_ascii_lowercase()),
                *c,
            )
        })
        .filter(|(d, c)| *d <= (name.len().max(c.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_only_matches_come_first() {
        let cols = ["TimeGenerated", "timegenerated2"];
        assert_eq!(
            suggest("Timegenerated", cols.into_iter()),
            Some("TimeGenerated")
        );
        assert_eq!(
            suggest("EvntType", ["EventType", "Type"].into_iter()),
            Some("EventType")
        );
        assert_eq!(suggest("zzz", ["EventType"].into_iter()), None);
    }
}
