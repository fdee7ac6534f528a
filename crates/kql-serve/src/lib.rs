//! The Kusto REST endpoint of `kql serve`: Kusto's clients (the web UI, Kusto.Explorer, the
//! azure-kusto-data libraries) query exports on this machine.
//!
//! Sits above `kql-engine`: one [`Engine`] is shared by every request; each query is planned
//! with its own pinned `now` ([`Engine::plan_at`]) on a blocking thread and its batches are
//! streamed to the client as they arrive.
//!
//! | Route | Answer |
//! |---|---|
//! | `POST /v2/rest/query` | v2 frames (`result.rs`) |
//! | `POST /v1/rest/query` | v1 tables with status and table of contents |
//! | `POST /v1/rest/mgmt` | one v1 table of a `.show` command (`mgmt.rs`), with an optional pipeline |
//! | `GET /v1/rest/ping` | `200` |
//! | another method on these routes | `405` in Kusto's error envelope |
//! | anything else | `404` in Kusto's error envelope |
//!
//! Request bodies and properties are read by `request.rs`, values encoded by `encode.rs`,
//! errors enveloped by `error.rs`. CORS admits exactly the Azure Data Explorer web UI's
//! origins ([`WEB_UI_ORIGINS`]) and those given with `--allow-origin`, never a wildcard.
//!
//! Events without a response to carry them (a client that hangs up mid-stream) go to the
//! server's log ([`ServerLog`]), one line each: stderr unless the embedder gives another.

mod encode;
mod error;
mod mgmt;
mod request;
mod result;

pub use error::{RequestContext, ServeError, scrub_paths};
pub use request::{DEFAULT_MAX_BYTES, DEFAULT_MAX_RECORDS, ignored_options};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};
use kql_engine::{Engine, EngineError, PlannedQuery};
use mgmt::{CommandContext, TableSchema};
use request::{QueryRequest, QuerySettings};
use result::{ResultStream, Shape};
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowHeaders, AllowOrigin, CorsLayer};

/// The origins of the Azure Data Explorer web UI (public cloud, US Government, China), which
/// may call the server from a browser.
pub const WEB_UI_ORIGINS: &[&str] = &[
    "https://dataexplorer.azure.com",
    "https://dataexplorer.azure.us",
    "https://dataexplorer.azure.cn",
];

/// The default cap on a request body: 1 MiB holds any query a person writes.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1 << 20;

/// The request header that identifies a request; echoed in the response.
const CLIENT_REQUEST_ID: &str = "x-ms-client-request-id";
/// The response header with the server's own identifier of the request.
const ACTIVITY_ID: &str = "x-ms-activity-id";

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The database name clients use (`--database`, default `exports`).
    pub database: String,
    /// Origins allowed besides the web UI's (`--allow-origin`), exactly as browsers send
    /// them: `scheme://host[:port]`.
    pub allow_origins: Vec<String>,
    /// The largest request body accepted; larger ones get a 413.
    pub max_body_bytes: usize,
    /// The `--data` roots: the only paths an error message may name.
    pub data_roots: Vec<PathBuf>,
    /// Where events without a response go (a client hanging up mid-stream).
    pub log: ServerLog,
}

/// The server's log: one line per event that no response carries. The default writes to
/// stderr, the terminal of `kql serve`.
#[derive(Clone)]
pub struct ServerLog(Arc<dyn Fn(&str) + Send + Sync>);

impl ServerLog {
    /// A log that hands each line to `sink`.
    pub fn new(sink: impl Fn(&str) + Send + Sync + 'static) -> ServerLog {
        ServerLog(Arc::new(sink))
    }

    /// Logs one line.
    pub(crate) fn line(&self, line: &str) {
        (self.0)(line);
    }
}

impl Default for ServerLog {
    fn default() -> Self {
        #[allow(
            clippy::print_stderr,
            reason = "the server's log is the stderr of `kql serve`; embedders pass their own sink"
        )]
        ServerLog::new(|line| eprintln!("{line}"))
    }
}

