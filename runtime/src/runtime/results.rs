//! What becomes of a call: typed arguments first, then the upstream
//! response as an MCP tool result or resource contents, or an error that
//! says what the API answered. A submodule of `runtime`, whose items it
//! re-exports.

use std::future::Future;

use rmcp::ErrorData as McpError;
use rmcp::model::{CallToolResult, ContentBlock, JsonObject, ReadResourceResult, ResourceContents};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{ApiResponse, CallError, parse_args};

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
