//! What becomes of a call: its request first, then the upstream
//! response as an MCP tool result or resource contents, or an error that
//! says what the API answered. A submodule of `runtime`, whose items it
//! re-exports.

use rmcp::ErrorData as McpError;
use rmcp::model::{CallToolResult, ContentBlock, JsonObject, ReadResourceResult, ResourceContents};
use serde_json::Value;

use super::discover::ToolDef;
use super::metrics;
use super::jq::{JQ, Jq};
use super::shape::{self, Shaping};
use super::{ApiResponse, CallError, Operation, Upstream};

/// What shaping a call's result needs: its operation's tool (none for a
/// user's own tool) and the server's flags.
#[derive(Debug, Clone, Copy, Default)]
pub struct Plan {
    /// The operation's tool.
    pub tool: Option<&'static ToolDef>,
    /// The server's `--jq`, `--output-schemas` and `--max-result-tokens`.
    pub shaping: Shaping,
}

impl Plan {
    /// Takes the `jq` argument out of `arguments` and parses it, so a
    /// filter that does not parse is refused before any upstream request.
    fn take_jq(&self, arguments: &mut Option<JsonObject>) -> Result<Option<Jq>, String> {
        if !self.shaping.jq || !self.tool.is_some_and(|t| t.jq) {
            return Ok(None);
        }
        match arguments.as_mut().and_then(|a| a.remove(JQ)) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(code)) => Jq::parse(&code).map(Some),
            Some(other) => Err(format!("invalid argument `jq`: must be a string, not {other}")),
        }
    }

    fn advertises_output(&self) -> bool {
        self.shaping.output_schemas && self.tool.is_some_and(|t| !t.output_schema.is_empty())
    }
}

/// Runs one tool call of `operation`: its request first, so a bad argument
/// (or `jq` filter) is refused before any upstream request, then the call,
/// then the result, shaped as `plan` says. The arguments have been checked
/// against the tool's input schema.
pub async fn call_tool(
    arguments: Option<JsonObject>,
    plan: Plan,
    upstream: &Upstream,
    operation: &'static Operation,
) -> CallToolResult {
    let started = std::time::Instant::now();
    let (result, class) = shaped_call(arguments, &plan, upstream, operation).await;
    if let Some(tool) = plan.tool {
        let error = result.is_error == Some(true);
        metrics::record_call(tool.name, started.elapsed(), error, class);
    }
    result
}

/// [`call_tool`], with the status class of the upstream response, if a
/// request was sent.
async fn shaped_call(
    mut arguments: Option<JsonObject>,
    plan: &Plan,
    upstream: &Upstream,
    operation: &'static Operation,
) -> (CallToolResult, Option<&'static str>) {
    let refused = |message: String| (CallToolResult::error(vec![ContentBlock::text(message)]), None);
    let jq = match plan.take_jq(&mut arguments) {
        Ok(jq) => jq,
        Err(message) => return refused(message),
    };
    let given = arguments.unwrap_or_default();
    let request = match operation.request(&given) {
        Ok(request) => request,
        Err(error) => return refused(error.to_string()),
    };
    match upstream.send(request).await {
        Ok(response) => {
            let class = metrics::status_class(Some(response.status.as_u16()));
            (response.into_shaped_result(plan, jq.as_ref(), &given), Some(class))
        }
        Err(error @ CallError::Upstream(_)) => (
            CallToolResult::error(vec![ContentBlock::text(error.to_string())]),
            Some(metrics::status_class(None)),
        ),
        Err(error) => refused(error.to_string()),
    }
}