impl std::fmt::Debug for ServerLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerLog")
    }
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            database: "exports".to_owned(),
            allow_origins: Vec::new(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            data_roots: Vec::new(),
            log: ServerLog::default(),
        }
    }
}

/// Why the server cannot start.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// An `--allow-origin` value is not one origin.
    #[error(
        "--allow-origin '{0}' is not an origin: give scheme://host[:port], such as http://localhost:3000 (no path, no wildcard)"
    )]
    Origin(String),
}

/// A server over one engine.
#[derive(Clone)]
pub struct Server {
    state: Arc<ServerState>,
    origins: Vec<HeaderValue>,
}

/// What every request shares.
struct ServerState {
    engine: Arc<Engine>,
    database: String,
    roots: Arc<Vec<PathBuf>>,
    tables: OnceLock<Vec<TableSchema>>,
    running: Arc<AtomicUsize>,
    max_body_bytes: usize,
    log: ServerLog,
}

impl Server {
    /// A server answering with `engine`.
    pub fn new(engine: Engine, options: ServeOptions) -> Result<Server, SetupError> {
        let mut origins = Vec::new();
        for origin in WEB_UI_ORIGINS
            .iter()
            .map(|o| (*o).to_owned())
            .chain(options.allow_origins)
        {
            origins.push(parse_origin(&origin).ok_or(SetupError::Origin(origin))?);
        }
        Ok(Server {
            state: Arc::new(ServerState {
                engine: Arc::new(engine),
                database: options.database,
                roots: Arc::new(options.data_roots),
                tables: OnceLock::new(),
                running: Arc::new(AtomicUsize::new(0)),
                max_body_bytes: options.max_body_bytes,
                log: options.log,
            }),
            origins,
        })
    }

    /// The queries running now (streaming or waiting for their first batch).
    pub fn running_queries(&self) -> usize {
        self.state.running.load(Ordering::SeqCst)
    }

    /// The routes, with CORS, gzip and the body cap.
    pub fn router(&self) -> Router {
        let cors = CorsLayer::new()
            .allow_origin(AllowOrigin::list(self.origins.clone()))
            .allow_credentials(true)
            .allow_headers(AllowHeaders::mirror_request())
            .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
            .expose_headers([
                HeaderName::from_static(CLIENT_REQUEST_ID),
                HeaderName::from_static(ACTIVITY_ID),
            ])
            .allow_private_network(true)
            .max_age(Duration::from_secs(3600));
        Router::new()
            .route("/v2/rest/query", post(answer_as(Shape::V2Query)))
            .route("/v1/rest/query", post(answer_as(Shape::V1Query)))
            .route("/v1/rest/mgmt", post(answer_as(Shape::V1Command)))
            .route("/v1/rest/ping", get(ping))
            .method_not_allowed_fallback(method_not_allowed)
            .fallback(not_found)
            .layer(DefaultBodyLimit::max(self.state.max_body_bytes))
            .layer(CompressionLayer::new())
            .layer(cors)
            .with_state(Arc::clone(&self.state))
    }

    /// Answers connections on `listener` until `shutdown` completes.
    pub async fn run(
        &self,
        listener: tokio::net::TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        axum::serve(listener, self.router())
            .with_graceful_shutdown(shutdown)
            .await
    }
}

/// Completes when the process receives Ctrl-C (SIGINT): the CLI's shutdown signal.
pub async fn ctrl_c() {
    // If the signal cannot be watched, the server runs until the process is killed.
    if tokio::signal::ctrl_c().await.is_err() {
        futures::future::pending::<()>().await;
    }
}

/// Binds `addr` (port 0: any free port).
pub async fn bind(addr: SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(addr).await
}

/// An origin as browsers send it (`https://host[:port]`), or `None`.
fn parse_origin(text: &str) -> Option<HeaderValue> {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))?;
    let valid = !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if !valid {
        return None;
    }
    HeaderValue::from_str(text).ok()
}

