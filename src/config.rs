//! `mcp-gen.toml` and the `x-mcp` spec extension: customization without
//! forking the spec or the generated code.
//!
//! Both say the same things about an operation ([`OperationSettings`]); the
//! config file wins where both do. The file also selects operations and
//! declares prompts. Unknown keys are errors that suggest the nearest valid
//! key: a misspelt setting that is silently ignored is worse than none.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Location, Result};

/// The name mcp-gen looks for next to the spec.
pub(crate) const FILE_NAME: &str = "mcp-gen.toml";

/// The contents of `mcp-gen.toml`. The default, used when there is no file,
/// keeps every operation and changes nothing.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// When any filter is given, only operations matching one are kept.
    #[serde(default)]
    pub include: Vec<Filter>,
    /// Operations matching any of these are left out.
    #[serde(default)]
    pub exclude: Vec<Filter>,
    /// Settings per operation, keyed by operationId, tool name or `METHOD /path`.
    #[serde(default)]
    pub operations: BTreeMap<String, OperationSettings>,
    /// Prompts the server offers besides the tag prompts. Their names come
    /// first: a tag prompt whose name one takes gets a numbered name.
    #[serde(default)]
    pub prompts: Vec<Prompt>,
    /// Security schemes the spec does not declare (GitHub's declares
    /// none), as OpenAPI Security Scheme Objects keyed by name: `type =
    /// "http"` with `scheme = "bearer"` or `"basic"`, `type = "apiKey"`
    /// with `in` and `name`, or `type = "oauth2"` with `flows`. Their
    /// credentials come from the same environment variables as the spec's.
    #[serde(default)]
    pub security_schemes: BTreeMap<String, openapiv3::SecurityScheme>,
    /// Which operations need which schemes; the first rule that selects an
    /// operation replaces its spec's requirement.
    #[serde(default)]
    pub security: Vec<SecurityRule>,
    /// How tags become toolsets, and which the server enables by default.
    #[serde(default)]
    pub toolsets: ToolsetsConfig,
    /// How the server lists its tools.
    #[serde(default)]
    pub tools: ToolsConfig,
}

/// `[toolsets]`: toolsets are the spec's tags (an untagged operation's is
/// its first path segment), named in kebab case.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToolsetsConfig {
    /// Tag (as written, or as its toolset name) to toolset name; several
    /// tags renamed to one name merge into one toolset.
    #[serde(default)]
    pub rename: BTreeMap<String, String>,
    /// The toolsets a server enables when started without `--toolsets`;
    /// all of them when absent.
    pub default: Option<Vec<String>>,
}

/// `[tools]`: how the server lists its tools.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToolsConfig {
    /// `direct` (one tool per operation) or `discover` (three meta-tools
    /// that search, describe and call operations); by default, `discover`
    /// when the direct `tools/list` would exceed `budget`.
    pub mode: Option<ToolMode>,
    /// Tokens (o200k_base) of the direct `tools/list` above which the
    /// server starts in discovery mode; 20,000 when absent.
    pub budget: Option<usize>,
    /// `false` embeds no `outputSchema`s (the server's `--output-schemas
    /// off` drops them at run time); they are on when absent.
    pub output_schemas: Option<bool>,
    /// `false` gives no tool or template the `jq` argument (the server's
    /// `--jq off` drops it at run time); it is on when absent.
    pub jq: Option<bool>,
}

/// How a server lists its tools (its `--tool-mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ToolMode {
    /// One tool per operation.
    Direct,
    /// `search_operations`, `describe_operation` and `call_operation`.
    Discover,
}

/// Operations that need credentials: those every filter field selects, all
/// of them when the rule sets no field.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityRule {
    /// The schemes each call sends, all of them, by their key in
    /// `security_schemes` or the spec's `components.securitySchemes`.
    pub schemes: Vec<String>,
    /// Calls may also go without credentials when none are set (an API
    /// that serves anonymous callers with lower limits).
    #[serde(default)]
    pub optional: bool,
    /// As in [`Filter::tags`].
    #[serde(default)]
    pub tags: Vec<String>,
    /// As in [`Filter::paths`].
    #[serde(default)]
    pub paths: Vec<String>,
    /// As in [`Filter::operations`].
    #[serde(default)]
    pub operations: Vec<String>,
    /// As in [`Filter::methods`].
    #[serde(default)]
    pub methods: Vec<String>,
}

