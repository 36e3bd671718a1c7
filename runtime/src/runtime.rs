//! Support code shared by every operation: calling the upstream here;
//! building requests in `runtime/request.rs`; matching resource URIs,
//! prompts and completions in `runtime/mcp.rs`; turning responses into MCP
//! results in `runtime/results.rs`; the tool selection and discovery mode
//! in `runtime/select.rs` and `runtime/discover.rs`. Their items are
//! re-exported here.
//! mcp-gen copies this file into every crate it generates, unchanged, from
//! the `mcp-gen-runtime` crate where it is tested.

use std::sync::{Arc, LazyLock};
use std::time::Duration;

use percent_encoding::utf8_percent_encode;
use reqwest::header::{HeaderName, HeaderValue};
use serde_json::Value;

use crate::auth::{Credential, Credentials, SchemeDef};

mod discover;
mod jq;
mod metrics;
mod mcp;
mod operation;
mod request;
mod results;
mod select;
mod shape;
mod terms;
mod vectors;
mod watch;
pub use discover::{
    CALL, Catalog, DESCRIBE, MetaCall, SEARCH, ToolDef, ToolMode, meta_call, meta_tools,
};
pub use terms::Words;
pub use mcp::{Completion, CompletionRef, GetAs, Kind, Piece, UriTemplate, complete, fill_prompt};
use request::{Body, SEGMENT};
pub use request::{Part, Request, Style};
pub use operation::{BodyDef, Encoding, Location, Operation, Param, Segment};
pub use results::{Plan, call_tool, read_resource, unknown_resource, unknown_tool};
pub use jq::{JQ, Jq};
pub use metrics::{record_call, render_metrics, status_class};
pub use select::{Item, Selection};
pub use shape::{Paging, Shaping};
pub use watch::{PROGRESS_INTERVAL, watched};

/// Why a call produced no upstream response.
#[derive(Debug)]
pub enum CallError {
    /// An argument cannot be sent as the spec describes.
    Argument {
        /// The argument, as the tool's input schema names it.
        name: String,
        /// What is wrong with it.
        message: String,
    },
    /// The upstream could not be reached, or did not answer in time.
    Upstream(String),
    /// The server lacks a credential the operation needs, or cannot get one.
    Credentials(String),
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallError::Argument { name, message } => {
                write!(f, "invalid argument `{name}`: {message}")
            }
            CallError::Upstream(message) => write!(f, "upstream request failed: {message}"),
            CallError::Credentials(message) => write!(f, "{message}"),
        }
    }
}

fn argument_error(name: &str, message: impl Into<String>) -> CallError {
    CallError::Argument {
        name: name.to_string(),
        message: message.into(),
    }
}

/// How the server reaches the upstream API.
pub struct Settings {
    /// The API's base URL, without a trailing `/`; paths are appended to it.
    pub base_url: String,
    /// Whether the user chose the base URL, which then also replaces the
    /// servers that single operations declare.
    pub base_url_chosen: bool,
    /// The whole of one upstream call, connecting included.
    pub timeout: Duration,
    /// Larger response bodies are cut here, with a notice.
    pub max_response_bytes: usize,
    /// At most this many upstream calls run at once; the rest wait.
    pub max_concurrency: usize,
    /// Send the MCP client's own `Authorization` header upstream.
    pub forward_authorization: bool,
    /// Headers sent with every upstream request, unless the request sets
    /// the same header itself; see [`extra_headers`].
    pub extra_headers: reqwest::header::HeaderMap,
    /// The crate's `hooks.rs`, called on every request and response.
    pub hooks: Hooks,
}