type Shared = State<Arc<ServerState>>;

/// The request's context, from its `x-ms-client-request-id`.
fn context_of(headers: &HeaderMap) -> RequestContext {
    RequestContext::new(headers.get(CLIENT_REQUEST_ID).and_then(|v| v.to_str().ok()))
}

/// A response with the request's identifiers.
fn respond(context: &RequestContext, status: StatusCode, body: Body) -> Response {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&context.client_request_id) {
        headers.insert(CLIENT_REQUEST_ID, v);
    }
    if let Ok(v) = HeaderValue::from_str(&context.activity_id) {
        headers.insert(ACTIVITY_ID, v);
    }
    response
}

/// An error response in Kusto's envelope.
fn error_response(context: &RequestContext, error: &ServeError) -> Response {
    respond(
        context,
        error.status,
        Body::from(error.envelope(context).to_string()),
    )
}

async fn ping(headers: HeaderMap) -> Response {
    respond(
        &context_of(&headers),
        StatusCode::OK,
        Body::from("\"Pong\""),
    )
}

async fn not_found(headers: HeaderMap, uri: axum::http::Uri) -> Response {
    let context = context_of(&headers);
    error_response(
        &context,
        &ServeError::not_found(format!(
            "kqlake answers POST /v2/rest/query, /v1/rest/query, /v1/rest/mgmt and GET \
             /v1/rest/ping, not {}",
            uri.path()
        )),
    )
}

async fn method_not_allowed(headers: HeaderMap, method: Method, uri: axum::http::Uri) -> Response {
    let context = context_of(&headers);
    let allowed = if uri.path() == "/v1/rest/ping" {
        "GET"
    } else {
        "POST"
    };
    let mut response = error_response(
        &context,
        &ServeError::method_not_allowed(format!("{} answers {allowed}, not {method}", uri.path())),
    );
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(allowed));
    response
}

/// The handler of a route answering in `shape`.
fn answer_as(
    shape: Shape,
) -> impl Fn(
    Shared,
    HeaderMap,
    Result<Bytes, BytesRejection>,
) -> std::pin::Pin<Box<dyn Future<Output = Response> + Send>>
+ Clone
+ Send
+ Sync
+ 'static {
    move |state, headers, body| Box::pin(query(state, headers, body, shape))
}

/// Reads the body and answers a query or a command.
async fn query(
    State(state): Shared,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
    shape: Shape,
) -> Response {
    let context = context_of(&headers);
    match answer(&state, body, shape, &context).await {
        Ok(result) => respond(&context, StatusCode::OK, result::body(result, shape)),
        Err(e) => error_response(&context, &e),
    }
}

/// Plans and starts a request; errors before the first row are the response.
async fn answer(
    state: &Arc<ServerState>,
    body: Result<Bytes, BytesRejection>,
    shape: Shape,
    context: &RequestContext,
) -> Result<ResultStream, ServeError> {
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ServeError::too_large(state.max_body_bytes)
        } else {
            ServeError::bad_request(format!("cannot read the request body: {e}"))
        }
    })?;
    let request = request::parse_body(&body)?;
    if let Some(db) = &request.db
        && !db.eq_ignore_ascii_case(&state.database)
        && db != "NetDefaultDB"
    {
        return Err(ServeError::bad_request(format!(
            "database '{db}' does not exist: this server's database is '{}'",
            state.database
        )));
    }
    let is_command = request.csl.trim_start().starts_with('.');
    match (shape, is_command) {
        (Shape::V1Command, false) => {
            return Err(ServeError::bad_request(
                "a management command starts with '.': send queries to /v2/rest/query",
            ));
        }
        (Shape::V1Query | Shape::V2Query, true) => {
            return Err(ServeError::bad_request(
                "management commands go to /v1/rest/mgmt",
            ));
        }
        _ => {}
    }
    let timeout = request.settings.timeout;
    let planner = Arc::clone(state);
    let planning = tokio::task::spawn_blocking(move || plan_request(&planner, request, shape));
    let (planned, settings) = match tokio::time::timeout(timeout, planning).await {
        // Planning ran past the servertimeout: Kusto's timeout error, as a 504 since no status
        // line went out yet (once rows stream, the same error goes in the body).
        Err(_) => return Err(ServeError::timeout(timeout)),
        Ok(Err(join)) => {
            return Err(ServeError::bad_request(format!(
                "internal error: planning the query failed ({join}); please report it"
            )));
        }
        Ok(Ok(result)) => result?,
    };
    let stream = state
        .engine
        .execute(&planned)
        .await
        .map_err(|e| ServeError::from_engine(&e, "", &state.roots))?;
    Ok(ResultStream {
        columns: planned.columns,
        visualization: planned.visualization,
        stream,
        settings,
        context: context.clone(),
        roots: Arc::clone(&state.roots),
        running: Arc::clone(&state.running),
        log: state.log.clone(),
    })
}

