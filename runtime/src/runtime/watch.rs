//! A request the client can cancel, follow and trace: MCP cancellation
//! (`notifications/cancelled`) and progress (`notifications/progress`), as
//! the 2025-06-18 revision's utilities describe them, and the W3C Trace
//! Context `traceparent` of the request, passed on to the API. A submodule
//! of `runtime`, whose items it re-exports.

use std::future::Future;
use std::time::Duration;

use rmcp::ErrorData as McpError;
use rmcp::RoleServer;
use rmcp::model::ProgressNotificationParam;
use rmcp::service::RequestContext;

/// How long a call runs before its first progress notification, and the
/// time between the ones that follow.
pub const PROGRESS_INTERVAL: Duration = Duration::from_secs(1);

tokio::task_local! {
    /// The `traceparent` of the MCP request being served.
    static TRACEPARENT: Option<reqwest::header::HeaderValue>;
}

/// The `traceparent` of the MCP request being served, if it carries one.
pub(super) fn traceparent() -> Option<reqwest::header::HeaderValue> {
    TRACEPARENT.try_with(Clone::clone).ok().flatten()
}

/// A request's `traceparent`: its `_meta.traceparent` (SEP-414), or else
/// the HTTP request's `traceparent` header. A value that is not a valid
/// header is ignored.
fn traceparent_of(context: &RequestContext<RoleServer>) -> Option<reqwest::header::HeaderValue> {
    let from_meta = context
        .meta
        .0
        .get("traceparent")
        .and_then(serde_json::Value::as_str)
        .and_then(|v| reqwest::header::HeaderValue::from_str(v).ok());
    from_meta.or_else(|| {
        context
            .extensions
            .get::<axum::http::request::Parts>()
            .and_then(|parts| parts.headers.get("traceparent"))
            .and_then(|v| reqwest::header::HeaderValue::from_bytes(v.as_bytes()).ok())
    })
}

/// Runs `work` for the request of `context`.
///
/// - Its upstream requests carry the request's `traceparent`.
/// - When the client cancels the request, `work` is dropped at once: its
///   upstream request is aborted (the connection is closed) and its
///   concurrency slot is freed. The answer is an error no client reads,
///   since a cancelled request gets no response.
/// - When the request carries a `progressToken`, a notification goes every
///   [`PROGRESS_INTERVAL`] while `work` runs, with the seconds elapsed as
///   `progress` (no `total`: an upstream call says nothing of how far along
///   it is).
pub async fn watched<T>(
    context: &RequestContext<RoleServer>,
    work: impl Future<Output = Result<T, McpError>>,
) -> Result<T, McpError> {
    let progress = async {
        let Some(token) = context.meta.get_progress_token() else {
            return std::future::pending().await;
        };
        let mut ticks = tokio::time::interval_at(
            tokio::time::Instant::now() + PROGRESS_INTERVAL,
            PROGRESS_INTERVAL,
        );
        let mut elapsed = 0.0;
        loop {
            ticks.tick().await;
            elapsed += PROGRESS_INTERVAL.as_secs_f64();
            let note = ProgressNotificationParam::new(token.clone(), elapsed)
                .with_message(format!("waiting for the API ({elapsed:.0} s)"));
            // A client that went away cannot be told; the call goes on.
            let _ = context.peer.notify_progress(note).await;
        }
    };
    let work = TRACEPARENT.scope(traceparent_of(context), work);
    tokio::select! {
        result = work => result,
        () = context.ct.cancelled() => Err(McpError::internal_error("the client cancelled the request", None)),
        never = progress => never,
    }
}
