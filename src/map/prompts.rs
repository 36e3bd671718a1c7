//! MCP prompts: one per tag, which tells the model what the tag's
//! operations are called in MCP and how they fit together, plus the
//! prompts declared in `mcp-gen.toml`.
//!
//! Tag prompts are written from the same views the server is built from,
//! so every name they mention is one the server really has.

use serde::Serialize;

use super::features::Features;
use super::{ResourceTemplateView, ResourceView, ToolView};
use crate::config::Prompt;
use crate::model::Api;
use crate::model::names::{Namer, snake_ident};

#[derive(Debug, Serialize)]
pub struct PromptView {
    /// The `cfg` predicate that gates this item, for APIs built by feature.
    pub cfg: Option<String>,
    pub name: String,
    pub description: String,
    pub arguments: Vec<PromptArgView>,
    /// The message text; `{argument}` is replaced by the argument's value,
    /// `{{` and `}}` are literal braces.
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct PromptArgView {
    pub name: String,
    pub description: String,
    pub required: bool,
}

/// What one operation became.
#[derive(Default)]
struct Exposures<'v> {
    tools: Vec<&'v ToolView>,
    resources: Vec<&'v ResourceView>,
    resource_templates: Vec<&'v ResourceTemplateView>,
}

/// The tag prompts, then the user's; a user prompt replaces a tag prompt
/// of the same name.
pub fn prompts(
    api: &Api,
    tools: &[ToolView],
    resources: &[ResourceView],
    resource_templates: &[ResourceTemplateView],
    features: Option<&Features>,
    user: &[Prompt],
) -> Vec<PromptView> {
    let mut tags: Vec<&str> = Vec::new();
    for op in &api.operations {
        for tag in &op.tags {
            if !tags.contains(&tag.as_str()) {
                tags.push(tag);
            }
        }
    }
    let mut names = Namer::default();
    for prompt in user {
        names.reserve(&prompt.name);
    }
    // Each operation's tools, resources and templates, found once: large
    // APIs have thousands of tags and operations.
    let mut by_op: std::collections::HashMap<&str, Exposures<'_>> =
        std::collections::HashMap::new();
    for t in tools {
        by_op.entry(t.op.as_str()).or_default().tools.push(t);
    }
    for r in resources {
        by_op.entry(r.op.as_str()).or_default().resources.push(r);
    }
    for t in resource_templates {
        by_op
            .entry(t.op.as_str())
            .or_default()
            .resource_templates
            .push(t);
    }
    let mut ops_by_tag: std::collections::HashMap<&str, Vec<usize>> =
        std::collections::HashMap::new();
    for (i, op) in api.operations.iter().enumerate() {
        for tag in &op.tags {
            let ops = ops_by_tag.entry(tag.as_str()).or_default();
            if ops.last() != Some(&i) {
                ops.push(i);
            }
        }
    }
    let none = Exposures::default();
    let mut views = Vec::new();
    for tag in tags {
        let mut reads = Vec::new();
        let mut changes = Vec::new();
        // Every feature whose operations the prompt names: it exists only
        // when all of them are built, so it never names a missing tool.
        let mut needed: Vec<&str> = Vec::new();
        for &i in ops_by_tag.get(tag).map(Vec::as_slice).unwrap_or_default() {
            let op = &api.operations[i];
            if let Some(f) = features.map(|f| f.of_operation[i].as_str())
                && !needed.contains(&f)
            {
                needed.push(f);
            }
            let exposed = by_op.get(super::client::table_name(op).as_str()).unwrap_or(&none);
            for t in &exposed.tools {
                let marker = marker(if t.switchable { TOOL } else { ALWAYS }, &op.name);
                let line = format!("{marker}- tool `{}`: {}", t.name, escaped(&t.summary));
                if t.read_only {
                    reads.push(line);
                } else {
                    let warning = if t.destructive {
                        " (destructive: confirm with the user first)"
                    } else {
                        ""
                    };
                    changes.push(format!("{line}{warning}"));
                }
            }
            for r in &exposed.resources {
                let marker = marker(if r.switchable { RESOURCE } else { ALWAYS }, &op.name);
                reads.push(format!(
                    "{marker}- resource `{}`: {}",
                    escaped(&r.uri),
                    escaped(&r.summary)
                ));
            }
            for t in &exposed.resource_templates {
                let marker = marker(if t.switchable { RESOURCE } else { ALWAYS }, &op.name);
                reads.push(format!(
                    "{marker}- resource template `{}`: {}",
                    escaped(&t.uri_template),
                    escaped(&t.summary)
                ));
            }
        }
        if reads.is_empty() && changes.is_empty() {
            continue;
        }
        let title = escaped(&api.title);
        let shown_tag = escaped(tag);
        let mut text = format!(
            "You can work with the `{shown_tag}` part of {title} through these MCP tools and resources.\n"
        );
        // Each section's blank line and heading are shown only with one of
        // its lines (see `marker`).
        for (heading, lines) in [
            ("To look things up (no side effects):", &reads),
            ("To make changes:", &changes),
        ] {
            if !lines.is_empty() {
                let heading_marker = marker(HEADING, "");
                text.push_str(&format!("{heading_marker}\n{heading_marker}{heading}\n"));
                text.push_str(&lines.join("\n"));
                text.push('\n');
            }
        }
        text.push_str(
            "\nUse them together: look things up first to learn the identifiers the other \
             operations take, then make one change at a time and check each result. An \
             error result carries the API's HTTP status and message; read it before retrying.\n\n{task}",
        );
        views.push(PromptView {
            cfg: match needed.as_slice() {
                [] => None,
                [one] => Some(format!("feature = \"{one}\"")),
                many => Some(format!(
                    "all({})",
                    many.iter()
                        .map(|f| format!("feature = \"{f}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            },
            name: names.claim(&format!("{}_guide", snake_ident(tag, "tag")), "_"),
            description: format!(
                "How to use the `{tag}` operations of {} together.",
                api.title
            ),
            arguments: vec![PromptArgView {
                name: "task".into(),
                description: "What you want to get done, if you know already.".into(),
                required: false,
            }],
            text,
        });
    }
    for prompt in user {
        views.push(PromptView {
            cfg: None,
            name: prompt.name.clone(),
            description: prompt.description.clone().unwrap_or_default(),
            arguments: prompt
                .arguments
                .iter()
                .map(|a| PromptArgView {
                    name: a.name.clone(),
                    description: a.description.clone().unwrap_or_default(),
                    required: a.required,
                })
                .collect(),
            text: prompt.text.clone(),
        });
    }
    views
}

/// Spec text inside a prompt text, where a brace would read as a placeholder
/// (`{task}`): braces are doubled, which [`crate::config::placeholders`] and
/// the server read as literal braces, and the line markers' bytes are
/// dropped.
fn escaped(text: &str) -> String {
    text.replace('{', "{{")
        .replace('}', "}}")
        .replace(['\u{1}', '\u{2}'], " ")
}

/// Starts a prompt line about an operation's tool, resource or template:
/// `\u{1}`, the kind, the operation's tool name, `\u{2}`. The server keeps
/// the line, without the marker, when clients see what it names under
/// `--get-as` and the tool selection (the runtime's `GetAs::prompt_text`),
/// and drops it otherwise; a [`HEADING`] line only when a line after it is
/// kept. Spec text cannot carry the bytes: [`escaped`] removes them.
fn marker(kind: char, operation: &str) -> String {
    format!("\u{1}{kind}{operation}\u{2}")
}

/// A GET's tool, shown unless the server runs with `--get-as resources`.
const TOOL: char = 'T';

/// A GET's resource or template, shown unless the server runs with
/// `--get-as tools`.
const RESOURCE: char = 'R';

/// A tool or resource that is one whatever `--get-as` says.
const ALWAYS: char = 'A';

/// A section's heading (or the blank line before it).
const HEADING: char = 'H';