/// The static headers the environment gives: each variable `{prefix}NAME`
/// sends the header `NAME`, with `_` read as `-`
/// (`GITHUB_HEADER_X_GITHUB_API_VERSION=2022-11-28` sends
/// `x-github-api-version: 2022-11-28`). For credentials and settings a spec
/// does not declare. The values are marked sensitive: never logged, and
/// never shown to the model, as they stay out of the hooks' view too.
///
/// # Errors
///
/// A message naming the variable (never its value) when its name is not a
/// header name or its value not a header value.
pub fn extra_headers(prefix: &str) -> Result<reqwest::header::HeaderMap, String> {
    let mut headers = reqwest::header::HeaderMap::new();
    for (variable, value) in std::env::vars_os() {
        let Some(name) = variable.to_str().and_then(|v| v.strip_prefix(prefix)) else {
            continue;
        };
        let header = HeaderName::from_bytes(name.replace('_', "-").to_ascii_lowercase().as_bytes())
            .map_err(|_| format!("{prefix}{name}: `{name}` is not an HTTP header name"))?;
        let mut value = value
            .to_str()
            .and_then(|v| HeaderValue::from_str(v).ok())
            .ok_or_else(|| format!("{prefix}{name}: the value is not a valid header value"))?;
        value.set_sensitive(true);
        headers.insert(header, value);
    }
    Ok(headers)
}

/// The generated crate's hooks (`src/hooks.rs`): code of the user's that
/// sees each upstream request just before it is sent, credentials included,
/// and each response before it becomes an MCP result. Both get the tool name
/// of the operation. Passed in rather than called by path, so this module
/// does not depend on the crate it is compiled into.
#[derive(Clone, Copy)]
pub struct Hooks {
    /// Called with the operation's tool name and the request about to go.
    pub on_request: fn(&str, &mut reqwest::Request),
    /// Called with the operation's tool name and the response as read.
    pub on_response: fn(&str, &mut ApiResponse),
}

impl Hooks {
    /// Hooks that change nothing.
    pub const NONE: Hooks = Hooks {
        on_request: |_, _| {},
        on_response: |_, _| {},
    };
}

/// The upstream API: a connection pool, the base URL and the credentials.
/// Cloning is cheap.
#[derive(Clone)]
pub struct Upstream {
    http: HttpClient,
    base_url: Arc<str>,
    base_url_chosen: bool,
    max_response_bytes: usize,
    permits: Arc<tokio::sync::Semaphore>,
    max_concurrency: u32,
    credentials: Arc<Credentials>,
    hooks: Hooks,
}

/// A response, whatever its status.
pub struct ApiResponse {
    /// The HTTP status.
    pub status: reqwest::StatusCode,
    /// The `Content-Type` header, if it was sent and is text.
    pub content_type: Option<String>,
    /// The `Link` header (RFC 8288), its values joined with `, `.
    pub link: Option<String>,
    /// The body, at most `Settings::max_response_bytes` of it.
    pub body: Vec<u8>,
    /// The body was longer than the cap and was cut.
    pub truncated: bool,
    /// The media types the spec promises for a success; empty promises none.
    pub expected: &'static [&'static str],
}

/// The upstream connection pool, built on the first call, so that an idle
/// server never pays for it: building one (rustls and its root
/// certificates) took 1.3 MiB of a stdio server's 10 MiB resident set
/// before any call. Cloning is cheap.
#[derive(Clone)]
pub struct HttpClient(Arc<LazyLock<Result<reqwest::Client, String>, BuildClient>>);

/// Builds an [`HttpClient`]'s client, or says why it cannot.
type BuildClient = Box<dyn FnOnce() -> Result<reqwest::Client, String> + Send>;

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClient").finish_non_exhaustive()
    }
}

impl HttpClient {
    /// A client that the builder `configure` returns makes on first use.
    pub fn new(configure: impl FnOnce() -> reqwest::ClientBuilder + Send + 'static) -> Self {
        HttpClient(Arc::new(LazyLock::new(Box::new(|| {
            configure()
                .build()
                .map_err(|e| format!("cannot build the HTTP client: {e}"))
        }))))
    }

    /// The client, built now if this is the first use.
    ///
    /// # Errors
    ///
    /// [`CallError::Upstream`] when it cannot be built (no TLS back end
    /// could start), on this and every later use.
    pub fn client(&self) -> Result<&reqwest::Client, CallError> {
        (**self.0).as_ref().map_err(|e| CallError::Upstream(e.clone()))
    }
}

