//! A query or command request: the JSON body (`db`, `csl`, `properties`) of
//! `api/rest/request.md`, and what its request properties (`api/rest/request-properties.md`)
//! ask of kqlake.
//!
//! `properties` is an object or a JSON string holding one (clients send both). Its `Options`
//! fall in three groups ([`OPTIONS`]): implemented (`servertimeout`, `query_now`,
//! `notruncation`, `truncationmaxrecords`, `truncationmaxsize`, `query_take_max_records`),
//! accepted and ignored because kqlake already behaves as asked or the option tunes a Kusto
//! cluster, and refused with a 400 naming the option because ignoring it would change the
//! answer. Its `Parameters` bind `declare query_parameters(…)`.

use crate::error::ServeError;
use serde_json::{Map, Value};
use std::time::Duration;

/// Kusto's default result limit in records (`truncationmaxrecords`).
pub const DEFAULT_MAX_RECORDS: u64 = 500_000;
/// Kusto's default result limit in bytes (`truncationmaxsize`): 64 MB.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;
/// Kusto's default `servertimeout` for queries: 4 minutes.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(4 * 60);
/// The largest `servertimeout` Kusto allows: 1 hour.
const MAX_TIMEOUT: Duration = Duration::from_secs(60 * 60);

/// The body of a request, parsed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct QueryRequest {
    /// `db`: the database named (may be absent for some commands).
    pub(crate) db: Option<String>,
    /// `csl`: the query or command text.
    pub(crate) csl: String,
    /// What the request properties ask for.
    pub(crate) settings: QuerySettings,
    /// `Parameters`: name and KQL literal text.
    pub(crate) parameters: Vec<(String, String)>,
}

/// The settings of one request, from its options and the query's own `set` statements.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct QuerySettings {
    /// `servertimeout`: how long the query may run.
    pub(crate) timeout: Duration,
    /// `query_now`, in nanoseconds since the Unix epoch.
    pub(crate) now_nanos: Option<i64>,
    /// The record limit, `None` with `notruncation`.
    pub(crate) max_records: Option<u64>,
    /// The size limit in bytes of encoded rows, `None` with `notruncation`.
    pub(crate) max_bytes: Option<u64>,
    /// `query_take_max_records`: keep the first N rows, without an error.
    pub(crate) take_max_records: Option<u64>,
}

impl Default for QuerySettings {
    fn default() -> Self {
        QuerySettings {
            timeout: DEFAULT_TIMEOUT,
            now_nanos: None,
            max_records: Some(DEFAULT_MAX_RECORDS),
            max_bytes: Some(DEFAULT_MAX_BYTES),
            take_max_records: None,
        }
    }
}

/// How kqlake treats a request option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Handling {
    /// Implemented: changes what the server does.
    Implemented,
    /// Accepted and ignored, for the reason given.
    Ignored(&'static str),
    /// Refused unless its value is `false` (its default): it would change the answer.
    RefusedUnlessFalse,
}

