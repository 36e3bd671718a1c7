//! The token budget: how much of a model's context the server's lists take.
//!
//! Each tool, resource, template and prompt is counted as the JSON the
//! server sends for it in `tools/list`, `resources/list`,
//! `resources/templates/list` and `prompts/list`, with OpenAI's
//! `o200k_base` BPE (GPT-4o and later; other models' tokenizers give
//! counts within about 10% on JSON and English). The counts decide the
//! server's default tool mode, and the summary, `--json` and the README
//! report them, in total and per toolset.

use serde::Serialize;

use super::prompts::PromptView;
use super::view::{ResourceTemplateView, ResourceView, ToolView};

/// The budget a direct `tools/list` may take before the server starts in
/// discovery mode, in tokens; `[tools] budget` in `mcp-gen.toml` changes it.
pub const DEFAULT_BUDGET: usize = 20_000;

/// Tokens of each list the server sends, under its default `--get-as`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Tokens {
    /// `tools/list` with one tool per operation (`--tool-mode direct`).
    pub tools: usize,
    /// `resources/list`.
    pub resources: usize,
    /// `resources/templates/list`.
    pub resource_templates: usize,
    /// `prompts/list`.
    pub prompts: usize,
    /// `tools/list` in discovery mode: the three meta-tools.
    pub discover: usize,
}

/// The tokens of one text.
pub fn count(text: &str) -> usize {
    bpe_openai::o200k_base().count(text)
}

/// Builds the tokenizer's tables (about 60 ms, decompressing its
/// vocabulary) so that a later [`count`] finds them ready: the pipeline
/// calls this on a helper thread while the spec loads.
pub fn prepare() {
    bpe_openai::o200k_base();
}

/// A JSON string literal.
fn json(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// The tokens of a tool's `tools/list` entry; `schema` is its input schema
/// as the server embeds it.
pub fn tool(t: &ToolView, schema: &str) -> usize {
    let title = t
        .title
        .as_deref()
        .map(|title| format!(r#""title":{},"#, json(title)))
        .unwrap_or_default();
    let output = match t.output_schema.is_empty() {
        true => String::new(),
        false => format!(r#""outputSchema":{},"#, t.output_schema),
    };
    count(&format!(
        r#"{{"name":{},{title}"description":{},"inputSchema":{schema},{output}"annotations":{{"readOnlyHint":{},"destructiveHint":{},"idempotentHint":{},"openWorldHint":{}}}}}"#,
        json(&t.name),
        json(&t.description),
        t.read_only,
        t.destructive,
        t.idempotent,
        t.open_world
    ))
}

fn resource(uri_key: &str, uri: &str, name: &str, description: &str, mime_type: &str) -> usize {
    count(&format!(
        r#"{{"{uri_key}":{},"name":{},"description":{},"mimeType":{}}}"#,
        json(uri),
        json(name),
        json(description),
        json(mime_type)
    ))
}

fn prompt(p: &PromptView) -> usize {
    let arguments: Vec<String> = p
        .arguments
        .iter()
        .map(|a| {
            format!(
                r#"{{"name":{},"description":{},"required":{}}}"#,
                json(&a.name),
                json(&a.description),
                a.required
            )
        })
        .collect();
    count(&format!(
        r#"{{"name":{},"description":{},"arguments":[{}]}}"#,
        json(&p.name),
        json(&p.description),
        arguments.join(",")
    ))
}

/// Counts every list; `tool_tokens` holds each tool's own count, in the
/// order of `tools`, for the per-toolset sums. Only what clients see under
/// the default `--get-as` counts.
pub fn tokens(
    tools: &[ToolView],
    tool_tokens: &[usize],
    resources: &[ResourceView],
    resource_templates: &[ResourceTemplateView],
    prompts: &[PromptView],
    discover_tools: &str,
) -> Tokens {
    Tokens {
        tools: tools
            .iter()
            .zip(tool_tokens)
            .filter(|(t, _)| t.listed)
            .map(|(_, n)| n)
            .sum(),
        resources: resources
            .iter()
            .filter(|r| r.listed)
            .map(|r| resource("uri", &r.uri, &r.name, &r.description, &r.mime_type))
            .sum(),
        resource_templates: resource_templates
            .iter()
            .filter(|t| t.listed)
            .map(|t| {
                resource(
                    "uriTemplate",
                    &t.uri_template,
                    &t.name,
                    &t.description,
                    &t.mime_type,
                )
            })
            .sum(),
        prompts: prompts.iter().map(prompt).sum(),
        discover: count(discover_tools),
    }
}

/// Thousands separated by commas, as the reports print counts.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_o200k_base_tokens() {
        // The counts tiktoken-rs gives with o200k_base too.
        assert_eq!(count("Hello, world!"), 4);
        assert_eq!(count(""), 0);
        assert_eq!(count(r#"{"type":"object","properties":{}}"#), 9);
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(370_512), "370,512");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }
}
