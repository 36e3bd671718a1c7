//! Support code shared by every operation: building requests, calling the
//! upstream, matching resource URIs, and turning responses into MCP results.
//! mcp-gen copies this file into every crate it generates, unchanged, from
//! the `mcp-gen-runtime` crate where it is tested.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use reqwest::header::{HeaderName, HeaderValue};
use rmcp::ErrorData as McpError;
use rmcp::model::{
    CallToolResult, CompletionInfo, ContentBlock, JsonObject, ReadResourceResult, Reference,
    ResourceContents,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::auth::{Credential, Credentials, SchemeDef};

/// Left as they are in a path segment, query-free: RFC 3986's unreserved set.
/// Everything else, `/`, `?`, `#` and `%` included, is percent-encoded, so a
/// value can never leave its segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// How a parameter value is written (OpenAPI `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `a,b`: the default for path and header parameters.
    Simple,
    /// `.a.b` in a path.
    Label,
    /// `;x=a,b` in a path.
    Matrix,
    /// `x=a,b` (or `x=a&x=b` exploded): the default for query parameters.
    Form,
    /// `x=a%20b`.
    SpaceDelimited,
    /// `x=a|b`.
    PipeDelimited,
    /// `x[k]=v` for an object.
    DeepObject,
}

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

/// One HTTP request, assembled piece by piece by a client function.
pub struct Request {
    /// The tool name of the operation, for hooks and logs.
    operation: &'static str,
    /// The operation's security alternatives, as indices into `SCHEMES`.
    security: &'static [&'static [usize]],
    /// The operation's own server URL, if the spec gives one.
    server: Option<&'static str>,
    /// The media types the spec promises for a success.
    expected: &'static [&'static str],
    method: reqwest::Method,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(HeaderName, HeaderValue)>,
    cookies: Vec<String>,
    body: Option<Body>,
}

/// A request body, ready to send.
enum Body {
    Bytes(&'static str, Vec<u8>),
    Multipart(reqwest::multipart::Form),
}

impl Request {
    /// A request of `operation` (its tool name) with the alternative
    /// security requirements `security` (indices into the crate's
    /// `SCHEMES`); the path and parameters are added next.
    pub fn new(
        method: reqwest::Method,
        operation: &'static str,
        security: &'static [&'static [usize]],
    ) -> Self {
        Request {
            operation,
            security,
            server: None,
            expected: &[],
            method,
            path: String::new(),
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
        }
    }

    /// Sends this request to the operation's own server, unless the user
    /// set a base URL.
    pub fn server(&mut self, url: &'static str) {
        self.server = Some(url);
    }

