// Your code: mcp-gen 0.1.0 created this file once and never overwrites it.
//! Hooks on every upstream request and response, for what the spec cannot
//! say: signing requests, adding tracing headers, redacting responses.
//!
//! Regeneration leaves this file alone, so edits here survive a changed spec.

use crate::runtime::ApiResponse;

/// Called just before each upstream request is sent, credentials included,
/// with the tool name of its operation.
pub fn on_request(_operation: &str, _request: &mut reqwest::Request) {}

/// Called on each upstream response before it becomes an MCP result.
pub fn on_response(_operation: &str, _response: &mut ApiResponse) {}
