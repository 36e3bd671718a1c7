//! What the server's `--help`, mcp-gen's summary and the README say about
//! toolsets and the tool mode, from the model's toolsets and the token
//! budget.

use serde::Serialize;

use super::budget::{self, Tokens, grouped};
use super::view::{ResourceTemplateView, ToolView};
use crate::config::{ToolMode, ToolsConfig};
use crate::model::toolsets::Toolset;

/// A toolset, for the reports.
#[derive(Debug, Clone, Serialize)]
pub struct ToolsetView {
    /// Its name in `--toolsets` and `X-MCP-Toolsets`.
    pub name: String,
    /// The tags (or path segments) it gathers.
    pub sources: Vec<String>,
    /// Enabled when the server starts without `--toolsets`.
    pub default: bool,
    /// Tools it lists under the default `--get-as`.
    pub tools: usize,
    /// Tokens of those tools' `tools/list` entries.
    pub tokens: usize,
}

/// The token budget and what it decided.
#[derive(Debug, Clone, Serialize)]
pub struct BudgetView {
    /// Tokens of each list.
    pub tokens: Tokens,
    /// The budget of the direct `tools/list`.
    pub budget: usize,
    /// The mode the server starts in without `--tool-mode`.
    pub tool_mode: ToolMode,
    /// Whether the budget chose the mode (no `[tools] mode`).
    pub mode_by_budget: bool,
}

/// Each tool's tokens, in the order of `tools`; a tool that shares a
/// template's schema is counted with that schema.
pub fn tool_tokens(tools: &[ToolView], templates: &[ResourceTemplateView]) -> Vec<usize> {
    let schemas: std::collections::HashMap<&str, &str> = templates
        .iter()
        .map(|r| (r.const_name.as_str(), r.schema.as_str()))
        .collect();
    let count = |t: &ToolView| {
        let schema = match &t.schema_of {
            Some(name) => schemas.get(name.as_str()).copied().unwrap_or("{}"),
            None => t.schema.as_str(),
        };
        budget::tool(t, schema)
    };
    // Counting is a third of mapping msgraph (11,422 tools, 1.2 s), so it
    // runs on two threads, as rendering does.
    super::in_two_halves(tools, |half| half.iter().map(count).collect())
}

/// The toolsets with their listed tools and tokens.
pub fn views(toolsets: &[Toolset], tools: &[ToolView], tool_tokens: &[usize]) -> Vec<ToolsetView> {
    toolsets
        .iter()
        .map(|t| {
            let (mut count, mut tokens) = (0, 0);
            for (tool, n) in tools.iter().zip(tool_tokens) {
                if tool.listed && tool.toolsets.contains(&t.name) {
                    count += 1;
                    tokens += n;
                }
            }
            ToolsetView {
                name: t.name.clone(),
                sources: t.sources.clone(),
                default: t.default,
                tools: count,
                tokens,
            }
        })
        .collect()
}

/// The default tool mode: the config's, or discovery when the direct list
/// is over the budget.
pub fn budget_view(tokens: Tokens, config: &ToolsConfig) -> BudgetView {
    let budget = config.budget.unwrap_or(budget::DEFAULT_BUDGET);
    let (tool_mode, mode_by_budget) = match config.mode {
        Some(mode) => (mode, false),
        None if tokens.tools > budget => (ToolMode::Discover, true),
        None => (ToolMode::Direct, true),
    };
    BudgetView {
        tokens,
        budget,
        tool_mode,
        mode_by_budget,
    }
}

/// The toolsets part of the server's `--help`.
pub fn help(toolsets: &[ToolsetView]) -> String {
    if toolsets.is_empty() {
        return String::new();
    }
    let mut text =
        String::from("Toolsets (--toolsets; tools, and the tokens of their tools/list entries):\n");
    for t in toolsets {
        text.push_str(&format!(
            "  {}{}: {} tool{}, {} tokens\n",
            t.name,
            if t.default { " (default)" } else { "" },
            t.tools,
            if t.tools == 1 { "" } else { "s" },
            grouped(t.tokens)
        ));
    }
    text.push('\n');
    text
}

/// mcp-gen's summary line about the budget.
pub fn summary(view: &BudgetView) -> String {
    let tokens = &view.tokens;
    let mode = match (view.tool_mode, view.mode_by_budget) {
        (ToolMode::Discover, true) => format!(
            "over the {}-token budget, so the server starts in discovery mode ({} tokens; `--tool-mode direct` lists every tool)",
            grouped(view.budget),
            grouped(tokens.discover)
        ),
        (ToolMode::Direct, true) => format!(
            "within the {}-token budget, so the server lists every tool",
            grouped(view.budget)
        ),
        (ToolMode::Discover, false) => format!(
            "the server starts in discovery mode, as mcp-gen.toml says ({} tokens)",
            grouped(tokens.discover)
        ),
        (ToolMode::Direct, false) => {
            "the server lists every tool, as mcp-gen.toml says".to_string()
        }
    };
    format!(
        "tools/list takes {} tokens (o200k_base), {mode}; resources/list {}, resources/templates/list {}, prompts/list {}.",
        grouped(tokens.tools),
        grouped(tokens.resources),
        grouped(tokens.resource_templates),
        grouped(tokens.prompts)
    )
}