    /// Sets the media types a successful response may have.
    pub fn expect(&mut self, media_types: &'static [&'static str]) {
        self.expected = media_types;
    }

    /// Appends literal text of the path template.
    pub fn push_path(&mut self, literal: &str) {
        self.path.push_str(literal);
    }

    /// Appends one path parameter, percent-encoded so it fills exactly one
    /// segment whatever it contains.
    pub fn path_param<T: Serialize>(
        &mut self,
        name: &str,
        value: &T,
        style: Style,
        explode: bool,
    ) -> Result<(), CallError> {
        let value = to_json(name, value)?;
        let items = items(&value, explode, "=");
        // An empty value would turn `/items/{id}` into `/items/`: another
        // endpoint.
        if items.iter().all(String::is_empty) {
            return Err(argument_error(name, "a path parameter cannot be empty"));
        }
        if items.iter().any(|i| i == "." || i == "..") {
            return Err(argument_error(
                name,
                "`.` and `..` cannot be sent as a path segment",
            ));
        }
        let encoded: Vec<String> = items
            .iter()
            .map(|i| utf8_percent_encode(i, SEGMENT).to_string())
            .collect();
        match style {
            Style::Label => {
                self.path.push('.');
                self.path
                    .push_str(&encoded.join(if explode { "." } else { "," }));
            }
            Style::Matrix => {
                if explode && value.is_array() {
                    for item in &encoded {
                        self.path.push_str(&format!(";{name}={item}"));
                    }
                } else {
                    self.path
                        .push_str(&format!(";{name}={}", encoded.join(",")));
                }
            }
            _ => self.path.push_str(&encoded.join(",")),
        }
        Ok(())
    }

    /// Adds a query pair that the spec fixes in the path itself.
    pub fn push_query(&mut self, name: &str, value: &str) {
        self.query.push((name.to_string(), value.to_string()));
    }

    /// Adds a query parameter in its style; an absent value adds nothing.
    pub fn query<T: Serialize>(
        &mut self,
        name: &str,
        value: &T,
        style: Style,
        explode: bool,
    ) -> Result<(), CallError> {
        let value = to_json(name, value)?;
        match (&value, style) {
            (Value::Null, _) => {}
            (Value::Object(map), Style::DeepObject) => {
                for (key, v) in map {
                    self.query.push((format!("{name}[{key}]"), text(v)));
                }
            }
            (Value::Object(map), _) if explode => {
                for (key, v) in map {
                    self.query.push((key.clone(), text(v)));
                }
            }
            (Value::Array(list), Style::Form) if explode => {
                for v in list {
                    self.query.push((name.to_string(), text(v)));
                }
            }
            (Value::Array(_), Style::SpaceDelimited) => {
                self.query
                    .push((name.to_string(), items(&value, false, ",").join(" ")));
            }
            (Value::Array(_), Style::PipeDelimited) => {
                self.query
                    .push((name.to_string(), items(&value, false, ",").join("|")));
            }
            _ => self
                .query
                .push((name.to_string(), items(&value, false, ",").join(","))),
        }
        Ok(())
    }

    /// Adds a header; a value with CR, LF or other control bytes is refused,
    /// so no argument can inject headers.
    pub fn header<T: Serialize>(&mut self, name: &str, value: &T) -> Result<(), CallError> {
        let value = to_json(name, value)?;
        if value.is_null() {
            return Ok(());
        }
        let joined = items(&value, false, ",").join(",");
        let header_value = HeaderValue::from_str(&joined).map_err(|_| {
            argument_error(name, "a header value cannot contain control characters")
        })?;
        let header_name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| argument_error(name, "not a valid header name"))?;
        self.headers.push((header_name, header_value));
        Ok(())
    }

    /// Adds a cookie, its value percent-encoded.
    pub fn cookie<T: Serialize>(&mut self, name: &str, value: &T) -> Result<(), CallError> {
        let value = to_json(name, value)?;
        if !value.is_null() {
            let joined = items(&value, false, ",").join(",");
            self.cookies
                .push(format!("{name}={}", utf8_percent_encode(&joined, SEGMENT)));
        }
        Ok(())
    }

    /// Sets the JSON body; an absent optional body sends none.
    pub fn json_body<T: Serialize>(
        &mut self,
        media_type: &'static str,
        value: &T,
    ) -> Result<(), CallError> {
        let value = to_json("body", value)?;
        if !value.is_null() {
            let bytes =
                serde_json::to_vec(&value).map_err(|e| argument_error("body", e.to_string()))?;
            self.body = Some(Body::Bytes(media_type, bytes));
        }
        Ok(())
    }

    /// Sets an `application/x-www-form-urlencoded` body. Arrays of scalars
    /// repeat their key; nested objects and arrays use brackets
    /// (`items[0][price]=1`), the convention form APIs such as Stripe read.
    pub fn form_body<T: Serialize>(&mut self, value: &T) -> Result<(), CallError> {
        let value = to_json("body", value)?;
        let Value::Object(fields) = value else {
            return match value {
                Value::Null => Ok(()),
                _ => Err(argument_error("body", "a form body must be an object")),
            };
        };
        let mut pairs = Vec::new();
        for (key, v) in &fields {
            form_pairs(key, v, true, &mut pairs);
        }
        let encoded: Vec<String> = pairs
            .iter()
            .map(|(k, v)| {
                format!(
                    "{}={}",
                    utf8_percent_encode(k, SEGMENT),
                    utf8_percent_encode(v, SEGMENT)
                )
            })
            .collect();
        self.body = Some(Body::Bytes(
            "application/x-www-form-urlencoded",
            encoded.join("&").into_bytes(),
        ));
        Ok(())
    }

    /// Sets a `multipart/form-data` body; the named fields are files, given
    /// base64-encoded.
    pub fn multipart_body<T: Serialize>(
        &mut self,
        value: &T,
        files: &[&str],
    ) -> Result<(), CallError> {
        let value = to_json("body", value)?;
        let Value::Object(fields) = value else {
            return match value {
                Value::Null => Ok(()),
                _ => Err(argument_error("body", "a multipart body must be an object")),
            };
        };
        let mut form = reqwest::multipart::Form::new();
        for (key, v) in fields {
            let items = match v {
                Value::Null => continue,
                Value::Array(items) if files.contains(&key.as_str()) => items,
                other => vec![other],
            };
            for item in items {
                if files.contains(&key.as_str()) {
                    let bytes = decode_base64(&format!("body.{key}"), &item)?;
                    let part = reqwest::multipart::Part::bytes(bytes).file_name(key.clone());
                    form = form.part(key.clone(), part);
                } else {
                    form = form.text(key.clone(), text(&item));
                }
            }
        }
        self.body = Some(Body::Multipart(form));
        Ok(())
    }

    /// Sets a text body, sent as it is.
    pub fn text_body<T: Serialize>(
        &mut self,
        media_type: &'static str,
        value: &T,
    ) -> Result<(), CallError> {
        match to_json("body", value)? {
            Value::Null => {}
            Value::String(s) => self.body = Some(Body::Bytes(media_type, s.into_bytes())),
            _ => return Err(argument_error("body", "must be a string")),
        }
        Ok(())
    }

    /// Sets a binary body from its base64 text.
    pub fn binary_body<T: Serialize>(
        &mut self,
        media_type: &'static str,
        value: &T,
    ) -> Result<(), CallError> {
        let value = to_json("body", value)?;
        if !value.is_null() {
            self.body = Some(Body::Bytes(media_type, decode_base64("body", &value)?));
        }
        Ok(())
    }
}