/// Matches an operation when every field given matches (one of its values).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    /// Tags, as in the operation's `tags`; one shared tag matches.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Path globs: `*` stays within a segment, `**` spans segments.
    #[serde(default)]
    pub paths: Vec<String>,
    /// operationIds or tool names.
    #[serde(default)]
    pub operations: Vec<String>,
    /// HTTP methods, in any case.
    #[serde(default)]
    pub methods: Vec<String>,
}

/// What one operation becomes, when the default mapping is not wanted.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationSettings {
    /// The tool (or resource) name.
    pub name: Option<String>,
    /// What the operation becomes, instead of what its method implies.
    pub kind: Option<Kind>,
    /// The description a model reads, replacing the one built from the
    /// summary, description, method and path.
    pub description: Option<String>,
    /// The tool's display name (the MCP tool `title`).
    pub title: Option<String>,
    /// Overrides of the tool's behaviour hints.
    #[serde(default)]
    pub annotations: Annotations,
}

/// What an operation becomes. `resource` and `template` both ask for a
/// resource; which one it is follows from the operation (a template when
/// it takes path or query parameters), and mcp-gen warns when the setting
/// names the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// An MCP tool, whatever the method.
    Tool,
    /// An MCP resource, or a template when the operation takes parameters.
    Resource,
    /// An MCP resource template, or a plain resource when the operation
    /// takes no parameters.
    Template,
    /// Not exposed in MCP at all; the client keeps its function.
    Skip,
}

/// Tool annotation overrides (the MCP `ToolAnnotations` hints); absent keys
/// keep the HTTP-derived hints.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Annotations {
    /// `readOnlyHint`: the tool changes nothing. Default: true for GET, HEAD
    /// and OPTIONS.
    pub read_only: Option<bool>,
    /// `destructiveHint`: the tool may delete or overwrite. Default: true for
    /// DELETE.
    pub destructive: Option<bool>,
    /// `idempotentHint`: repeating a call has no further effect. Default:
    /// true for GET, HEAD, OPTIONS, PUT and DELETE.
    pub idempotent: Option<bool>,
    /// `openWorldHint`: the tool reaches outside entities. Default: true.
    pub open_world: Option<bool>,
}

/// A prompt of the user's: `{argument}` in `text` is replaced by its value.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prompt {
    /// The name clients ask for in MCP `prompts/get`.
    pub name: String,
    /// What the prompt is for, as `prompts/list` shows it; empty when absent.
    pub description: Option<String>,
    /// The arguments `text` may use.
    #[serde(default)]
    pub arguments: Vec<PromptArgument>,
    /// The user message the prompt returns, with `{argument}` placeholders;
    /// `{{` and `}}` are literal braces.
    pub text: String,
}

/// An argument of a [`Prompt`] (MCP `PromptArgument`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromptArgument {
    /// The name its `{name}` placeholder uses.
    pub name: String,
    /// What the argument is, for clients that ask for it; empty when absent.
    pub description: Option<String>,
    /// The prompt cannot be filled in without it. Default: false.
    #[serde(default)]
    pub required: bool,
    /// The values `completion/complete` offers for the argument, as in a
    /// JSON Schema `enum`. They are suggestions: any text is accepted.
    #[serde(default, rename = "enum")]
    pub values: Vec<String>,
}

impl OperationSettings {
    /// `self`, with every setting `over` makes replacing it.
    pub(crate) fn merged(mut self, over: &OperationSettings) -> OperationSettings {
        let pick = |a: &mut Option<_>, b: &Option<_>| {
            if b.is_some() {
                a.clone_from(b);
            }
        };
        pick(&mut self.name, &over.name);
        if over.kind.is_some() {
            self.kind = over.kind;
        }
        pick(&mut self.description, &over.description);
        pick(&mut self.title, &over.title);
        let (a, b) = (&mut self.annotations, &over.annotations);
        for (mine, theirs) in [
            (&mut a.read_only, b.read_only),
            (&mut a.destructive, b.destructive),
            (&mut a.idempotent, b.idempotent),
            (&mut a.open_world, b.open_world),
        ] {
            if theirs.is_some() {
                *mine = theirs;
            }
        }
        self
    }

