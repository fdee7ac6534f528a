//! Errors as Kusto reports them: the HTTP status and the `{"error": {…}}` envelope of
//! `api/rest/response-v2.md` (Microsoft's OneApiErrors), which Kusto's clients turn into
//! their own exception types.
//!
//! Messages of kqlake's diagnostics keep their position (`line 1, column 28`), and never name
//! a file-system path outside the server's `--data` roots ([`scrub_paths`]).

use axum::http::StatusCode;
use kql_engine::{Diagnostic, DiagnosticKind, EngineError};
use serde_json::{Value, json};
use std::path::PathBuf;

/// Why a request failed, with what its envelope says.
#[derive(Debug, Clone, PartialEq)]
pub struct ServeError {
    /// The HTTP status (400 for a bad request or query, 404, 413, 500 …).
    pub status: StatusCode,
    /// The error code (`General_BadRequest`, `LimitsExceeded`, `Internal_Error` …).
    pub code: &'static str,
    /// The .NET exception type Kusto would name (`Kusto.Data.Exceptions.SyntaxException`).
    pub kind: &'static str,
    /// The detailed message (`@message`): kqlake's message with its position.
    pub message: String,
    /// Whether retrying cannot help (`@permanent`).
    pub permanent: bool,
}

/// The generic message Kusto puts in `message` of a bad request.
const BAD_REQUEST: &str = "Request is invalid and cannot be executed.";

impl ServeError {
    /// A 400: the request (body, properties, command) is malformed.
    pub fn bad_request(message: impl Into<String>) -> ServeError {
        ServeError {
            status: StatusCode::BAD_REQUEST,
            code: "General_BadRequest",
            kind: "Kusto.Data.Exceptions.KustoBadRequestException",
            message: message.into(),
            permanent: true,
        }
    }

    /// A 404 for a route or entity that does not exist.
    pub fn not_found(message: impl Into<String>) -> ServeError {
        ServeError {
            status: StatusCode::NOT_FOUND,
            code: "NotFound",
            kind: "Kusto.Data.Exceptions.EntityNotFoundException",
            message: message.into(),
            permanent: true,
        }
    }