fn form_pairs(key: &str, value: &Value, top: bool, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Array(items) if top && items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            out.extend(items.iter().map(|i| (key.to_string(), text(i))));
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                form_pairs(&format!("{key}[{i}]"), item, false, out);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                form_pairs(&format!("{key}[{k}]"), v, false, out);
            }
        }
        scalar => out.push((key.to_string(), text(scalar))),
    }
}

fn decode_base64(name: &str, value: &Value) -> Result<Vec<u8>, CallError> {
    use base64::Engine as _;
    let Value::String(encoded) = value else {
        return Err(argument_error(name, "must be a base64 string"));
    };
    base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .map_err(|e| argument_error(name, format!("not valid base64: {e}")))
}

fn to_json<T: Serialize>(name: &str, value: &T) -> Result<Value, CallError> {
    serde_json::to_value(value).map_err(|e| argument_error(name, e.to_string()))
}

/// A scalar as parameter text: strings unquoted, everything else as JSON.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The texts of a value: one per array item, key and value pairs for an
/// object (`k=v` when exploded, `k,v` otherwise), or the scalar itself.
fn items(value: &Value, explode: bool, pair: &str) -> Vec<String> {
    match value {
        Value::Null => Vec::new(),
        Value::Array(list) => list.iter().map(text).collect(),
        Value::Object(map) if explode => map
            .iter()
            .map(|(k, v)| format!("{k}{pair}{}", text(v)))
            .collect(),
        Value::Object(map) => map.iter().flat_map(|(k, v)| [k.clone(), text(v)]).collect(),
        other => vec![text(other)],
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
    /// The crate's `hooks.rs`, called on every request and response.
    pub hooks: Hooks,
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
    http: reqwest::Client,
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
    /// The body, at most `Settings::max_response_bytes` of it.
    pub body: Vec<u8>,
    /// The body was longer than the cap and was cut.
    pub truncated: bool,
    /// The media types the spec promises for a success; empty promises none.
    pub expected: &'static [&'static str],
}