/// Runs one resource read with the arguments taken from its URI.
/// A template's `jq` variable filters a JSON response as a tool's `jq`
/// argument does, and a long result is cut the same way.
pub async fn read_resource(
    uri: &str,
    arguments: Result<JsonObject, String>,
    mime_type: &str,
    plan: Plan,
    upstream: &Upstream,
    operation: &'static Operation,
) -> Result<ReadResourceResult, McpError> {
    let invalid = |message: String| McpError::invalid_params(format!("{uri}: {message}"), None);
    let mut arguments = Some(arguments.map_err(invalid)?);
    let jq = plan.take_jq(&mut arguments).map_err(invalid)?;
    let request = operation
        .request(&arguments.unwrap_or_default())
        .map_err(|error| invalid(error.to_string()))?;
    let response = upstream.send(request).await.map_err(|error| match error {
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
            let body = match jq {
                Some(_) => None,
                None => serde_json::from_slice(&response.body).ok(),
            };
            let text = match response.shaped_json(&plan, jq.as_ref(), body) {
                Some(Ok((value, notes))) => {
                    let mut text = value.to_string();
                    for note in notes {
                        text.push('\n');
                        text.push_str(&note);
                    }
                    text
                }
                Some(Err(message)) => return Err(invalid(message)),
                None => response.shaped_text(&plan),
            };
            ResourceContents::text(text, uri)
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
        self.into_shaped_result(&Plan::default(), None, &JsonObject::new())
    }

    /// [`Self::into_tool_result`], shaped as `plan` says: filtered by `jq`,
    /// cut to the token limit with a note, ended with the next page's
    /// arguments (found from `given`, the call's arguments), and with
    /// `structuredContent` whenever the tool advertises an output schema.
    pub fn into_shaped_result(
        self,
        plan: &Plan,
        jq: Option<&Jq>,
        given: &JsonObject,
    ) -> CallToolResult {
        if self.status.is_success()
            && let Some(problem) = self.problem()
        {
            return CallToolResult::error(vec![ContentBlock::text(problem)]);
        }
        self.result(plan, jq, given)
    }

    /// The JSON body, filtered by `jq` and cut to fit, with the notes that
    /// say what was cut; `None` when the body is not JSON and there is no
    /// filter. `body` is the body already parsed (`None` when it is not
    /// JSON); a filter reads the bytes itself. A filter that fails, or runs
    /// on a body that is not JSON, is an error.
    fn shaped_json(
        &self,
        plan: &Plan,
        jq: Option<&Jq>,
        body: Option<Value>,
    ) -> Option<Result<(Value, Vec<String>), String>> {
        let value = match (jq, body) {
            (Some(jq), _) => match jq.run(&self.body) {
                Ok(value) => value,
                Err(message) => return Some(Err(message)),
            },
            (None, Some(value)) => value,
            (None, None) => return None,
        };
        let max = plan.shaping.max_result_tokens;
        let (value, cuts) = shape::fit(value, max);
        let mut notes = Vec::new();
        if !cuts.is_empty() {
            let cuts: Vec<String> = cuts
                .iter()
                .map(|(pointer, kept, total)| {
                    let at = if pointer.is_empty() { "the result".to_string() } else { format!("`{pointer}`") };
                    format!("{at} kept {kept} of its {total} items")
                })
                .collect();
            let jq_possible = plan.shaping.jq && plan.tool.is_some_and(|t| t.jq);
            notes.push(shape::cut_note(max, &cuts, jq_possible, plan.tool.and_then(|t| t.page_size)));
        }
        Some(Ok((value, notes)))
    }

    /// A text body, cut at a line to fit, with a note.
    fn shaped_text(&self, plan: &Plan) -> String {
        let text = self.text();
        let max = plan.shaping.max_result_tokens;
        match shape::fit_text(&text, max) {
            None => text,
            Some((mut kept, lines, total)) => {
                let cut = format!("the text kept {lines} of its {total} lines");
                kept.push_str(&shape::cut_note(max, &[cut], false, plan.tool.and_then(|t| t.page_size)));
                kept
            }
        }
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

    fn result(self, plan: &Plan, jq: Option<&Jq>, given: &JsonObject) -> CallToolResult {
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
        // A tool that advertises an output schema always sends
        // `structuredContent` (clients require it): the result when it is an
        // object, else the result under `result`. Its schema is tolerant, so
        // both validate.
        let advertised = plan.advertises_output();
        let structured = |value: Option<Value>| match value {
            Some(value @ Value::Object(_)) => Some(value),
            Some(value) if advertised => Some(serde_json::json!({ "result": value })),
            None if advertised => Some(Value::Object(JsonObject::new())),
            _ => None,
        };
        let finish = |content: Vec<ContentBlock>, value: Option<Value>| {
            let mut result = CallToolResult::success(content);
            result.structured_content = structured(value);
            result
        };
        if self.body.is_empty() && jq.is_none() {
            return finish(
                vec![ContentBlock::text(format!("HTTP {} (no content)", self.status))],
                None,
            );
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
            return finish(vec![block], None);
        }
        // Parsed once: for the result, and for the next page, which reads
        // the body before any `jq` filter.
        let body = serde_json::from_slice::<Value>(&self.body).ok();
        let next = match (plan.tool, &body) {
            (Some(tool), Some(body)) => {
                // Only a `Link` URL needs the argument names.
                let params = match self.link {
                    Some(_) => tool.argument_names(),
                    None => Vec::new(),
                };
                shape::next_page(tool.paging, given, body, self.link.as_deref(), &params)
                    .map(|next| shape::next_page_note(tool.name, &next))
            }
            _ => None,
        };
        let Some(shaped) = self.shaped_json(plan, jq, body) else {
            return finish(vec![ContentBlock::text(self.shaped_text(plan))], None);
        };
        let (value, notes) = match shaped {
            Ok(shaped) => shaped,
            Err(message) => return CallToolResult::error(vec![ContentBlock::text(message)]),
        };
        let mut content = vec![ContentBlock::text(value.to_string())];
        content.extend(notes.into_iter().map(ContentBlock::text));
        let mut meta = None;
        if let Some((line, entry)) = next {
            content.push(ContentBlock::text(line));
            let mut object = rmcp::model::MetaObject::new();
            object.0.insert("nextPage".into(), entry);
            meta = Some(object);
        }
        let mut result = finish(content, Some(value));
        result.meta = meta;
        result
    }
}