    /// A 413: the request body is larger than the server accepts.
    pub fn too_large(limit: usize) -> ServeError {
        ServeError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            code: "PayloadTooLarge",
            kind: "Kusto.Data.Exceptions.KustoRequestPayloadTooLargeException",
            message: format!("the request body is larger than the limit of {limit} bytes"),
            permanent: true,
        }
    }

    /// An error of the engine, classified by phase: query errors (syntax, semantic,
    /// unsupported) are 400s naming their position in `text`; data errors and failures while
    /// running are 500s. Paths outside `roots` are scrubbed from the message.
    pub fn from_engine(e: &EngineError, text: &str, roots: &[PathBuf]) -> ServeError {
        match e {
            EngineError::Query(d) => ServeError::from_diagnostic(d, text, roots),
            EngineError::Data(m) => ServeError {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                code: "Internal_Error",
                kind: "Kusto.Data.Exceptions.KustoDataStreamException",
                message: scrub_paths(&format!("data error: {m}"), roots),
                permanent: true,
            },
            other => ServeError {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                code: "Internal_Error",
                kind: "Kusto.Data.Exceptions.KustoServiceException",
                message: scrub_paths(&other.to_string(), roots),
                permanent: false,
            },
        }
    }

    /// A 405: the route exists but does not answer `method`.
    pub fn method_not_allowed(message: impl Into<String>) -> ServeError {
        ServeError {
            status: StatusCode::METHOD_NOT_ALLOWED,
            code: "MethodNotAllowed",
            kind: "Kusto.Data.Exceptions.KustoBadRequestException",
            message: message.into(),
            permanent: true,
        }
    }

    /// A query that ran past its `servertimeout`: Kusto's `KustoServiceTimeoutException`
    /// (`api/netfx/kusto-data-client-errors.md`: failure code 504, subcode
    /// `RequestExecutionTimeout`, not permanent). Before the status line it is the 504
    /// itself; after it, the same error object goes in the body.
    pub fn timeout(timeout: std::time::Duration) -> ServeError {
        ServeError {
            status: StatusCode::GATEWAY_TIMEOUT,
            code: "RequestExecutionTimeout",
            kind: "Kusto.Data.Exceptions.KustoServiceTimeoutException",
            message: format!(
                "Request execution timeout: the query ran longer than its servertimeout of {} \
                 and was cancelled; raise the 'servertimeout' request property",
                seconds_text(timeout)
            ),
            permanent: false,
        }
    }

    /// A 400 for a query diagnostic, its position as line and column of `text`. Paths
    /// outside `roots` are scrubbed from the message, notes and help.
    pub fn from_diagnostic(d: &Diagnostic, text: &str, roots: &[PathBuf]) -> ServeError {
        let (prefix, kind) = match d.kind {
            DiagnosticKind::Syntax => ("Syntax error", "Kusto.Data.Exceptions.SyntaxException"),
            DiagnosticKind::Unsupported => {
                ("Unsupported", "Kusto.Data.Exceptions.SemanticException")
            }
            DiagnosticKind::Internal => (
                "Internal error",
                "Kusto.Data.Exceptions.KustoServiceException",
            ),
            _ => ("Semantic error", "Kusto.Data.Exceptions.SemanticException"),
        };
        let mut message = format!("{prefix}: {}", d.message);
        if let Some(span) = d.span {
            let (line, column) = span.line_column(text);
            message.push_str(&format!(" (query line {line}, column {column})"));
        }
        for note in &d.notes {
            message.push_str(&format!("; note: {note}"));
        }
        if let Some(help) = &d.help {
            message.push_str(&format!("; help: {help}"));
        }
        let message = scrub_paths(&message, roots);
        let internal = d.kind == DiagnosticKind::Internal;
        ServeError {
            status: if internal {
                StatusCode::INTERNAL_SERVER_ERROR
            } else {
                StatusCode::BAD_REQUEST
            },
            code: if internal {
                "Internal_Error"
            } else {
                "General_BadRequest"
            },
            kind,
            message,
            permanent: true,
        }
    }

    /// The error object (`{"code", "message", "@type", "@message", "@context", …}`) that
    /// goes in the envelope, or in a v2 `OneApiErrors` array when the failure comes after the
    /// status line.
    pub fn error_object(&self, context: &RequestContext) -> Value {
        let message = if self.status == StatusCode::BAD_REQUEST {
            BAD_REQUEST.to_owned()
        } else {
            self.message.clone()
        };
        json!({
            "code": self.code,
            "message": message,
            "@type": self.kind,
            "@message": self.message,
            "@context": {
                "timestamp": context.timestamp,
                "serviceAlias": "KQLAKE",
                "clientRequestId": context.client_request_id,
                "activityId": context.activity_id,
            },
            "@permanent": self.permanent,
        })
    }

    /// The whole envelope, `{"error": {…}}`.
    pub fn envelope(&self, context: &RequestContext) -> Value {
        json!({ "error": self.error_object(context) })
    }
}

/// The identifiers of one request, echoed in its response and its errors.
#[derive(Debug, Clone)]
pub struct RequestContext {
    /// `x-ms-client-request-id` as sent, or one made up (`KQLake;<uuid>`).
    pub client_request_id: String,
    /// `x-ms-activity-id`: unique per response.
    pub activity_id: String,
    /// When the request arrived, as Kusto writes datetimes.
    pub timestamp: String,
}

impl RequestContext {
    /// The context of a request that sent `client_request_id` (or none).
    pub fn new(client_request_id: Option<&str>) -> RequestContext {
        let activity_id = uuid::Uuid::new_v4().to_string();
        RequestContext {
            client_request_id: client_request_id
                .map(str::to_owned)
                .unwrap_or_else(|| format!("KQLake;{}", uuid::Uuid::new_v4())),
            activity_id,
            timestamp: kusto_timestamp(chrono::Utc::now()),
        }
    }
}

/// A datetime as Kusto writes it: seven fraction digits (100-nanosecond ticks) and `Z`.
fn kusto_timestamp(t: chrono::DateTime<chrono::Utc>) -> String {
    format!(
        "{}.{:07}Z",
        t.format("%Y-%m-%dT%H:%M:%S"),
        t.timestamp_subsec_nanos() / 100
    )
}

/// A duration as seconds, with a fraction only when it has one (`1 s`, `0.5 s`).
fn seconds_text(d: std::time::Duration) -> String {
    let text = format!("{:.3}", d.as_secs_f64());
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text} s")
}