impl Upstream {
    /// Checks the base URL, builds the connection pool and reads the
    /// credentials of `schemes` from the environment.
    pub fn new(settings: Settings, schemes: &'static [SchemeDef]) -> Result<Self, String> {
        let base_url = settings.base_url.as_str();
        let parsed = reqwest::Url::parse(base_url)
            .map_err(|e| format!("`{base_url}` is not an absolute URL: {e}"))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(format!("`{base_url}` must be an http or https URL"));
        }
        // Redirects are followed within the same host only: a redirect
        // elsewhere must not carry the API's credentials along.
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
        let http = reqwest::Client::builder()
            .timeout(settings.timeout)
            .tcp_nodelay(true)
            .redirect(redirects)
            .user_agent(concat!(
                env!("CARGO_PKG_NAME"),
                "/",
                env!("CARGO_PKG_VERSION")
            ))
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
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
        let url = format!("{base}{}", request.path);
        let mut builder = self.http.request(request.method, url);
        let mut query = request.query;
        let mut cookies = request.cookies;
        let mut token = None;
        for credential in credentials {
            match credential {
                Credential::Header(name, value) => builder = builder.header(name, value),
                Credential::Query(name, secret) => {
                    query.push((name.to_string(), secret.expose().to_string()))
                }
                Credential::Cookie(name, secret) => cookies.push(format!(
                    "{name}={}",
                    utf8_percent_encode(secret.expose(), SEGMENT)
                )),
                Credential::Token(source, value) => {
                    builder = builder.header(reqwest::header::AUTHORIZATION, value.clone());
                    token = Some((source, value));
                }
            }
        }
        if !query.is_empty() {
            builder = builder.query(&query);
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
        let mut response = self
            .http
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
            response = self
                .http
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

/// Deserializes tool arguments into their typed struct. The error names the
/// offending argument, with its path for nested values.
pub fn parse_args<T: DeserializeOwned>(arguments: Option<Map<String, Value>>) -> Result<T, String> {
    serde_path_to_error::deserialize(Value::Object(arguments.unwrap_or_default())).map_err(|e| {
        let path = e.path().to_string();
        if path == "." {
            format!("invalid arguments: {}", e.into_inner())
        } else {
            format!("invalid argument `{path}`: {}", e.into_inner())
        }
    })
}

/// Deserializes a present field, `null` included, as `Some`; with
/// `#[serde(default)]` an absent field stays `None`. So an optional nullable
/// field can tell "leave it" from "set it to null".
pub fn absent_or_null<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(deserializer).map(Some)
}

/// How the text of a URI template variable becomes a JSON argument.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// A JSON string, as it is.
    Text,
    /// A JSON integer; other text is refused.
    Integer,
    /// A JSON number; other text is refused.
    Number,
    /// `true` or `false`; other text is refused.
    Boolean,
    /// JSON text, parsed; text that is not JSON stays a string.
    Json,
    /// A comma-separated list of strings.
    TextList,
    /// A comma-separated list of integers.
    IntegerList,
    /// A comma-separated list of numbers.
    NumberList,
    /// A comma-separated list of booleans.
    BooleanList,
}

/// One part of a URI template's path: literal text or a variable.
pub enum Piece {
    /// Text the URI must contain as it is.
    Literal(&'static str),
    /// A `{name}` variable: one path segment, percent-decoded.
    Var(&'static str, Kind),
}

/// An RFC 6570 template of the forms `scheme://a/{x}/b{?q,r}`.
pub struct UriTemplate {
    /// The part before the query, scheme and authority included.
    pub pieces: &'static [Piece],
    /// The variables of the `{?a,b}` expression, in order.
    pub query: &'static [(&'static str, Kind)],
    /// The JSON Schema of the variables, as a tool would have it.
    pub schema: &'static str,
}

