//! Which tools, resources and prompts a server shows and lets clients call:
//! the server's `--toolsets`, `--tools`, `--exclude-tools` and
//! `--read-only`, narrowed per HTTP request by `X-MCP-Toolsets`,
//! `X-MCP-Tools` and `X-MCP-Readonly`. A submodule of `runtime`, whose items
//! it re-exports.
//!
//! An item is visible when its toolset is enabled or its tool is named,
//! it is not excluded, and under read-only it changes nothing. Headers go
//! through the same test, after the flags: they can only narrow.

use std::collections::BTreeSet;

/// What one tool, resource or template is, for the selection.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    /// The tool name (a resource's is its operation's tool name).
    pub name: &'a str,
    /// The toolsets it is in.
    pub toolsets: &'a [&'a str],
    /// It changes nothing (`readOnlyHint`); resources always.
    pub read_only: bool,
}

/// One layer of choices: the server's flags, or a request's headers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Layer {
    /// Enabled toolsets; `None` enables all.
    toolsets: Option<BTreeSet<String>>,
    /// Tools enabled by name, whatever their toolset.
    tools: BTreeSet<String>,
    /// Tools never shown.
    excluded: BTreeSet<String>,
    read_only: bool,
}

impl Layer {
    fn allows(&self, item: &Item<'_>) -> bool {
        let enabled = match &self.toolsets {
            None => true,
            Some(sets) => item.toolsets.iter().any(|t| sets.contains(*t)),
        };
        (enabled || self.tools.contains(item.name))
            && !self.excluded.contains(item.name)
            && (item.read_only || !self.read_only)
    }
}

/// The server's selection, and a request's narrowing of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    flags: Layer,
    /// `None` outside HTTP, or when a request sends none of the headers.
    headers: Option<Layer>,
}

/// The words of a comma-separated list, trimmed, empty ones dropped.
fn words(list: &[String]) -> BTreeSet<String> {
    list.iter()
        .flat_map(|item| item.split(','))
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

impl Selection {
    /// The selection of the server's flags. `toolsets` is `--toolsets`
    /// (`all` enables every toolset; absent, the `default` ones, or none
    /// when `--tools` is given); names are checked against `known_toolsets`
    /// and `known_tools`.
    ///
    /// # Errors
    ///
    /// A message naming an unknown toolset or tool, and the valid ones.
    pub fn from_flags(
        toolsets: Option<&[String]>,
        default: Option<&[&str]>,
        tools: &[String],
        excluded: &[String],
        read_only: bool,
        known_toolsets: &[&str],
        known_tools: &[&str],
    ) -> Result<Selection, String> {
        let tools = words(tools);
        let excluded = words(excluded);
        let toolsets = match toolsets.map(words) {
            Some(sets) if sets.contains("all") => None,
            Some(sets) => Some(sets),
            None if !tools.is_empty() => Some(BTreeSet::new()),
            None => default.map(|d| d.iter().map(|s| s.to_string()).collect()),
        };
        for set in toolsets.iter().flatten() {
            if !known_toolsets.contains(&set.as_str()) {
                return Err(format!(
                    "--toolsets: `{set}` is not a toolset; the toolsets are all, {}",
                    known_toolsets.join(", ")
                ));
            }
        }
        for (flag, names) in [("--tools", &tools), ("--exclude-tools", &excluded)] {
            if let Some(unknown) = names.iter().find(|n| !known_tools.contains(&n.as_str())) {
                return Err(format!("{flag}: `{unknown}` is not a tool of this server"));
            }
        }
        Ok(Selection {
            flags: Layer {
                toolsets,
                tools,
                excluded,
                read_only,
            },
            headers: None,
        })
    }

    /// This selection narrowed by a request's `X-MCP-Toolsets`,
    /// `X-MCP-Tools` and `X-MCP-Readonly` headers (values as in the flags;
    /// `X-MCP-Readonly` is `true` or `1`). Unknown names select nothing,
    /// and no header can show what the flags hide.
    pub fn narrowed(&self, headers: &reqwest::header::HeaderMap) -> Selection {
        let value = |name: &str| -> Option<String> {
            headers
                .get_all(name)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .map(str::to_string)
                .reduce(|a, b| format!("{a},{b}"))
        };
        let (toolsets, tools, read_only) = (
            value("x-mcp-toolsets"),
            value("x-mcp-tools"),
            value("x-mcp-readonly"),
        );
        if toolsets.is_none() && tools.is_none() && read_only.is_none() {
            return self.clone();
        }
        let tools = words(&tools.into_iter().collect::<Vec<_>>());
        let toolsets = match toolsets.map(|t| words(&[t])) {
            Some(sets) if sets.contains("all") => None,
            Some(sets) => Some(sets),
            None if !tools.is_empty() => Some(BTreeSet::new()),
            None => None,
        };
        let read_only = read_only.is_some_and(|v| matches!(v.trim(), "true" | "1"));
        Selection {
            flags: self.flags.clone(),
            headers: Some(Layer {
                toolsets,
                tools,
                excluded: BTreeSet::new(),
                read_only,
            }),
        }
    }

    /// Whether clients see and may call `item`.
    pub fn allows(&self, item: &Item<'_>) -> bool {
        self.flags.allows(item) && self.headers.as_ref().is_none_or(|h| h.allows(item))
    }

    /// Why `item` is not available, naming the flag or header that would
    /// enable it; `None` when it is.
    pub fn refusal(&self, item: &Item<'_>) -> Option<String> {
        let name = item.name;
        let sets = item.toolsets.join(", ");
        let why = |layer: &Layer, toolsets: &str, tools: &str, read_only: &str| {
            if layer.allows(item) {
                return None;
            }
            Some(if layer.excluded.contains(name) {
                format!("the tool `{name}` is excluded by --exclude-tools")
            } else if layer.read_only && !item.read_only {
                format!(
                    "the tool `{name}` changes data, and {read_only} allows only read-only tools"
                )
            } else {
                format!(
                    "the tool `{name}` is in the toolset `{sets}`, which is not enabled: add it to {toolsets}, or name the tool in {tools}"
                )
            })
        };
        why(&self.flags, "--toolsets", "--tools", "--read-only").or_else(|| {
            self.headers.as_ref().and_then(|h| {
                why(
                    h,
                    "the X-MCP-Toolsets header",
                    "X-MCP-Tools",
                    "the X-MCP-Readonly header",
                )
            })
        })
    }
}