    /// Reads an `x-mcp` extension found at `pointer` in `file`.
    ///
    /// # Errors
    ///
    /// [`Error::Spec`] at the offending key when the extension has an
    /// unknown key or a value of the wrong type.
    pub(crate) fn from_extension(
        file: &Path,
        pointer: &str,
        value: &serde_json::Value,
    ) -> Result<Self> {
        serde_path_to_error::deserialize(value).map_err(|e| {
            let inner = e.path().to_string();
            let at = if inner == "." {
                pointer.to_string()
            } else {
                format!("{pointer}/{}", inner.replace('.', "/"))
            };
            Error::spec(
                file,
                Location::Pointer(at),
                format!("invalid `x-mcp`: {}", with_suggestion(&e.into_inner().to_string())),
                "x-mcp takes name, kind (tool, resource, template or skip), description, title and annotations",
            )
        })
    }
}

impl Filter {
    /// Whether the operation matches every field this filter sets.
    fn matches(&self, op: &OperationKey<'_>) -> bool {
        selects(&self.tags, &self.paths, &self.operations, &self.methods, op)
    }
}

/// Whether `op` matches every non-empty list: one of its tags, a path
/// glob, an operation name, a method.
fn selects(
    tags: &[String],
    paths: &[String],
    operations: &[String],
    methods: &[String],
    op: &OperationKey<'_>,
) -> bool {
    (tags.is_empty() || op.tags.iter().any(|t| tags.contains(t)))
        && (paths.is_empty() || paths.iter().any(|g| glob(g, op.path)))
        && (operations.is_empty() || operations.iter().any(|o| op.is(o)))
        && (methods.is_empty() || methods.iter().any(|m| m.eq_ignore_ascii_case(op.method)))
}

/// How config entries can name an operation.
pub(crate) struct OperationKey<'a> {
    /// The spec's `operationId`, if it gives one.
    pub operation_id: Option<&'a str>,
    /// The default tool name, before any rename.
    pub tool_name: &'a str,
    /// The HTTP method, uppercase.
    pub method: &'a str,
    /// The path template, e.g. `/books/{id}`.
    pub path: &'a str,
    /// The operation's tags.
    pub tags: &'a [String],
}

impl OperationKey<'_> {
    /// Whether `key` names this operation: its operationId, its default tool
    /// name, or `METHOD /path`.
    pub(crate) fn is(&self, key: &str) -> bool {
        self.operation_id == Some(key)
            || self.tool_name == key
            || key
                .split_once(' ')
                .is_some_and(|(m, p)| m.eq_ignore_ascii_case(self.method) && p == self.path)
    }
}

impl Config {
    /// Whether an operation is generated at all.
    pub(crate) fn selects(&self, op: &OperationKey<'_>) -> bool {
        (self.include.is_empty() || self.include.iter().any(|f| f.matches(op)))
            && !self.exclude.iter().any(|f| f.matches(op))
    }

    /// The first security rule that selects the operation, if any.
    pub(crate) fn security_rule(&self, op: &OperationKey<'_>) -> Option<&SecurityRule> {
        self.security
            .iter()
            .find(|r| selects(&r.tags, &r.paths, &r.operations, &r.methods, op))
    }

    /// The file's settings for an operation, if it has any, with the key
    /// they are written under.
    pub(crate) fn settings(&self, op: &OperationKey<'_>) -> Option<(&str, &OperationSettings)> {
        self.operations
            .iter()
            .find(|(key, _)| op.is(key))
            .map(|(key, s)| (key.as_str(), s))
    }
}

/// Finds the config: `explicit`, or `mcp-gen.toml` beside the spec.
pub(crate) fn locate(spec: &Path, explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(path) = explicit {
        return Some(path.to_path_buf());
    }
    if spec.as_os_str() == "-" {
        return None;
    }
    let dir = match spec.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let beside = dir.join(FILE_NAME);
    beside.is_file().then_some(beside)
}