/// Plans a query (with its `set` statements and declared parameters) or a command (as a
/// `datatable` of its result, followed by its pipeline).
fn plan_request(
    state: &ServerState,
    request: QueryRequest,
    shape: Shape,
) -> Result<(PlannedQuery, QuerySettings), ServeError> {
    let mut settings = request.settings;
    let now = settings
        .now_nanos
        .unwrap_or_else(|| chrono::Utc::now().timestamp_nanos_opt().unwrap_or(i64::MAX));
    let text = request.csl;
    let fail = |e: EngineError| ServeError::from_engine(&e, &text, &state.roots);
    if shape == Shape::V1Command {
        let tables = state
            .tables
            .get_or_init(|| mgmt::table_schemas(&state.engine));
        let (command, pipeline) = mgmt::split_pipeline(&text);
        let cx = CommandContext {
            database: &state.database,
            tables,
        };
        let table = mgmt::run_command(command, &cx)?;
        let mut generated = table.to_datatable();
        let prefix = generated.len() + 2;
        if let Some((_, p)) = pipeline {
            generated.push_str("\n|");
            generated.push_str(p);
        }
        // Command results are never truncated (Kusto's limits apply to queries).
        settings.max_records = None;
        settings.max_bytes = None;
        return state
            .engine
            .plan_at(&generated, &[], now)
            .map(|planned| (planned, settings))
            .map_err(|e| match (e, pipeline) {
                (EngineError::Query(mut d), Some((offset, _))) => {
                    // Point into the command the client sent, not the generated datatable.
                    d.span = d
                        .span
                        .filter(|s| s.start >= prefix)
                        .map(|s| kql_engine::Span {
                            start: s.start - prefix + offset,
                            end: s.end - prefix + offset,
                        });
                    ServeError::from_diagnostic(&d, &text, &state.roots)
                }
                (e, _) => fail(e),
            });
    }
    let query = kql_syntax::parse_query(&text)
        .map_err(|d| ServeError::from_diagnostic(&d, &text, &state.roots))?;
    if let Some(start) = request::find_externaldata(&text) {
        let d = kql_engine::Diagnostic::unsupported(
            "'externaldata' in kql serve",
            kql_engine::Span {
                start,
                end: start + "externaldata".len(),
            },
        )
        .with_note("it reads files outside the exports, which clients of the server must not reach")
        .with_help("run the query with 'kql query' instead");
        return Err(ServeError::from_diagnostic(&d, &text, &state.roots));
    }
    request::apply_set_statements(&query, &mut settings);
    let declared = request::declared_parameters(&query);
    // Kusto binds the parameters a query declares and ignores the others (clients send the
    // same set with every query).
    let parameters: Vec<(String, String)> = request
        .parameters
        .into_iter()
        .filter(|(name, _)| declared.contains(name))
        .collect();
    let planned = state
        .engine
        .plan_at(&text, &parameters, now)
        .map_err(fail)?;
    Ok((planned, settings))
}