/// The options kqlake knows, by name. Any option not listed is refused with a 400 naming it.
const OPTIONS: &[(&str, Handling)] = &[
    ("servertimeout", Handling::Implemented),
    ("query_now", Handling::Implemented),
    ("notruncation", Handling::Implemented),
    ("truncationmaxrecords", Handling::Implemented),
    ("truncationmaxsize", Handling::Implemented),
    ("query_take_max_records", Handling::Implemented),
    ("norequesttimeout", Handling::Implemented),
    (
        "queryconsistency",
        Handling::Ignored("one machine is always consistent"),
    ),
    (
        "query_weakconsistency_session_id",
        Handling::Ignored("one machine is always consistent"),
    ),
    (
        "query_language",
        Handling::Ignored("kqlake reads KQL; 'csl' and 'kql' name it"),
    ),
    (
        "request_app_name",
        Handling::Ignored("a label for Kusto's logs"),
    ),
    (
        "request_user",
        Handling::Ignored("a label for Kusto's logs"),
    ),
    (
        "request_description",
        Handling::Ignored("a label for Kusto's logs"),
    ),
    (
        "query_log_query_parameters",
        Handling::Ignored("kqlake keeps no query log"),
    ),
    ("request_readonly", Handling::Ignored("kqlake never writes")),
    (
        "request_readonly_hardline",
        Handling::Ignored("kqlake never writes"),
    ),
    (
        "request_callout_disabled",
        Handling::Ignored("kqlake makes no callouts"),
    ),
    (
        "request_impersonation_disabled",
        Handling::Ignored("kqlake accesses no other services"),
    ),
    (
        "request_remote_entities_disabled",
        Handling::Ignored("kqlake has no remote entities"),
    ),
    (
        "request_sandboxed_execution_disabled",
        Handling::Ignored("kqlake runs no sandboxed code"),
    ),
    (
        "request_external_table_disabled",
        Handling::Ignored("kqlake has no external tables"),
    ),
    (
        "request_block_row_level_security",
        Handling::Ignored("kqlake has no row level security"),
    ),
    (
        "client_max_redirect_count",
        Handling::Ignored("a client setting"),
    ),
    (
        "client_results_reader_allow_varying_row_widths",
        Handling::Ignored("a client setting"),
    ),
    (
        "results_progressive_enabled",
        Handling::Ignored("kqlake sends whole tables, which every client reads"),
    ),
    (
        "results_v2_fragment_primary_tables",
        Handling::Ignored("kqlake sends whole tables, which every client reads"),
    ),
    (
        "results_v2_newlines_between_frames",
        Handling::Ignored("a layout hint"),
    ),
    (
        "query_results_progressive_row_count",
        Handling::Ignored("kqlake sends whole tables"),
    ),
    (
        "query_results_progressive_update_period",
        Handling::Ignored("kqlake sends whole tables"),
    ),
    (
        "results_error_reporting_placement",
        Handling::Ignored("kqlake reports an error after the rows it follows"),
    ),
    (
        "deferpartialqueryfailures",
        Handling::Ignored("kqlake reports failures as errors"),
    ),
    (
        "maxoutputcolumns",
        Handling::Ignored("kqlake has no output column limit"),
    ),
    (
        "query_results_cache_max_age",
        Handling::Ignored("kqlake has no results cache"),
    ),
    (
        "query_results_cache_per_shard",
        Handling::Ignored("kqlake has no results cache"),
    ),
    (
        "query_results_cache_force_refresh",
        Handling::Ignored("kqlake has no results cache"),
    ),
    (
        "query_datascope",
        Handling::Ignored("kqlake reads every export; there is no hot cache"),
    ),
    (
        "query_fanout_nodes_percent",
        Handling::Ignored("it tunes a Kusto cluster"),
    ),
    (
        "query_fanout_threads_percent",
        Handling::Ignored("it tunes a Kusto cluster"),
    ),
    (
        "query_distribution_nodes_span",
        Handling::Ignored("it tunes a Kusto cluster"),
    ),
    (
        "maxmemoryconsumptionperiterator",
        Handling::Ignored("it tunes a Kusto cluster"),
    ),
    (
        "max_memory_consumption_per_query_per_node",
        Handling::Ignored("it tunes a Kusto cluster"),
    ),
    (
        "push_selection_through_aggregation",
        Handling::Ignored("an optimizer hint"),
    ),
    (
        "query_optimize_fts_at_relop",
        Handling::Ignored("an optimizer hint"),
    ),
    (
        "materialized_view_shuffle_query",
        Handling::Ignored("kqlake has no materialized views"),
    ),
    (
        "query_cursor_disabled",
        Handling::Ignored("kqlake has no database cursors"),
    ),
    ("best_effort", Handling::RefusedUnlessFalse),
    (
        "query_results_apply_getschema",
        Handling::RefusedUnlessFalse,
    ),
    (
        "query_force_row_level_security",
        Handling::RefusedUnlessFalse,
    ),
    ("validatepermissions", Handling::RefusedUnlessFalse),
    (
        "request_external_data_disabled",
        Handling::RefusedUnlessFalse,
    ),
    ("query_python_debug", Handling::RefusedUnlessFalse),
];

/// The options kqlake accepts and ignores, with the reason: the README's list.
pub fn ignored_options() -> impl Iterator<Item = (&'static str, &'static str)> {
    OPTIONS.iter().filter_map(|(name, h)| match h {
        Handling::Ignored(reason) => Some((*name, *reason)),
        _ => None,
    })
}