impl UriTemplate {
    /// Checks a read's arguments against the schema, as a tool call's are.
    /// The schema is small and reads are rare next to calls, so it is
    /// parsed on each read rather than kept.
    pub fn check(&self, arguments: Map<String, Value>) -> Result<Map<String, Value>, String> {
        let schema: Map<String, Value> =
            serde_json::from_str(self.schema).map_err(|e| e.to_string())?;
        crate::validate::check(&schema, &arguments)?;
        Ok(arguments)
    }

    /// The arguments in `uri` if it matches; an error if it matches but a
    /// value has the wrong type.
    pub fn matches(&self, uri: &str) -> Option<Result<Map<String, Value>, String>> {
        let (path, query) = match uri.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (uri, None),
        };
        let mut args = Map::new();
        let mut rest = path;
        for (i, piece) in self.pieces.iter().enumerate() {
            match piece {
                Piece::Literal(text) => rest = rest.strip_prefix(text)?,
                Piece::Var(name, kind) => {
                    let end = match self.pieces.get(i + 1) {
                        Some(Piece::Literal(next)) => rest.find(next)?,
                        _ => rest.len(),
                    };
                    let raw = &rest[..end];
                    if raw.is_empty() || raw.contains('/') {
                        return None;
                    }
                    match coerce(name, &decode(raw), *kind) {
                        Ok(v) => args.insert(name.to_string(), v),
                        Err(e) => return Some(Err(e)),
                    };
                    rest = &rest[end..];
                }
            }
        }
        if !rest.is_empty() {
            return None;
        }
        for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (key, raw) = pair.split_once('=').unwrap_or((pair, ""));
            let key = decode(key);
            let Some((name, kind)) = self.query.iter().find(|(n, _)| *n == key) else {
                continue;
            };
            let value = match coerce(name, &decode(raw), *kind) {
                Ok(v) => v,
                Err(e) => return Some(Err(e)),
            };
            match (args.get_mut(*name), value) {
                (Some(Value::Array(existing)), Value::Array(more)) => existing.extend(more),
                (_, value) => {
                    args.insert(name.to_string(), value);
                }
            }
        }
        Some(Ok(args))
    }
}

fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

fn coerce(name: &str, text: &str, kind: Kind) -> Result<Value, String> {
    let scalar = |kind: Kind, text: &str| -> Result<Value, String> {
        let bad = |what: &str| format!("`{name}` must be {what}, not `{text}`");
        match kind {
            Kind::Integer | Kind::IntegerList => text
                .parse::<i64>()
                .map(Value::from)
                .map_err(|_| bad("an integer")),
            Kind::Number | Kind::NumberList => text
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number)
                .ok_or_else(|| bad("a number")),
            Kind::Boolean | Kind::BooleanList => text
                .parse::<bool>()
                .map(Value::Bool)
                .map_err(|_| bad("`true` or `false`")),
            Kind::Json => {
                Ok(serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string())))
            }
            Kind::Text | Kind::TextList => Ok(Value::String(text.to_string())),
        }
    };
    match kind {
        Kind::TextList | Kind::IntegerList | Kind::NumberList | Kind::BooleanList => text
            .split(',')
            .map(|item| scalar(kind, item))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        _ => scalar(kind, text),
    }
}

/// Runs one tool call: typed arguments first, so a bad argument is refused
/// before any upstream request, then the call, then the result.
pub async fn call_tool<A, F, Fut>(arguments: Option<JsonObject>, call: F) -> CallToolResult
where
    A: DeserializeOwned,
    F: FnOnce(A) -> Fut,
    Fut: Future<Output = Result<ApiResponse, CallError>>,
{
    let args = match parse_args(arguments) {
        Ok(args) => args,
        Err(message) => return CallToolResult::error(vec![ContentBlock::text(message)]),
    };
    match call(args).await {
        Ok(response) => response.into_tool_result(),
        Err(error) => CallToolResult::error(vec![ContentBlock::text(error.to_string())]),
    }
}