/// Replaces every absolute path in `message` that is not inside one of `roots` by
/// `<path outside the data roots>`: a query error must not reveal the server's file system.
///
/// A path is a run of non-space characters starting with `/` (or a drive letter and `:\`),
/// trimmed of quotes and trailing punctuation.
pub fn scrub_paths(message: &str, roots: &[PathBuf]) -> String {
    let roots: Vec<PathBuf> = roots
        .iter()
        .map(|r| std::fs::canonicalize(r).unwrap_or_else(|_| r.clone()))
        .chain(roots.iter().cloned())
        .collect();
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(start) = next_path_start(rest) {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let len = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '\'' | '"' | '`' | ')' | ','))
            .unwrap_or(tail.len());
        let path = tail[..len].trim_end_matches([':', '.', ';']);
        let inside = roots
            .iter()
            .any(|root| std::path::Path::new(path).starts_with(root));
        if inside {
            out.push_str(path);
        } else {
            out.push_str("<path outside the data roots>");
        }
        rest = &tail[path.len()..];
    }
    out.push_str(rest);
    out
}

/// The byte offset of the next absolute path in `text`: a `/` at the start or after a space,
/// quote or `(`, or a Windows drive (`C:\`).
fn next_path_start(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len()).find(|&i| {
        let after_boundary = i == 0
            || matches!(
                bytes[i - 1],
                b' ' | b'\'' | b'"' | b'`' | b'(' | b'=' | b'\t'
            );
        let unix = bytes[i] == b'/'
            && bytes
                .get(i + 1)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.');
        let windows = bytes[i].is_ascii_alphabetic()
            && bytes.get(i + 1) == Some(&b':')
            && bytes.get(i + 2) == Some(&b'\\');
        after_boundary && (unix || windows)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_the_roots_are_hidden() {
        let roots = [PathBuf::from("/srv/exports")];
        let message = "cannot read '/srv/exports/a/b.json': bad line; see /etc/passwd and C:\\x\\y";
        assert_eq!(
            scrub_paths(message, &roots),
            "cannot read '/srv/exports/a/b.json': bad line; see <path outside the data roots> \
             and <path outside the data roots>"
        );
        // A root's prefix is not the root: /srv/exports2 is outside /srv/exports.
        assert_eq!(
            scrub_paths("at /srv/exports2/x", &roots),
            "at <path outside the data roots>"
        );
        // Not paths: a division, a URL's slashes after text, a timespan.
        assert_eq!(scrub_paths("a / b and 1/2", &roots), "a / b and 1/2");
    }

    #[test]
    fn a_diagnostic_names_no_path_outside_the_roots() {
        let roots = [PathBuf::from("/srv/exports")];
        let d =
            Diagnostic::unsupported("reading /etc/shadow", kql_engine::Span { start: 0, end: 1 })
                .with_note("next to /srv/exports/t/a.json")
                .with_help("see /home/me/notes.txt");
        let e = ServeError::from_diagnostic(&d, "x", &roots);
        assert!(!e.message.contains("/etc"), "{}", e.message);
        assert!(!e.message.contains("/home"), "{}", e.message);
        assert!(e.message.contains("/srv/exports/t/a.json"), "{}", e.message);
    }

    #[test]
    fn the_timeout_is_kustos_service_timeout() {
        // api/netfx/kusto-data-client-errors.md: KustoServiceTimeoutException, 504,
        // RequestExecutionTimeout, not permanent.
        let e = ServeError::timeout(std::time::Duration::from_millis(1500));
        assert_eq!(e.status, StatusCode::GATEWAY_TIMEOUT);
        assert_eq!(e.code, "RequestExecutionTimeout");
        assert_eq!(e.kind, "Kusto.Data.Exceptions.KustoServiceTimeoutException");
        assert!(!e.permanent);
        assert!(
            e.message.contains("servertimeout of 1.5 s"),
            "{}",
            e.message
        );
    }

    #[test]
    fn timestamps_have_seven_fraction_digits() {
        let t = chrono::DateTime::from_timestamp(1_704_164_645, 123_456_789).expect("in range");
        assert_eq!(kusto_timestamp(t), "2024-01-02T03:04:05.1234567Z");
    }

    #[test]
    fn a_syntax_error_is_a_positioned_400() {
        let text = "T\n| where";
        let d = kql_syntax::parse_query(text).expect_err("incomplete where");
        let e = ServeError::from_diagnostic(&d, text, &[]);
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
        assert_eq!(e.kind, "Kusto.Data.Exceptions.SyntaxException");
        assert!(e.message.starts_with("Syntax error: "), "{}", e.message);
        assert!(e.message.contains("(query line 2, column"), "{}", e.message);
    }
}
