//! The HTTP server around the MCP endpoint: who may call it (a static
//! bearer token, or OAuth 2.1 access tokens through [`crate::oauth`]), and
//! the routes an orchestrator uses, outside that check: `/healthz`
//! (liveness), `/readyz` (readiness) and `/metrics` (Prometheus text), plus
//! the Protected Resource Metadata of RFC 9728. mcp-gen copies this file
//! into every crate it generates, unchanged, from the `mcp-gen-runtime`
//! crate where it is tested.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::Value;

use crate::oauth::{Refusal, ResourceServer};
use crate::runtime::HttpClient;

/// How MCP clients prove who they are.
#[derive(Clone)]
pub enum ClientAuth {
    /// Anyone who reaches the endpoint may call it.
    Open,
    /// `Authorization: Bearer <token>` with this one shared token.
    Token(Arc<[u8]>),
    /// OAuth 2.1 access tokens the resource server checks; `scopes` gives
    /// the scopes a tool (or `call_operation`'s operation) requires, and
    /// `max_body` bounds the request body read to find the tool.
    OAuth {
        /// The resource server.
        server: Arc<ResourceServer>,
        /// The OAuth scopes each tool requires.
        scopes: fn(&str) -> &'static [&'static str],
        /// The most bytes of a request body read (`--max-request-bytes`).
        max_body: usize,
    },
}

/// The routes outside the MCP endpoint.
#[derive(Debug, Clone, Default)]
pub struct Probes {
    /// Serve `/healthz` and `/readyz`.
    pub health: bool,
    /// Serve `/metrics`.
    pub metrics: bool,
    /// `/readyz` also checks that this URL (the API's base URL) answers at
    /// all, within two seconds.
    pub ready_url: Option<String>,
}

/// The server's router: `mcp` (the MCP endpoint's routes) behind `auth`,
/// and the `probes` and the OAuth metadata beside it, open to all.
pub fn app(mcp: axum::Router, auth: ClientAuth, probes: Probes, http: HttpClient) -> axum::Router {
    let mut app = match &auth {
        ClientAuth::Open => mcp,
        _ => mcp.layer(axum::middleware::from_fn_with_state(auth.clone(), authorize)),
    };
    if let ClientAuth::OAuth { server, .. } = &auth {
        let document = server.metadata().to_string();
        let path = server
            .metadata_url()
            .split_once("://")
            .and_then(|(_, rest)| rest.split_once('/'))
            .map(|(_, path)| format!("/{path}"))
            .unwrap_or_default();
        let serve = move || {
            let document = document.clone();
            async move { ([(header::CONTENT_TYPE, "application/json")], document) }
        };
        // The path-suffixed location clients derive from the resource URL,
        // and the bare one older clients try.
        app = app.route("/.well-known/oauth-protected-resource", get(serve.clone()));
        if path != "/.well-known/oauth-protected-resource" && !path.is_empty() {
            app = app.route(&path, get(serve));
        }
    }
    if probes.health {
        app = app.route("/healthz", get(|| async { "ok\n" }));
        let ready_url = probes.ready_url.clone();
        app = app.route(
            "/readyz",
            get(move || {
                let (url, http) = (ready_url.clone(), http.clone());
                async move { ready(url.as_deref(), &http).await }
            }),
        );
    }
    if probes.metrics {
        app = app.route(
            "/metrics",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
                    crate::runtime::render_metrics(),
                )
            }),
        );
    }
    app
}

/// Readiness: ready unless the API's base URL, when given, gives no HTTP
/// answer (of any status) within two seconds.
async fn ready(url: Option<&str>, http: &HttpClient) -> Response {
    let Some(url) = url else {
        return "ready\n".into_response();
    };
    let http = match http.client() {
        Ok(http) => http,
        Err(e) => return (StatusCode::SERVICE_UNAVAILABLE, format!("{e}\n")).into_response(),
    };
    match http.get(url).timeout(Duration::from_secs(2)).send().await {
        Ok(_) => "ready\n".into_response(),
        Err(e) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("the API at {url} does not answer: {}\n", crate::runtime::describe(&e)),
        )
            .into_response(),
    }
}

