// Your code: mcp-gen 0.1.0 created this file once and never overwrites it.
//! Tools of your own, served beside the generated ones: compose several
//! API calls into one, or add a tool the API has no operation for.
//!
//! Regeneration leaves this file alone, so edits here survive a changed spec.

use rmcp::model::{CallToolResult, JsonObject, Tool};
use crate::server::Server;

/// Your tools, listed after the generated ones. A generated tool of the same
/// name wins.
pub fn tools() -> Vec<Tool> {
    Vec::new()
}

/// Runs one of your tools, or returns `None` for a name that is not yours.
/// `server.client()` calls the API with the server's credentials.
pub async fn call(
    _server: &Server,
    _name: &str,
    _arguments: Option<JsonObject>,
) -> Option<CallToolResult> {
    None
}