/// Parses a request body.
pub(crate) fn parse_body(body: &[u8]) -> Result<QueryRequest, ServeError> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        ServeError::bad_request(format!(
            "the request body is not a JSON object with 'csl' ({e})"
        ))
    })?;
    let Value::Object(object) = value else {
        return Err(ServeError::bad_request(
            "the request body must be a JSON object with 'csl', 'db' and optional 'properties'",
        ));
    };
    let csl = match object.get("csl") {
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(ServeError::bad_request("'csl' must be a string")),
        None => {
            return Err(ServeError::bad_request(
                "the request body has no 'csl': the query or command text",
            ));
        }
    };
    let db = match object.get("db") {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(Value::String(_) | Value::Null) | None => None,
        Some(_) => return Err(ServeError::bad_request("'db' must be a string")),
    };
    let properties = match object.get("properties") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(map)) => map.clone(),
        Some(Value::String(text)) if text.trim().is_empty() => Map::new(),
        Some(Value::String(text)) => match serde_json::from_str(text) {
            Ok(Value::Object(map)) => map,
            Ok(Value::Null) => Map::new(),
            _ => {
                return Err(ServeError::bad_request(
                    "'properties' must be an object, or a string holding a JSON object",
                ));
            }
        },
        Some(_) => {
            return Err(ServeError::bad_request(
                "'properties' must be an object, or a string holding a JSON object",
            ));
        }
    };
    let settings = settings_from_options(properties.get("Options"))?;
    let parameters = parameters_from(properties.get("Parameters"))?;
    Ok(QueryRequest {
        db,
        csl,
        settings,
        parameters,
    })
}

/// The settings that `Options` asks for.
fn settings_from_options(options: Option<&Value>) -> Result<QuerySettings, ServeError> {
    let mut settings = QuerySettings::default();
    let options = match options {
        None | Some(Value::Null) => return Ok(settings),
        Some(Value::Object(map)) => map,
        Some(_) => return Err(ServeError::bad_request("'Options' must be an object")),
    };
    let mut no_truncation = false;
    for (name, value) in options {
        let handling = OPTIONS
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, h)| *h);
        match handling {
            Some(Handling::Implemented) => apply_option(
                &name.to_ascii_lowercase(),
                value,
                &mut settings,
                &mut no_truncation,
            )?,
            Some(Handling::Ignored(_)) => {}
            Some(Handling::RefusedUnlessFalse) if is_false(value) => {}
            Some(Handling::RefusedUnlessFalse) | None => {
                return Err(ServeError::bad_request(format!(
                    "request option '{name}' is not supported by kqlake: it would change the \
                     result, so it is refused rather than ignored"
                )));
            }
        }
    }
    if no_truncation {
        settings.max_records = None;
        settings.max_bytes = None;
    }
    Ok(settings)
}

/// Applies one implemented option.
fn apply_option(
    name: &str,
    value: &Value,
    settings: &mut QuerySettings,
    no_truncation: &mut bool,
) -> Result<(), ServeError> {
    let bad = |expected: &str| {
        ServeError::bad_request(format!(
            "request option '{name}' must be {expected}, found {value}"
        ))
    };
    match name {
        "servertimeout" => {
            // The parsers return 100-nanosecond ticks, Kusto's unit.
            let ticks = match value {
                Value::String(text) => kql_syntax::parse_timespan(text).map_err(|e| {
                    ServeError::bad_request(format!("request option 'servertimeout': {e}"))
                })?,
                _ => return Err(bad("a timespan such as \"00:10:00\" or \"10m\"")),
            };
            let ticks = u64::try_from(ticks).map_err(|_| bad("a positive timespan"))?;
            settings.timeout = Duration::from_nanos(ticks.saturating_mul(100)).min(MAX_TIMEOUT);
        }
        "norequesttimeout" => {
            if as_bool(value).ok_or_else(|| bad("a bool"))? {
                settings.timeout = MAX_TIMEOUT;
            }
        }
        "query_now" => {
            let Value::String(text) = value else {
                return Err(bad("a datetime such as \"2024-01-01T00:00:00Z\""));
            };
            let text = text
                .strip_prefix("datetime(")
                .and_then(|t| t.strip_suffix(')'))
                .unwrap_or(text);
            // The parser returns 100-nanosecond ticks, Kusto's unit.
            let ticks = kql_syntax::parse_datetime(text.trim())
                .map_err(|e| ServeError::bad_request(format!("request option 'query_now': {e}")))?;
            settings.now_nanos = Some(ticks.saturating_mul(100));
        }
        "notruncation" => *no_truncation = as_bool(value).ok_or_else(|| bad("a bool"))?,
        "truncationmaxrecords" => {
            settings.max_records = Some(as_count(value).ok_or_else(|| bad("a long"))?)
        }
        "truncationmaxsize" => {
            settings.max_bytes = Some(as_count(value).ok_or_else(|| bad("a long"))?)
        }
        "query_take_max_records" => {
            settings.take_max_records = Some(as_count(value).ok_or_else(|| bad("a long"))?)
        }
        _ => return Err(bad("a value kqlake understands")),
    }
    Ok(())
}

