//! A user's own tool, as a user would write it in the generated crate's
//! `src/extra_tools.rs` (scripts/build-generated copies it there): it calls
//! the API through the typed client, so the end-to-end tests cover the
//! typed functions and their argument structs, not only the server's path.

use rmcp::model::{CallToolResult, ContentBlock, JsonObject, Tool};

use crate::server::Server;
use crate::types::{AllNotesArgs, NewNote, WriteNoteArgs};

/// `file_note`: writes a note under a tag, then lists that tag's notes.
pub fn tools() -> Vec<Tool> {
    let schema = serde_json::json!({
        "type": "object",
        "properties": {"text": {"type": "string"}, "tag": {"type": "string"}},
        "required": ["text", "tag"]
    });
    let serde_json::Value::Object(schema) = schema else {
        unreachable!("the schema is an object literal")
    };
    vec![Tool::new(
        "file_note",
        "Write a note under a tag, then list that tag's notes.",
        std::sync::Arc::new(schema),
    )]
}

pub async fn call(server: &Server, name: &str, arguments: Option<JsonObject>) -> Option<CallToolResult> {
    if name != "file_note" {
        return None;
    }
    let arguments = arguments.unwrap_or_default();
    let text = |key: &str| arguments.get(key).and_then(|v| v.as_str()).unwrap_or_default().to_string();
    let tag = text("tag");
    let client = server.client();
    let body = NewNote { text: text("text"), tags: Some(vec![tag.clone()]) };
    let written = client.write_note(WriteNoteArgs { body }).await;
    let listed = client.all_notes(AllNotesArgs { tag: Some(tag) }).await;
    let statuses = [written, listed].map(|r| match r {
        Ok(response) => response.status.as_u16().to_string(),
        Err(error) => error.to_string(),
    });
    Some(CallToolResult::success(vec![ContentBlock::text(statuses.join(" "))]))
}
