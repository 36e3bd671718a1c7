//! The legacy HTTP+SSE transport of MCP 2024-11-05, for clients that
//! predate Streamable HTTP: `GET /sse` opens an event stream whose first
//! event, `endpoint`, names the URL to post to (`/messages?sessionId=…`);
//! the client posts each JSON-RPC message there (202 Accepted) and reads
//! every answer from the stream as a `message` event. rmcp has no server
//! side for it, so it is built here on rmcp's [`Transport`] trait: one
//! session per stream, served by its own copy of the server. mcp-gen
//! copies this file into every crate it generates, unchanged, from the
//! `mcp-gen-runtime` crate where it is tested.
//!
//! Both routes pass the same `Host` and `Origin` checks as the Streamable
//! HTTP endpoint, and sit behind the same authentication
//! ([`crate::http::app`]); a posted message is bounded by the same size.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures_util::stream::{self, Stream, StreamExt};
use rmcp::service::{RoleServer, RxJsonRpcMessage, ServiceExt, TxJsonRpcMessage};
use rmcp::transport::Transport;
use rmcp::ServerHandler;
use rmcp::model::GetExtensions;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// The settings both routes check requests against.
#[derive(Debug, Clone)]
pub struct SseConfig {
    /// `Host` names (or `host:port`) accepted, as `--allowed-host`.
    pub allowed_hosts: Vec<String>,
    /// Browser `Origin`s accepted (`scheme://host:port`, `:*` for any
    /// port), as `--allowed-origin`; a request without `Origin` passes.
    pub allowed_origins: Vec<String>,
    /// The largest posted message, in bytes.
    pub max_body: usize,
    /// Cancelled at shutdown: every session ends.
    pub shutdown: CancellationToken,
}

/// The open sessions: each stream's inbox, by session id.
type Sessions = Arc<Mutex<HashMap<String, mpsc::Sender<RxJsonRpcMessage<RoleServer>>>>>;

struct Shared<S> {
    config: SseConfig,
    sessions: Sessions,
    server: S,
}

/// The routes `GET /sse` and `POST /messages`, each session served by a
/// clone of `server`.
pub fn router<S>(server: S, config: SseConfig) -> axum::Router
where
    S: ServerHandler + Clone + Send + Sync + 'static,
{
    let shared = Arc::new(Shared {
        config,
        sessions: Arc::default(),
        server,
    });
    axum::Router::new()
        .route("/sse", get(open::<S>))
        .route("/messages", post(message::<S>))
        .with_state(shared)
}

/// The server's side of one session: messages posted for it come in, and
/// its messages go out on the event stream.
struct Channels {
    inbox: mpsc::Receiver<RxJsonRpcMessage<RoleServer>>,
    outbox: mpsc::Sender<TxJsonRpcMessage<RoleServer>>,
}

impl Transport<RoleServer> for Channels {
    type Error = std::io::Error;

    fn send(
        &mut self,
        item: TxJsonRpcMessage<RoleServer>,
    ) -> impl Future<Output = Result<(), Self::Error>> + Send + 'static {
        let outbox = self.outbox.clone();
        async move {
            outbox.send(item).await.map_err(|_| {
                std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client closed its event stream")
            })
        }
    }

    fn receive(&mut self) -> impl Future<Output = Option<RxJsonRpcMessage<RoleServer>>> + Send {
        self.inbox.recv()
    }

    async fn close(&mut self) -> Result<(), Self::Error> {
        self.inbox.close();
        Ok(())
    }
}

/// Ends a session when its event stream is dropped (the client left).
struct Closer {
    id: String,
    sessions: Sessions,
    done: CancellationToken,
}

impl Drop for Closer {
    fn drop(&mut self) {
        if let Ok(mut sessions) = self.sessions.lock() {
            sessions.remove(&self.id);
        }
        self.done.cancel();
    }
}

/// `GET /sse`: a new session and its event stream.
async fn open<S>(State(shared): State<Arc<Shared<S>>>, headers: HeaderMap) -> Response
where
    S: ServerHandler + Clone + Send + Sync + 'static,
{
    if let Some(refused) = refusal(&shared.config, &headers) {
        return refused;
    }
    let id = uuid::Uuid::new_v4().simple().to_string();
    let (inbox_tx, inbox) = mpsc::channel(64);
    let (outbox, outbox_rx) = mpsc::channel(64);
    if let Ok(mut sessions) = shared.sessions.lock() {
        sessions.insert(id.clone(), inbox_tx);
    }
    let done = CancellationToken::new();
    let closer = Closer {
        id: id.clone(),
        sessions: shared.sessions.clone(),
        done: done.clone(),
    };
    let server = shared.server.clone();
    let shutdown = shared.config.shutdown.clone();
    tokio::spawn(async move {
        let running = match server.serve(Channels { inbox, outbox }).await {
            Ok(running) => running,
            Err(e) => {
                tracing::debug!("SSE session ended before it began: {e}");
                return;
            }
        };
        let cancel = running.cancellation_token();
        tokio::select! {
            _ = running.waiting() => {}
            () = done.cancelled() => cancel.cancel(),
            () = shutdown.cancelled() => cancel.cancel(),
        }
    });
    let endpoint = Event::default()
        .event("endpoint")
        .data(format!("/messages?sessionId={id}"));
    let messages = stream::unfold((outbox_rx, closer), |(mut rx, closer)| async move {
        let message = rx.recv().await?;
        let event = Event::default()
            .event("message")
            .data(serde_json::to_string(&message).unwrap_or_default());
        Some((Ok::<_, Infallible>(event), (rx, closer)))
    });
    let events: std::pin::Pin<Box<dyn Stream<Item = Result<Event, Infallible>> + Send>> =
        Box::pin(stream::once(async { Ok(endpoint) }).chain(messages));
    Sse::new(events)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

/// The `sessionId` of a `/messages` URL's query.
fn session_id(request: &Request) -> Option<String> {
    request.uri().query()?.split('&').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        (name == "sessionId").then(|| value.to_string())
    })
}