/// The bearer token of a request (RFC 6750 §2.1; the scheme name is
/// case-insensitive, RFC 9110 §11.1).
fn bearer(request: &Request) -> Option<&[u8]> {
    let value = request.headers().get(header::AUTHORIZATION)?.as_bytes();
    (value.len() > 7 && value[..7].eq_ignore_ascii_case(b"bearer ")).then(|| &value[7..])
}

/// Refuses MCP requests without a valid credential. A static token is
/// compared in constant time. An OAuth token is checked, its grant is
/// added to the request's extensions (the server reads it to hide tools),
/// and a `tools/call` of a tool that needs scopes the token lacks is
/// refused with 403.
async fn authorize(State(auth): State<ClientAuth>, request: Request, next: Next) -> Response {
    match auth {
        ClientAuth::Open => next.run(request).await,
        ClientAuth::Token(token) => {
            let given = bearer(&request).unwrap_or_default();
            let same = given.len() == token.len()
                && std::hint::black_box(given.iter().zip(token.iter()).fold(0u8, |acc, (a, b)| acc | (a ^ b)))
                    == 0;
            if same {
                next.run(request).await
            } else {
                (
                    StatusCode::UNAUTHORIZED,
                    // The body was not read: the connection cannot carry
                    // another request, so the client must not reuse it.
                    [(header::WWW_AUTHENTICATE, "Bearer"), (header::CONNECTION, "close")],
                    "a valid bearer token is required",
                )
                    .into_response()
            }
        }
        ClientAuth::OAuth { server, scopes, max_body } => {
            let refuse = |refusal: Refusal| {
                let status = match refusal {
                    Refusal::InsufficientScope(_) => StatusCode::FORBIDDEN,
                    _ => StatusCode::UNAUTHORIZED,
                };
                let challenge = HeaderValue::from_str(&server.challenge(&refusal))
                    .unwrap_or_else(|_| HeaderValue::from_static("Bearer"));
                // The body may be unread: the client must not reuse the
                // connection.
                let close = HeaderValue::from_static("close");
                (status, [(header::WWW_AUTHENTICATE, challenge), (header::CONNECTION, close)]).into_response()
            };
            let Some(token) = bearer(&request).and_then(|t| std::str::from_utf8(t).ok()) else {
                return refuse(Refusal::Missing);
            };
            let grant = match server.check(token).await {
                Ok(grant) => grant,
                Err(refusal) => return refuse(refusal),
            };
            let (mut parts, body) = request.into_parts();
            let bytes = match axum::body::to_bytes(body, max_body).await {
                Ok(bytes) => bytes,
                Err(_) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
            };
            if let Some(tool) = called_tool(&bytes) {
                let missing = grant.missing(scopes(&tool));
                if !missing.is_empty() {
                    return refuse(Refusal::InsufficientScope(missing));
                }
            }
            parts.extensions.insert(grant);
            next.run(Request::from_parts(parts, Body::from(bytes))).await
        }
    }
}

/// The tool a JSON-RPC `tools/call` message calls; for discovery mode's
/// `call_operation`, the operation it names.
fn called_tool(body: &[u8]) -> Option<String> {
    let message: Value = serde_json::from_slice(body).ok()?;
    if message.get("method")?.as_str()? != "tools/call" {
        return None;
    }
    let params = message.get("params")?;
    let name = params.get("name")?.as_str()?;
    if name == crate::runtime::CALL
        && let Some(operation) = params.pointer("/arguments/name").and_then(Value::as_str)
    {
        return Some(operation.to_string());
    }
    Some(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_called_tool_is_found_in_the_message() {
        let call = br#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"delete_book"}}"#;
        assert_eq!(called_tool(call).as_deref(), Some("delete_book"));
        let meta = br#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"call_operation","arguments":{"name":"delete_book"}}}"#;
        assert_eq!(called_tool(meta).as_deref(), Some("delete_book"));
        assert_eq!(called_tool(br#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#), None);
        assert_eq!(called_tool(b"not json"), None);
    }
}
