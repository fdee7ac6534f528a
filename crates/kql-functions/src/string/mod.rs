//! String functions, and the string operators (`has`, `contains`, `matches regex`, …) that
//! the planner plans through [`string_operator`] and [`has_any`].

mod base64_decode_toarray;
mod base64_encode_fromguid;
mod base64_encode_tostring;
mod contains;
mod countof;
mod extract;
mod extract_all;
mod extract_json;
mod format_bytes;
mod has;
mod has_any;
mod hash;
mod hash_sha256;
mod indexof;
mod indexof_regex;
mod matches_regex;
mod parse_command_line;
mod parse_csv;
mod parse_path;
mod parse_url;
mod replace_regex;
mod replace_string;
mod reverse;
mod split;
mod strcat;
mod strcat_array;
mod strcat_delim;
mod strcmp;
mod string_size;
mod strlen;
mod strrep;
mod substring;
mod tolower;
mod translate;
mod trim;
mod unicode_codepoints_from_string;
mod url_encode;

use crate::{FunctionDoc, KqlFunction, TypedExpr};
use datafusion::logical_expr::Expr;
use kql_syntax::ast::{StringOp, StringOpKind};
use std::sync::Arc;

pub use split::{split_element_udf, split_piece_udf, split_udf};

/// The functions of this category.
pub(crate) fn functions() -> Vec<Arc<dyn KqlFunction>> {
    vec![
        Arc::new(base64_decode_toarray::Base64DecodeToArrayFunc),
        Arc::new(base64_encode_fromguid::Base64EncodeFromGuidFunc),
        Arc::new(base64_encode_tostring::DECODE),
        Arc::new(base64_encode_tostring::ENCODE),
        Arc::new(countof::CountofFunc),
        Arc::new(extract::ExtractFunc),
        Arc::new(extract_all::ExtractAllFunc),
        Arc::new(extract_json::ExtractJsonFunc),
        Arc::new(format_bytes::FormatBytesFunc),
        Arc::new(hash::HashFunc),
        Arc::new(hash_sha256::HASH_MD5),
        Arc::new(hash_sha256::HASH_SHA1),
        Arc::new(hash_sha256::HASH_SHA256),
        Arc::new(indexof::IndexOfFunc),
        Arc::new(indexof_regex::IndexOfRegexFunc),
        Arc::new(parse_command_line::ParseCommandLineFunc),
        Arc::new(parse_csv::ParseCsvFunc),
        Arc::new(parse_path::ParsePathFunc),
        Arc::new(parse_url::PARSE_URL),
        Arc::new(parse_url::PARSE_URLQUERY),
        Arc::new(replace_regex::REPLACE),
        Arc::new(replace_regex::REPLACE_REGEX),
        Arc::new(replace_string::ReplaceStringFunc),
        Arc::new(reverse::ReverseFunc),
        Arc::new(split::SplitFunc),
        Arc::new(strcat::StrcatFunc),
        Arc::new(strcat_array::StrcatArrayFunc),
        Arc::new(strcat_delim::StrcatDelimFunc),
        Arc::new(strcmp::StrcmpFunc),
        Arc::new(string_size::StringSizeFunc),
        Arc::new(strlen::StrlenFunc),
        Arc::new(strrep::StrrepFunc),
        Arc::new(substring::SubstringFunc),
        Arc::new(tolower::TOLOWER),
        Arc::new(tolower::TOUPPER),
        Arc::new(translate::TranslateFunc),
        Arc::new(trim::TRIM),
        Arc::new(trim::TRIM_END),
        Arc::new(trim::TRIM_START),
        Arc::new(unicode_codepoints_from_string::FromStringFunc),
        Arc::new(unicode_codepoints_from_string::ToStringFunc),
        Arc::new(url_encode::URL_DECODE),
        Arc::new(url_encode::URL_ENCODE),
        Arc::new(url_encode::URL_ENCODE_COMPONENT),
    ]
}

/// A text to search: a string as is, a dynamic value as its text (`tostring`).
pub(crate) fn searchable(arg: crate::args::Arg) -> Result<TypedExpr, crate::FunctionError> {
    match arg.kql_type() {
        kql_syntax::KqlType::Dynamic => Ok(arg.text()),
        _ => arg.string(),
    }
}

/// A string result that is `""` where the expression is null (KQL strings are never null).
pub(crate) fn never_null(text: TypedExpr) -> TypedExpr {
    use datafusion::logical_expr::lit;
    TypedExpr::new(
        datafusion::functions::core::expr_fn::coalesce(vec![text.expr, lit("")]),
        kql_syntax::KqlType::String,
    )
}

/// The type named by a `typeof(T)` argument (the planner passes it as a null of type T).
pub(crate) fn type_of(arg: crate::args::Arg) -> Result<kql_syntax::KqlType, crate::FunctionError> {
    if arg.get().is_null_literal() {
        Ok(arg.kql_type())
    } else {
        Err(arg.error(format!(
            "expected a type such as typeof(long) for {}",
            arg.name()
        )))
    }
}

/// The reference entries of the string operators, listed by `kql functions`.
pub(crate) fn operator_docs() -> Vec<&'static FunctionDoc> {
    vec![
        &contains::DOC,
        &has::DOC,
        &has_any::DOC,
        &matches_regex::DOC,
    ]
}

/// `text <op> right` for a string operator; both sides are strings (`Utf8`). An error (a bad
/// regex) is about the right side.
pub fn string_operator(op: StringOp, text: Expr, right: &TypedExpr) -> Result<Expr, String> {
    let test = match op.kind {
        StringOpKind::Has => has::has_expr(
            has::Term::Whole,
            op.case_sensitive,
            text,
            right.expr.clone(),
        ),
        StringOpKind::HasPrefix => has::has_expr(
            has::Term::Prefix,
            op.case_sensitive,
            text,
            right.expr.clone(),
        ),
        StringOpKind::HasSuffix => has::has_expr(
            has::Term::Suffix,
            op.case_sensitive,
            text,
            right.expr.clone(),
        ),
        StringOpKind::MatchesRegex => {
            let Some(pattern) = right.as_string_literal() else {
                return Err("the pattern of 'matches regex' must be a constant string; a computed pattern is not supported yet".to_owned());
            };
            crate::regex::compile(pattern)?;
            matches_regex::matches_regex_expr(text, pattern)
        }
        kind => contains::contains_expr(kind, op.case_sensitive, text, right.expr.clone()),
    };
    Ok(if op.negated {
        Expr::Not(Box::new(test))
    } else {
        test
    })
}

/// `text has_any (items…)` or, with `all`, `has_all`; `text` is a string (`Utf8`), the items
/// any scalar or dynamic values.
pub fn has_any(text: Expr, items: Vec<TypedExpr>, all: bool) -> Expr {
    has_any::has_any_expr(text, items, all)
}
