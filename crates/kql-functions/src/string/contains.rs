//! `contains`, `startswith`, `endswith` (with `_cs` and `!` forms): substring, prefix and
//! suffix of the whole string.
//!
//! Unlike SQL's `LIKE`, `starts_with` and `strpos`, the plain forms ignore case:
//! `"FabriKam" contains "BRik"` is true; the `_cs` forms are case-sensitive. Case is folded
//! with DataFusion's `lower()`, which folds all of Unicode where Kusto folds ASCII only.

use crate::{Example, FunctionDoc};
use datafusion::functions::string::expr_fn::{ends_with, lower, starts_with};
use datafusion::logical_expr::Expr;
use kql_syntax::ast::StringOpKind;

/// The reference entry of `contains`, `startswith` and `endswith`.
pub(crate) const DOC: FunctionDoc = FunctionDoc {
    name: "contains",
    aliases: &["startswith", "endswith"],
    category: "string operator",
    syntax: "text contains substring",
    description: "contains: substring occurs anywhere in text; startswith / endswith: text \
        begins / ends with it. Case-insensitive (SQL's LIKE and starts_with are not); the _cs \
        forms are case-sensitive, the ! forms negate.",
    returns: "bool, never null",
    examples: &[Example {
        query: r#"print a = "FabriKam" contains "BRik", b = "Fabrikam" startswith "fab", c = "Fabrikam" endswith_cs "kam", d = "Fabrikam" !contains_cs "Kam""#,
        output: "a,b,c,d\ntrue,true,true,true",
    }],
};

/// `text <kind> part` for contains/startswith/endswith, before any negation.
pub(crate) fn contains_expr(
    kind: StringOpKind,
    case_sensitive: bool,
    text: Expr,
    part: Expr,
) -> Expr {
    let (text, part) = if case_sensitive {
        (text, part)
    } else {
        (lower(text), lower(part))
    };
    match kind {
        StringOpKind::StartsWith => starts_with(text, part),
        StringOpKind::EndsWith => ends_with(text, part),
        _ => datafusion::functions::string::expr_fn::contains(text, part),
    }
}