/// A bool option: `true`, `"true"` (any case), or null (false).
fn as_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Null => Some(false),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// A value that leaves a refused option at its default.
fn is_false(value: &Value) -> bool {
    as_bool(value) == Some(false)
}

/// A non-negative long: a number or its text.
fn as_count(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// `Parameters`: name → value. A string is KQL literal text (or a string's own text), a
/// number or bool its JSON text.
fn parameters_from(parameters: Option<&Value>) -> Result<Vec<(String, String)>, ServeError> {
    let map = match parameters {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Object(map)) => map,
        Some(_) => return Err(ServeError::bad_request("'Parameters' must be an object")),
    };
    map.iter()
        .map(|(name, value)| {
            let text = match value {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => {
                    return Err(ServeError::bad_request(format!(
                        "query parameter '{name}' must be a string holding a KQL literal, a \
                         number or a bool"
                    )));
                }
            };
            Ok((name.clone(), text))
        })
        .collect()
}

/// Applies the query's own `set` statements that the server implements: `set notruncation`,
/// `set truncationmaxrecords = N`, `set truncationmaxsize = N` (the planner accepts and
/// ignores them; the server enforces the limits).
pub(crate) fn apply_set_statements(query: &kql_syntax::ast::Query, settings: &mut QuerySettings) {
    use kql_syntax::ast::{ExprKind, Literal, Statement};
    for statement in &query.statements {
        let Statement::Set(set) = statement else {
            continue;
        };
        let number = || match set.value.as_ref().map(|v| &v.kind) {
            Some(ExprKind::Literal(Literal::Long(n))) => u64::try_from(*n).ok(),
            Some(ExprKind::Literal(Literal::Int(n))) => u64::try_from(*n).ok(),
            _ => None,
        };
        let truthy = || match set.value.as_ref().map(|v| &v.kind) {
            None => true,
            Some(ExprKind::Literal(Literal::Bool(b))) => *b,
            _ => true,
        };
        match set.option.name.as_str() {
            "notruncation" if truthy() => {
                settings.max_records = None;
                settings.max_bytes = None;
            }
            "truncationmaxrecords" => {
                if let Some(n) = number() {
                    settings.max_records = Some(n);
                }
            }
            "truncationmaxsize" => {
                if let Some(n) = number() {
                    settings.max_bytes = Some(n);
                }
            }
            _ => {}
        }
    }
}

