//! `has_any` and `has_all`: `has` against a list of terms.
//!
//! `text has_any ("a", "b")` is `text has "a" or text has "b"`; `has_all` is the `and`. The
//! list may hold scalars and dynamic arrays, whose elements are flattened (nested arrays
//! too); null elements are skipped. Matching is `has`'s (see `has.rs`): whole terms,
//! ASCII-case-insensitive. With no terms at all (only nulls or empty arrays) both are false
//! (kqlake's choice; Kusto does not say).

use super::has::{Term, has_term};
use crate::TypedExpr;
use crate::json::{JsonKind, elements, kind, push_kql_string};
use crate::udf::{Batch, udf_with};
use crate::{Example, FunctionDoc};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{ColumnarValue, Expr, Signature, Volatility};

/// The reference entry of `has_any` and `has_all`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "has_any",
    aliases: &["has_all"],
    category: "string operator",
    syntax: "text has_any (term1, term2, …)",
    description: "True when text has (as the has operator) any of the terms; has_all: all of \
        them. Terms may be scalars or dynamic arrays of terms (flattened); nulls are skipped; \
        no terms at all gives false.",
    returns: "bool, never null",
    examples: &[
        Example {
            query: r#"print a = "North America" has_any ("south", "north"), b = "North and South America" has_all ("south", "north"), c = "North America" has_all ("south", "north")"#,
            output: "a,b,c\ntrue,true,false",
        },
        Example {
            query: r#"datatable(State:string)["NORTH CAROLINA", "NEW YORK", "SOUTH DAKOTA", "TEXAS"] | where State has_any (dynamic(['south', 'north']))"#,
            output: "State\nNORTH CAROLINA\nSOUTH DAKOTA",
        },
    ],
};

/// Appends the terms of one list item's JSON text to `out` (arrays flattened, nulls skipped).
fn collect_terms(json: &str, out: &mut Vec<String>) {
    match kind(json) {
        JsonKind::Null => {}
        JsonKind::Array => {
            for item in elements(json).unwrap_or_default() {
                collect_terms(item, out);
            }
        }
        _ => {
            let mut term = String::new();
            push_kql_string(&mut term, json);
            out.push(term);
        }
    }
}

fn batch_for<const ALL: bool>(batch: &Batch) -> Result<ColumnarValue> {
    let columns = batch.all_strings()?;
    let Some((text, items)) = columns.split_first() else {
        return batch.bool_result(|_| Some(false));
    };
    let terms_of = |row: usize, out: &mut Vec<String>| {
        out.clear();
        for item in items {
            if let Some(json) = item.get(row) {
                collect_terms(json, out);
            }
        }
    };
    // Literal lists (the usual case) are flattened once per batch.
    let constant = (1..batch.len()).all(|i| batch.is_scalar(i));
    let mut terms = Vec::new();
    if constant {
        terms_of(0, &mut terms);
    }
    batch.bool_result(|row| {
        if !constant {
            terms_of(row, &mut terms);
        }
        if terms.is_empty() {
            return Some(false);
        }
        let text = text.get(row).unwrap_or("");
        let has = |t: &String| has_term(text, t, Term::Whole, false);
        Some(if ALL {
            terms.iter().all(has)
        } else {
            terms.iter().any(has)
        })
    })
}

/// `text has_any (items…)` or `has_all`: `text` is `Utf8`, each item any typed value.
pub(crate) fn has_any_expr(text: Expr, items: Vec<TypedExpr>, all: bool) -> Expr {
    let mut args = vec![text];
    args.extend(items.into_iter().map(crate::conversion::to_json));
    let (name, body): (&'static str, crate::udf::UdfBody) = if all {
        ("kql_has_all", batch_for::<true>)
    } else {
        ("kql_has_any", batch_for::<false>)
    };
    let signature = Signature::variadic(vec![DataType::Utf8], Volatility::Immutable);
    udf_with(name, signature, DataType::Boolean, body).call(args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_are_flattened_and_nulls_skipped() {
        let mut terms = Vec::new();
        collect_terms(r#"["a",["b",null],3]"#, &mut terms);
        collect_terms("null", &mut terms);
        collect_terms(r#""c""#, &mut terms);
        assert_eq!(terms, ["a", "b", "3", "c"]);
    }
}