impl Upstream {
    /// Checks the base URL, prepares the connection pool (built on the
    /// first call) and reads the credentials of `schemes` from the
    /// environment.
    pub fn new(settings: Settings, schemes: &'static [SchemeDef]) -> Result<Self, String> {
        let base_url = settings.base_url.as_str();
        let parsed = reqwest::Url::parse(base_url)
            .map_err(|e| format!("`{base_url}` is not an absolute URL: {e}"))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(format!("`{base_url}` must be an http or https URL"));
        }
        let (extra_headers, timeout) = (settings.extra_headers, settings.timeout);
        let http = HttpClient::new(move || {
            // Redirects are followed within the same host only: a
            // redirect elsewhere must not carry the API's credentials.
            let redirects = reqwest::redirect::Policy::custom(|attempt| {
                let same_host = attempt.previous().first().is_some_and(|first| {
                    first.host_str() == attempt.url().host_str()
                        && first.port_or_known_default() == attempt.url().port_or_known_default()
                });
                if attempt.previous().len() > 10 || !same_host {
                    attempt.stop()
                } else {
                    attempt.follow()
                }
            });
            reqwest::Client::builder()
                .default_headers(extra_headers)
                .timeout(timeout)
                .tcp_nodelay(true)
                .redirect(redirects)
                .user_agent(concat!(
                    env!("CARGO_PKG_NAME"),
                    "/",
                    env!("CARGO_PKG_VERSION")
                ))
        });
        let credentials =
            Credentials::from_env(schemes, base_url, &http, settings.forward_authorization);
        Ok(Upstream {
            base_url: base_url.trim_end_matches('/').into(),
            base_url_chosen: settings.base_url_chosen,
            max_response_bytes: settings.max_response_bytes,
            permits: Arc::new(tokio::sync::Semaphore::new(settings.max_concurrency.max(1))),
            max_concurrency: u32::try_from(settings.max_concurrency.max(1)).unwrap_or(u32::MAX),
            credentials: Arc::new(credentials),
            hooks: settings.hooks,
            http,
        })
    }

    /// Waits, at most `within`, for the upstream calls in flight to finish,
    /// and refuses new ones: the first step of a graceful shutdown.
    pub async fn drain(&self, within: Duration) {
        let all = self.permits.acquire_many(self.max_concurrency);
        match tokio::time::timeout(within, all).await {
            Ok(_) => tracing::info!("calls in flight have finished"),
            Err(_) => tracing::warn!("calls still in flight after {within:?}; stopping anyway"),
        }
        self.permits.close();
    }

    /// The credentials read at startup.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// [`send`](Self::send) for a request that may have failed to build:
    /// the typed client's operations all return this one future type.
    pub async fn call(&self, request: Result<Request, CallError>) -> Result<ApiResponse, CallError> {
        self.send(request?).await
    }

    /// Sends a request with the credentials its operation needs, and reads
    /// the response up to the size cap. An OAuth2 token the API refuses
    /// with 401 is fetched anew, and the request sent once more.
    pub async fn send(&self, request: Request) -> Result<ApiResponse, CallError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| CallError::Upstream("the server is shutting down".into()))?;
        let credentials = self.credentials.resolve(request.security).await?;
        let base = match request.server {
            Some(server) if !self.base_url_chosen => server,
            _ => &self.base_url,
        };
        let mut url = format!("{base}{}", request.path);
        let mut query = request.query;
        let mut cookies = request.cookies;
        let mut token = None;
        let mut headers = Vec::new();
        for credential in credentials {
            match credential {
                Credential::Header(name, value) => headers.push((name, value.clone())),
                Credential::Query(name, secret) => {
                    query.push((name.to_string(), secret.expose().to_string()))
                }
                Credential::Cookie(name, secret) => cookies.push(format!(
                    "{name}={}",
                    utf8_percent_encode(secret.expose(), SEGMENT)
                )),
                Credential::Token(source, value) => {
                    headers.push(("authorization", value.clone()));
                    token = Some((source, value));
                }
            }
        }
        // Spaces go as `%20`, which every server reads as a space; a form
        // encoder's `+` is a literal plus to RFC 3986 decoders.
        for (i, (name, value)) in query.iter().enumerate() {
            url.push(if i == 0 && !url.contains('?') {
                '?'
            } else {
                '&'
            });
            url.extend(utf8_percent_encode(name, SEGMENT));
            url.push('=');
            url.extend(utf8_percent_encode(value, SEGMENT));
        }
        let http = self.http.client()?;
        let mut builder = http.request(request.method, url);
        // W3C Trace Context: the caller's trace goes on to the API.
        if let Some(traceparent) = watch::traceparent() {
            builder = builder.header("traceparent", traceparent);
        }
        for (name, value) in headers {
            builder = builder.header(name, value);
        }
        for (name, value) in request.headers {
            builder = builder.header(name, value);
        }
        if !cookies.is_empty() {
            builder = builder.header(reqwest::header::COOKIE, cookies.join("; "));
        }
        match request.body {
            Some(Body::Bytes(media_type, body)) => {
                builder = builder
                    .header(reqwest::header::CONTENT_TYPE, media_type)
                    .body(body);
            }
            Some(Body::Multipart(form)) => builder = builder.multipart(form),
            None => {}
        }
        let mut http_request = builder
            .build()
            .map_err(|e| CallError::Upstream(describe(&e)))?;
        // No argument may move the request to another host: the path is
        // percent-encoded, but check the result itself, whatever the spec's
        // path template looks like.
        let expected = reqwest::Url::parse(base).map(|u| u.origin());
        if expected.as_ref().ok() != Some(&http_request.url().origin()) {
            return Err(CallError::Argument {
                name: "path".into(),
                message: format!("the request would leave the API's host `{base}`"),
            });
        }
        (self.hooks.on_request)(request.operation, &mut http_request);
        let retry = token.as_ref().and_then(|_| http_request.try_clone());
        tracing::debug!(operation = request.operation, method = %http_request.method(), path = http_request.url().path(), "upstream request");
        let mut response = http
            .execute(http_request)
            .await
            .map_err(|e| CallError::Upstream(describe(&e)))?;
        if let (reqwest::StatusCode::UNAUTHORIZED, Some((source, rejected)), Some(mut again)) =
            (response.status(), token, retry)
        {
            source.invalidate(&rejected).await;
            let fresh = source.token().await?;
            again
                .headers_mut()
                .insert(reqwest::header::AUTHORIZATION, fresh);
            response = http
                .execute(again)
                .await
                .map_err(|e| CallError::Upstream(describe(&e)))?;
        }
        let mut response = self.read(response).await?;
        response.expected = request.expected;
        (self.hooks.on_response)(request.operation, &mut response);
        Ok(response)
    }

    /// Reads a response body, keeping at most `max_response_bytes`.
    async fn read(&self, mut response: reqwest::Response) -> Result<ApiResponse, CallError> {
        let status = response.status();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let link = response
            .headers()
            .get_all(reqwest::header::LINK)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
            .join(", ");
        let mut body = Vec::new();
        let mut truncated = false;
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| CallError::Upstream(describe(&e)))?
        {
            let room = self.max_response_bytes - body.len();
            if chunk.len() > room {
                body.extend_from_slice(&chunk[..room]);
                truncated = true;
                break;
            }
            body.extend_from_slice(&chunk);
        }
        Ok(ApiResponse {
            status,
            content_type,
            link: (!link.is_empty()).then_some(link),
            body,
            truncated,
            expected: &[],
        })
    }
}

/// A reqwest error with its causes, which hold the useful part
/// ("connection refused"), on one line.
pub fn describe(error: &reqwest::Error) -> String {
    let mut text = if error.is_timeout() {
        "timed out".to_string()
    } else {
        error.to_string()
    };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Replaces every whole-number float (`12.0`) in `value` with the integer
/// it equals, as JSON Schema counts it an integer (2020-12 validation,
/// section 6.1.1) and clients send them.
pub(crate) fn whole_numbers_as_integers(value: &mut Value) {
    match value {
        Value::Number(n) => {
            if let Some(whole) = whole_number(n) {
                *value = Value::from(whole);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers_as_integers),
        Value::Object(map) => map.values_mut().for_each(whole_numbers_as_integers),
        _ => {}
    }
}

/// The integer a float equals, if it is whole and within `i64`.
pub(crate) fn whole_number(n: &serde_json::Number) -> Option<i64> {
    let f = n.as_f64().filter(|_| n.is_f64())?;
    // 2^63 is exact as a float; every whole float below it fits.
    (f.fract() == 0.0 && f.abs() < 9_223_372_036_854_775_808.0).then_some(f as i64)
}