/// Runs one resource read with the arguments taken from its URI.
pub async fn read_resource<A, F, Fut>(
    uri: &str,
    arguments: Result<JsonObject, String>,
    mime_type: &str,
    call: F,
) -> Result<ReadResourceResult, McpError>
where
    A: DeserializeOwned,
    F: FnOnce(A) -> Fut,
    Fut: Future<Output = Result<ApiResponse, CallError>>,
{
    let args = arguments
        .and_then(|arguments| parse_args(Some(arguments)))
        .map_err(|message| McpError::invalid_params(format!("{uri}: {message}"), None))?;
    let response = call(args).await.map_err(|error| match error {
        CallError::Argument { .. } => McpError::invalid_params(format!("{uri}: {error}"), None),
        CallError::Upstream(_) | CallError::Credentials(_) => {
            McpError::internal_error(format!("{uri}: {error}"), None)
        }
    })?;
    let status = response.status;
    if status.is_success() {
        if let Some(problem) = response.problem() {
            return Err(McpError::internal_error(format!("{uri}: {problem}"), None));
        }
        let mime_type = response
            .content_type
            .as_deref()
            .unwrap_or(mime_type)
            .to_string();
        let contents = if response.is_text() {
            ResourceContents::text(response.text(), uri)
        } else {
            ResourceContents::blob(response.base64(), uri)
        };
        return Ok(ReadResourceResult::new(vec![
            contents.with_mime_type(mime_type),
        ]));
    }
    let message = format!("{uri}: the API answered HTTP {status}: {}", response.text());
    let data = Some(serde_json::json!({ "status": status.as_u16() }));
    Err(match status.as_u16() {
        404 | 410 => McpError::resource_not_found(message, data),
        400..=499 => McpError::invalid_params(message, data),
        _ => McpError::internal_error(message, data),
    })
}

/// How GETs that can be both tools and resources reach clients (the
/// server's `--get-as`): hosts differ in what they read. Claude Desktop
/// reads no resource templates and Cursor no resources, so their users need
/// GETs as tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GetAs {
    /// Resources and resource templates: the MCP-native mapping.
    Resources,
    /// Tools.
    Tools,
    /// Both.
    Both,
}

impl GetAs {
    /// Whether clients see a tool; `switchable` marks the tool of a GET
    /// that is also a resource or template.
    pub fn shows_tool(self, switchable: bool) -> bool {
        !switchable || self != GetAs::Resources
    }

    /// Whether clients see a resource or resource template; `switchable`
    /// marks one of a GET that is also a tool.
    pub fn shows_resource(self, switchable: bool) -> bool {
        !switchable || self != GetAs::Tools
    }

    /// A prompt text for this mode: mcp-gen starts a line about a GET's tool
    /// with `\u{1}T` and one about its resource or template with `\u{1}R`;
    /// such a line is kept, without its marker, when clients see what it
    /// names, and dropped otherwise.
    pub fn prompt_text(self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for line in text.split_inclusive('\n') {
            let kept = match line.strip_prefix('\u{1}') {
                Some(rest) if rest.starts_with('T') => self.shows_tool(true).then(|| &rest[1..]),
                Some(rest) if rest.starts_with('R') => {
                    self.shows_resource(true).then(|| &rest[1..])
                }
                _ => Some(line),
            };
            out.push_str(kept.unwrap_or_default());
        }
        out
    }
}