/// Reads and checks a config file, returning it and its text.
///
/// # Errors
///
/// [`Error::Spec`] when the file cannot be read, is not valid TOML, has an
/// unknown key or a value of the wrong type, or has a prompt whose text
/// uses a placeholder that is not one of its arguments.
pub(crate) fn load(path: &Path) -> Result<(Config, String)> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::spec(
            path,
            Location::File,
            format!("cannot read the config: {e}"),
            "check the path given to --config",
        )
    })?;
    let config: Config = toml::from_str(&text).map_err(|e| {
        let (line, column) = e
            .span()
            .map(|span| crate::load::line_column(text.as_bytes(), span.start))
            .unwrap_or((1, 1));
        Error::spec(
            path,
            Location::Line { line, column },
            with_suggestion(e.message().trim()),
            "see the mcp-gen README for the keys mcp-gen.toml accepts",
        )
    })?;
    for (i, prompt) in config.prompts.iter().enumerate() {
        for placeholder in placeholders(&prompt.text) {
            if !prompt.arguments.iter().any(|a| a.name == placeholder) {
                let names: Vec<&str> = prompt.arguments.iter().map(|a| a.name.as_str()).collect();
                return Err(Error::spec(
                    path,
                    Location::Pointer(format!("/prompts/{i}/text")),
                    format!(
                        "prompt `{}` uses `{{{placeholder}}}`, which is not one of its arguments{}",
                        prompt.name,
                        nearest(&placeholder, &names)
                            .map(|n| format!(" (did you mean `{n}`?)"))
                            .unwrap_or_default()
                    ),
                    "declare it under the prompt's `arguments`, or write `{{` for a literal brace",
                ));
            }
        }
    }
    Ok((config, text))
}

/// The `{name}` placeholders of a prompt text; `{{` and `}}` are literal braces.
fn placeholders(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        if rest[start..].starts_with("{{") {
            rest = &rest[start + 2..];
            continue;
        }
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        found.push(rest[start + 1..start + len].to_string());
        rest = &rest[start + len + 1..];
    }
    found
}

/// Adds "did you mean" to serde's "unknown field `x`, expected one of ..." errors.
fn with_suggestion(message: &str) -> String {
    let unknown = ["unknown field `", "unknown variant `"]
        .iter()
        .find_map(|prefix| message.split_once(prefix))
        .and_then(|(_, rest)| rest.split_once('`'));
    let Some((word, rest)) = unknown else {
        return message.to_string();
    };
    let valid: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    match nearest(word, &valid) {
        Some(best) => format!("{message} (did you mean `{best}`?)"),
        None => message.to_string(),
    }
}

/// The candidate closest to `word` by edit distance, if it is close enough
/// to be a likely typo.
pub(crate) fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (distance(word, c), *c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(1))
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance over chars.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Path glob: `*` matches within one segment, `**` any number of segments.
fn glob(pattern: &str, path: &str) -> bool {
    fn go(p: &[&str], s: &[&str]) -> bool {
        match (p.first(), s.first()) {
            (None, None) => true,
            (Some(&"**"), _) => go(&p[1..], s) || (!s.is_empty() && go(p, &s[1..])),
            (Some(seg), Some(part)) => segment(seg, part) && go(&p[1..], &s[1..]),
            _ => false,
        }
    }
    fn segment(p: &str, s: &str) -> bool {
        match p.split_once('*') {
            None => p == s,
            Some((head, tail)) => {
                s.starts_with(head)
                    && (0..=s.len() - head.len()).any(|i| {
                        s.is_char_boundary(head.len() + i) && segment(tail, &s[head.len() + i..])
                    })
            }
        }
    }
    let p: Vec<&str> = pattern.trim_matches('/').split('/').collect();
    let s: Vec<&str> = path.trim_matches('/').split('/').collect();
    go(&p, &s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_within_and_across_segments() {
        assert!(glob("/books/*", "/books/{id}"));
        assert!(!glob("/books/*", "/books/{id}/reviews"));
        assert!(glob("/books/**", "/books/{id}/reviews"));
        assert!(glob("/books/**", "/books"));
        assert!(glob("/**/reviews", "/books/{id}/reviews"));
        assert!(glob("/admin*", "/admin-tools"));
        assert!(!glob("/admin*", "/books"));
    }

    #[test]
    fn suggestions_find_typos_only() {
        assert_eq!(
            nearest("exlude", &["include", "exclude", "prompts"]),
            Some("exclude")
        );
        assert_eq!(nearest("zzz", &["include", "exclude"]), None);
        assert_eq!(
            with_suggestion(
                "unknown field `promts`, expected one of `include`, `exclude`, `operations`, `prompts`"
            ),
            "unknown field `promts`, expected one of `include`, `exclude`, `operations`, `prompts` (did you mean `prompts`?)"
        );
    }

    #[test]
    fn placeholders_skip_literal_braces() {
        assert_eq!(
            placeholders("Find {title} by {{author}} in {year}"),
            vec!["title", "year"]
        );
    }
}