/// The byte offset of the first `externaldata` (or `external_data`) operator in `text`, outside
/// string literals and comments. `kql serve` refuses it, as Kusto does under
/// `request_external_data_disabled`: it reads any file the server can read, which a web page
/// allowed by CORS must not reach.
pub(crate) fn find_externaldata(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
            }
            quote @ (b'"' | b'\'') => {
                // A verbatim string (`@"…"`) has no escapes; others skip the escaped byte.
                let verbatim = i > 0 && bytes[i - 1] == b'@';
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    i += if bytes[i] == b'\\' && !verbatim { 2 } else { 1 };
                }
                i += 1;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                if matches!(&text[start..i], "externaldata" | "external_data") {
                    return Some(start);
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// The names a query declares in `declare query_parameters(…)`.
pub(crate) fn declared_parameters(query: &kql_syntax::ast::Query) -> Vec<String> {
    use kql_syntax::ast::Statement;
    query
        .statements
        .iter()
        .filter_map(|s| match s {
            Statement::DeclareQueryParameters(d) => Some(d),
            _ => None,
        })
        .flat_map(|d| d.parameters.iter().map(|p| p.name.name.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_may_be_an_object_or_a_json_string() {
        let object = br#"{"db":"exports","csl":"print 1","properties":{"Options":{"servertimeout":"00:01:00"},"Parameters":{"n":5}}}"#;
        let string = br#"{"db":"exports","csl":"print 1","properties":"{\"Options\":{\"servertimeout\":\"00:01:00\"},\"Parameters\":{\"n\":5}}"}"#;
        let a = parse_body(object).expect("object form");
        let b = parse_body(string).expect("string form");
        assert_eq!(a, b);
        assert_eq!(a.settings.timeout, Duration::from_secs(60));
        assert_eq!(a.parameters, [("n".to_owned(), "5".to_owned())]);
        assert_eq!(a.db.as_deref(), Some("exports"));
    }

    #[test]
    fn options_are_implemented_ignored_or_refused_by_name() {
        let r = parse_body(
            br#"{"csl":"x","properties":{"Options":{"notruncation":true,"queryconsistency":"strongconsistency","query_now":"2024-01-02T03:04:05Z","query_take_max_records":7}}}"#,
        )
        .expect("accepted");
        assert_eq!((r.settings.max_records, r.settings.max_bytes), (None, None));
        assert_eq!(r.settings.take_max_records, Some(7));
        // 2024-01-02T03:04:05Z = 1704164645 s since the epoch.
        assert_eq!(r.settings.now_nanos, Some(1_704_164_645_000_000_000));
        let e = parse_body(
            br#"{"csl":"x","properties":{"Options":{"query_datetimescope_to":"2024-01-01"}}}"#,
        )
        .expect_err("changes the answer");
        assert_eq!(e.status, axum::http::StatusCode::BAD_REQUEST);
        assert!(
            e.message.contains("'query_datetimescope_to'"),
            "{}",
            e.message
        );
        parse_body(br#"{"csl":"x","properties":{"Options":{"best_effort":false}}}"#)
            .expect("false is best_effort's default");
        parse_body(br#"{"csl":"x","properties":{"Options":{"best_effort":true}}}"#)
            .expect_err("best_effort changes union's answer");
    }

    #[test]
    fn malformed_bodies_are_400s() {
        for body in [
            &b"not json"[..],
            b"[1,2]",
            br#"{"db":"x"}"#,
            br#"{"csl":5}"#,
            br#"{"csl":"x","properties":"{oops"}"#,
            br#"{"csl":"x","properties":{"Parameters":{"a":[1]}}}"#,
        ] {
            let e = parse_body(body).expect_err("malformed");
            assert_eq!(e.status, axum::http::StatusCode::BAD_REQUEST, "{e:?}");
        }
    }

    #[test]
    fn externaldata_is_found_outside_strings_and_comments() {
        assert_eq!(
            find_externaldata("print 1 | union (externaldata(x:string)[@'a'])"),
            Some(17)
        );
        assert_eq!(
            find_externaldata("print s = 'externaldata' // externaldata\n| take 1"),
            None
        );
        assert_eq!(find_externaldata(r#"print s = "a\"externaldata" "#), None);
        assert_eq!(find_externaldata("print my_externaldata = 1"), None);
    }

    #[test]
    fn set_statements_lift_or_change_the_limits() {
        let mut s = QuerySettings::default();
        let q = kql_syntax::parse_query("set notruncation; print 1").expect("parses");
        apply_set_statements(&q, &mut s);
        assert_eq!(s.max_records, None);
        let mut s = QuerySettings::default();
        let q = kql_syntax::parse_query("set truncationmaxrecords = 3; print 1").expect("parses");
        apply_set_statements(&q, &mut s);
        assert_eq!(s.max_records, Some(3));
        assert_eq!(s.max_bytes, Some(DEFAULT_MAX_BYTES));
        let mut s = QuerySettings::default();
        let q = kql_syntax::parse_query("set truncationmaxsize = 1000; print 1").expect("parses");
        apply_set_statements(&q, &mut s);
        assert_eq!(s.max_bytes, Some(1000));
        assert_eq!(s.max_records, Some(DEFAULT_MAX_RECORDS));
    }

    #[test]
    fn the_readme_lists_every_ignored_option() {
        let readme = include_str!("../../../README.md");
        let missing: Vec<&str> = ignored_options()
            .map(|(name, _)| name)
            .filter(|name| !readme.contains(&format!("`{name}`")))
            .collect();
        assert!(
            missing.is_empty(),
            "README.md's kql serve section must list these ignored options: {missing:?}"
        );
        assert!(ignored_options().count() > 30, "the list is not empty");
    }
}