/// A prompt's text with `{argument}`s replaced by their values; a doubled
/// brace is a literal one. An absent optional argument is left empty.
pub fn fill_prompt(
    text: &str,
    arguments: &[(&str, bool)],
    given: Option<&JsonObject>,
) -> Result<String, McpError> {
    let value = |name: &str| -> Option<String> {
        given?.get(name).map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    };
    for &(name, required) in arguments {
        if required && value(name).is_none() {
            return Err(McpError::invalid_params(
                format!("missing prompt argument `{name}`"),
                None,
            ));
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        // A doubled brace is a literal one.
        let doubled = tail.len() > 1 && tail.as_bytes()[1] == tail.as_bytes()[0];
        if doubled {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
        } else if let (true, Some(end)) = (tail.starts_with('{'), tail.find('}')) {
            out.push_str(&value(&tail[1..end]).unwrap_or_default());
            rest = &tail[end + 1..];
        } else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    Ok(out.trim_end().to_string())
}

/// What one resource template variable or prompt argument completes to
/// (MCP `completion/complete`); mcp-gen writes the table from the spec's
/// `enum`, `const` and boolean schemas and the config's prompt `enum`s.
pub struct Completion {
    /// The resource template's URI template, or the prompt's name.
    pub reference: CompletionRef,
    /// The template variable or prompt argument.
    pub argument: &'static str,
    /// Every value, in the order the spec lists them.
    pub values: &'static [&'static str],
}

/// What a completion request refers to (MCP `ref/resource`, `ref/prompt`).
pub enum CompletionRef {
    /// A resource template, by its URI template.
    Template(&'static str),
    /// A prompt, by its name.
    Prompt(&'static str),
}

/// The values of `argument` of `reference` that start with `prefix`
/// (ignoring ASCII case), in table order and at most the 100 the MCP spec
/// allows, with `total` and `hasMore` set. An unknown reference or argument,
/// or one with no known values, completes to an empty list: nothing is
/// known about it, which is not an error.
pub fn complete(
    table: &[Completion],
    reference: &Reference,
    argument: &str,
    prefix: &str,
) -> CompletionInfo {
    let wanted = |c: &&Completion| {
        c.argument == argument
            && match (&c.reference, reference) {
                (CompletionRef::Template(uri), Reference::Resource(r)) => *uri == r.uri,
                (CompletionRef::Prompt(name), Reference::Prompt(p)) => *name == p.name,
                _ => false,
            }
    };
    let prefix = prefix.to_ascii_lowercase();
    let matching: Vec<String> = table
        .iter()
        .find(wanted)
        .map(|c| c.values)
        .unwrap_or_default()
        .iter()
        .filter(|v| v.to_ascii_lowercase().starts_with(&prefix))
        .map(|v| v.to_string())
        .collect();
    let total = matching.len();
    let values: Vec<String> = matching
        .into_iter()
        .take(CompletionInfo::MAX_VALUES)
        .collect();
    CompletionInfo::with_pagination(
        values,
        Some(total as u32),
        total > CompletionInfo::MAX_VALUES,
    )
    .expect("at most MAX_VALUES values are kept")
}

/// Whether a media type the spec gives (`application/json`, `image/*`,
/// `*/*`) admits `actual`. A structured-syntax suffix counts: the spec's
/// `application/json` admits `application/problem+json`.
fn media_matches(expected: &str, actual: &str) -> bool {
    let expected = expected
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let (want_type, want_sub) = expected.split_once('/').unwrap_or((&expected, "*"));
    let (have_type, have_sub) = actual.split_once('/').unwrap_or((actual, ""));
    let type_ok = want_type == "*" || want_type == have_type;
    let sub_ok = want_sub == "*"
        || want_sub == have_sub
        || have_sub
            .rsplit_once('+')
            .is_some_and(|(_, suffix)| suffix == want_sub)
        || want_sub
            .rsplit_once('+')
            .is_some_and(|(_, suffix)| suffix == have_sub);
    type_ok && sub_ok
}

/// The error for a tool name this server does not have.
pub fn unknown_tool(name: &str) -> McpError {
    McpError::invalid_params(format!("unknown tool `{name}`"), None)
}

/// The error for a URI that matches no resource or template.
pub fn unknown_resource(uri: &str) -> McpError {
    McpError::resource_not_found(
        format!("no resource or resource template matches `{uri}`"),
        Some(serde_json::json!({ "uri": uri })),
    )
}

impl ApiResponse {
    /// The body as text; bytes that are not UTF-8 are replaced.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body, base64-encoded.
    pub fn base64(&self) -> String {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(&self.body)
    }

    /// The media type without parameters, lowercased.
    fn essence(&self) -> String {
        let ct = self.content_type.as_deref().unwrap_or("");
        ct.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    }

    /// Whether the body is text: by its media type, or, when the API names
    /// none, by being valid UTF-8.
    pub fn is_text(&self) -> bool {
        let essence = self.essence();
        if essence.is_empty() {
            return std::str::from_utf8(&self.body).is_ok();
        }
        essence.starts_with("text/")
            || essence.contains("json")
            || essence.contains("xml")
            || essence.contains("javascript")
            || essence.contains("yaml")
            || essence.contains("csv")
            || essence == "application/x-www-form-urlencoded"
    }

    /// A success carries the body: JSON as text, plus `structuredContent`
    /// when it is an object. Any other status is an error result with the
    /// status and the body, so the model sees what the API said.
    pub fn into_tool_result(self) -> CallToolResult {
        if self.status.is_success()
            && let Some(problem) = self.problem()
        {
            return CallToolResult::error(vec![ContentBlock::text(problem)]);
        }
        self.result()
    }

    /// Why a success cannot be passed on as it is: a body cut at the size
    /// cap, a media type the spec does not promise, or JSON that does not
    /// parse. The message quotes the start of the body.
    pub fn problem(&self) -> Option<String> {
        let start = || {
            let text = self.text();
            let cut: String = text.chars().take(500).collect();
            if cut.len() < text.len() {
                format!("{cut}...")
            } else {
                cut
            }
        };
        if self.truncated {
            return Some(format!(
                "the API's response is longer than the server's limit of {} bytes (--max-response-bytes); it starts: {}",
                self.body.len(),
                start()
            ));
        }
        if self.body.is_empty() {
            return None;
        }
        let essence = self.essence();
        if !essence.is_empty()
            && !self.expected.is_empty()
            && !self.expected.iter().any(|e| media_matches(e, &essence))
        {
            return Some(format!(
                "the API answered with `{essence}`, but the spec promises {}: {}",
                self.expected
                    .iter()
                    .map(|e| format!("`{e}`"))
                    .collect::<Vec<_>>()
                    .join(" or "),
                start()
            ));
        }
        let json = essence.contains("json")
            || (essence.is_empty() && self.expected.iter().any(|e| e.contains("json")));
        if json && let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(&self.body) {
            return Some(format!("the API sent malformed JSON ({e}): {}", start()));
        }
        None
    }

    fn result(self) -> CallToolResult {
        if !self.status.is_success() {
            let mut text = format!("HTTP {}", self.status);
            if self.is_text() && !self.body.is_empty() {
                text.push('\n');
                text.push_str(&self.text());
            } else if !self.body.is_empty() {
                text.push_str(&format!(
                    " ({} bytes of {})",
                    self.body.len(),
                    self.essence()
                ));
            }
            return CallToolResult::error(vec![ContentBlock::text(text)]);
        }
        if self.body.is_empty() {
            return CallToolResult::success(vec![ContentBlock::text(format!(
                "HTTP {} (no content)",
                self.status
            ))]);
        }
        if !self.is_text() {
            // Images are shown as images; other bytes travel as a blob.
            let essence = self.essence();
            let block = if essence.starts_with("image/") {
                ContentBlock::image(self.base64(), essence)
            } else {
                ContentBlock::resource(
                    ResourceContents::blob(self.base64(), "response:body").with_mime_type(essence),
                )
            };
            return CallToolResult::success(vec![block]);
        }
        match serde_json::from_slice::<Value>(&self.body) {
            Ok(value @ Value::Object(_)) => CallToolResult::structured(value),
            _ => CallToolResult::success(vec![ContentBlock::text(self.text())]),
        }
    }
}
