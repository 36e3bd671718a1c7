//! A request the client can cancel and follow: MCP cancellation
//! (`notifications/cancelled`) and progress (`notifications/progress`), as
//! the 2025-06-18 revision's utilities describe them. A submodule of
//! `runtime`, whose items it re-exports.

use std::future::Future;
use std::time::Duration;

use rmcp::ErrorData as McpError;
use rmcp::RoleServer;
use rmcp::model::ProgressNotificationParam;
use rmcp::service::RequestContext;

/// How long a call runs before its first progress notification, and the
/// time between the ones that follow.
pub const PROGRESS_INTERVAL: Duration = Duration::from_secs(1);

/// Runs `work` for the request of `context`.
///
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
    tokio::select! {
        result = work => result,
        () = context.ct.cancelled() => Err(McpError::internal_error("the client cancelled the request", None)),
        never = progress => never,
    }
}