/// `POST /messages?sessionId=…`: one JSON-RPC message for a session, with
/// the HTTP request's parts in its extensions, as the Streamable HTTP
/// transport gives them (the server reads headers and grants there).
async fn message<S>(State(shared): State<Arc<Shared<S>>>, request: Request) -> Response
where
    S: ServerHandler + Clone + Send + Sync + 'static,
{
    if let Some(refused) = refusal(&shared.config, request.headers()) {
        return refused;
    }
    let id = session_id(&request).unwrap_or_default();
    let inbox = shared.sessions.lock().ok().and_then(|sessions| sessions.get(&id).cloned());
    let Some(inbox) = inbox else {
        return (StatusCode::NOT_FOUND, "no such session").into_response();
    };
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, shared.config.max_body).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let mut message: RxJsonRpcMessage<RoleServer> = match serde_json::from_slice(&bytes) {
        Ok(message) => message,
        Err(e) => return (StatusCode::BAD_REQUEST, format!("not a JSON-RPC message: {e}")).into_response(),
    };
    match &mut message {
        rmcp::model::ClientJsonRpcMessage::Request(request) => {
            request.request.extensions_mut().insert(parts);
        }
        rmcp::model::ClientJsonRpcMessage::Notification(notification) => {
            notification.notification.extensions_mut().insert(parts);
        }
        _ => {}
    }
    match inbox.send(message).await {
        Ok(()) => StatusCode::ACCEPTED.into_response(),
        Err(_) => (StatusCode::GONE, "the session has ended").into_response(),
    }
}

/// The `Host` and `Origin` checks of the Streamable HTTP endpoint, against
/// DNS rebinding and cross-site requests: a 403 response when either is
/// not allowed.
fn refusal(config: &SseConfig, headers: &HeaderMap) -> Option<Response> {
    let forbidden = |what: &str| Some((StatusCode::FORBIDDEN, format!("{what} is not allowed")).into_response());
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
    if !host_allowed(&config.allowed_hosts, host) {
        return forbidden("this Host");
    }
    let origin = headers.get(header::ORIGIN).map(|o| o.to_str().unwrap_or_default());
    if origin.is_some_and(|origin| !origin_allowed(&config.allowed_origins, origin)) {
        return forbidden("this Origin");
    }
    None
}

/// `host` (`name` or `name:port`) against entries that are names (any
/// port) or `name:port`.
fn host_allowed(allowed: &[String], host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    let name = split_port(&host).0;
    allowed.iter().any(|entry| {
        let entry = entry.to_ascii_lowercase();
        match split_port(&entry) {
            (_, Some(_)) => entry == host,
            (entry_name, None) => entry_name == name,
        }
    })
}

/// `origin` (`scheme://host[:port]`) against entries of the same form,
/// where the port `*` is any port and a missing port is the scheme's own
/// on the origin's side and any port on the entry's (RFC 6454 §4).
fn origin_allowed(allowed: &[String], origin: &str) -> bool {
    let parse = |text: &str| -> Option<(String, String, Option<String>)> {
        let (scheme, rest) = text.split_once("://")?;
        let (name, port) = split_port(rest.trim_end_matches('/'));
        Some((scheme.to_ascii_lowercase(), name.to_ascii_lowercase(), port.map(str::to_string)))
    };
    let Some((scheme, name, port)) = parse(origin) else {
        return allowed.iter().any(|entry| entry == origin);
    };
    let port = port.unwrap_or_else(|| if scheme == "https" { "443" } else { "80" }.to_string());
    allowed.iter().filter_map(|entry| parse(entry)).any(|(s, n, p)| {
        s == scheme && n == name && p.as_deref().is_none_or(|p| p == "*" || p == port)
    })
}

/// `name` and `port` of `name:port`, `[v6]:port`, `name` or `[v6]`.
fn split_port(authority: &str) -> (&str, Option<&str>) {
    if let Some(rest) = authority.strip_prefix('[') {
        return match rest.split_once(']') {
            Some((name, tail)) => (name, tail.strip_prefix(':')),
            None => (authority, None),
        };
    }
    match authority.rsplit_once(':') {
        Some((name, port)) if !name.contains(':') => (name, Some(port)),
        _ => (authority, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn hosts_match_by_name_or_authority() {
        let allowed = list(&["localhost", "127.0.0.1", "::1", "mcp.example:8443"]);
        assert!(host_allowed(&allowed, "localhost:8000"));
        assert!(host_allowed(&allowed, "127.0.0.1"));
        assert!(host_allowed(&allowed, "[::1]:9"));
        assert!(host_allowed(&allowed, "mcp.example:8443"));
        assert!(!host_allowed(&allowed, "mcp.example:80"));
        assert!(!host_allowed(&allowed, "evil.example"));
        assert!(!host_allowed(&allowed, ""));
    }

    #[test]
    fn origins_match_scheme_host_and_port() {
        let allowed = list(&["http://localhost:*", "https://app.example"]);
        assert!(origin_allowed(&allowed, "http://localhost:6274"));
        assert!(origin_allowed(&allowed, "https://app.example:443"));
        assert!(!origin_allowed(&allowed, "https://localhost:6274"));
        assert!(!origin_allowed(&allowed, "http://evil.example"));
        assert!(!origin_allowed(&allowed, "null"));
    }
}
